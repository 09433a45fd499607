// kubectl create: from manifests (-f), or one of the generators (deployment, service …) registered below.
import type { Command } from 'commander';
import { globals } from '../context.js';
import { registerCreateDeployment } from '../create/deployment.js';
import { registerCreateService } from '../create/service.js';

export function register(program: Command): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin, or with a generator subcommand')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) that contain the configuration to create')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('--dry-run [mode]', 'none, client or server: only print what would be sent')
    .option('--validate [mode]', 'strict (or true), warn, ignore (or false): how unknown fields are treated')
    .option('-o, --output <format>', 'Print the created objects: yaml, json or name')
    .action(async (opts, cmd: Command) => {
      const { runManifestCommand } = await import('../manifest-writes.js');
      await runManifestCommand(globals(cmd), opts, 'create');
    });
  // Generators: each registers itself as a subcommand of `create`.
  registerCreateDeployment(create);
  registerCreateService(create);
}
