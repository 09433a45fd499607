// kubesim dig [@SERVER] NAME [TYPE] [+short] [+search] [-x IP] [--from POD|node/NAME|outside] [-n NS]:
// BIND's dig, run from a client of the cluster (default: a throwaway pod in the namespace).
import type { Command } from 'commander';
import { globals, readCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('dig')
    .description('Query the cluster DNS (or another server) as dig would, from a pod, a node or outside')
    .argument('[args...]', 'dig arguments: [@SERVER] NAME [TYPE] [+short] [+search] [-x IP] …')
    .option('--from <client>', 'Who asks: POD, node/NAME or outside (default: a throwaway pod in the namespace)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[], opts: { from?: string }, cmd: Command) => {
      const g = globals(cmd);
      const [{ resolveClient }, { runDig }] = await Promise.all([import('../../dataplane/client.js'), import('../../dataplane/dns/dig.js')]);
      const cluster = await readCluster(g);
      const client = resolveClient(cluster, opts.from, g.namespace);
      const r = runDig(cluster, client, args, { int: (n) => cluster.random.int(n), now: cluster.now });
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });
}
