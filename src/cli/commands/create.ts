// kubectl create: from manifests (-f), or one of the generators (deployment, service …) registered below.
import type { Command } from 'commander';
import { globals, out, err, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin, or with a generator subcommand')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) that contain the configuration to create')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('--dry-run <mode>', 'client or server: only print what would be sent')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      if (!opts.filename?.length) throw new ClientError('must specify one of -f and -k');
      const { readManifests, writeManifests } = await import('../manifest-writes.js');
      const docs = await readManifests(opts.filename, Boolean(opts.recursive));
      const result = await updateCluster(g, (c) => writeManifests(c, docs, 'create', g.namespace, opts.dryRun));
      if (result.lines.length) out(result.lines.join('\n'));
      if (result.errors.length) {
        err(result.errors.join('\n'));
        process.exitCode = 1;
      }
    });
  // Generators: each registers itself as a subcommand of `create`.
  void create;
}
