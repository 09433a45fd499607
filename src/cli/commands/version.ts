// kubesim version: the client and the simulated server version, as kubectl version prints them.
import type { Command } from 'commander';
import { VERSION } from '../main.js';
import { globals, out, readCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('version')
    .description('Print the kubesim version and the Kubernetes version it simulates')
    .addHelpText(
      'after',
      `
Examples:
  # The kubesim version and the Kubernetes version the cluster simulates
  kubesim version`,
    )
    .action(async (_opts, cmd: Command) => {
      const cluster = await readCluster(globals(cmd));
      out(`Client Version: kubesim ${VERSION}\nServer Version: ${cluster.config.kubernetesVersion} (simulated)`);
    });
}
