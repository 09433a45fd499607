// kubectl apply -f: create or update objects from manifests (client-side apply with last-applied-configuration).
import type { Command } from 'commander';
import { globals } from '../context.js';

export function register(program: Command): void {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) that contain the configuration to apply')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('--dry-run [mode]', 'none, client or server: only print what would be sent')
    .option('--validate [mode]', 'strict (or true), warn, ignore (or false): how unknown fields are treated')
    .option('-o, --output <format>', 'Print the applied objects: yaml, json or name')
    .addHelpText(
      'after',
      `
Examples:
  # Apply the configuration in manifest.yaml to the cluster
  kubesim apply -f manifest.yaml

  # Apply every manifest in a folder (and its subfolders with -R)
  kubesim apply -f manifests/
  kubesim apply -R -f manifests/

  # Apply the YAML passed into stdin
  cat web.yaml | kubesim apply -f -

  # See what the API server would store, without changing the cluster
  kubesim apply -f manifests/01-currency-exchange.yaml --dry-run=server -o yaml`,
    )
    .action(async (opts, cmd: Command) => {
      const { runManifestCommand } = await import('../manifest-writes.js');
      await runManifestCommand(globals(cmd), opts, 'apply');
    });
}
