// kubectl apply -f: create or update objects from manifests.
import type { Command } from 'commander';
import { globals, out, err, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) that contain the configuration to apply')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('--dry-run <mode>', 'client or server: only print what would be sent')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      if (!opts.filename?.length) throw new ClientError('must specify one of -f and -k');
      const { readManifests, writeManifests } = await import('../manifest-writes.js');
      const docs = await readManifests(opts.filename, Boolean(opts.recursive));
      const result = await updateCluster(g, (c) => writeManifests(c, docs, 'apply', g.namespace, opts.dryRun));
      if (result.lines.length) out(result.lines.join('\n'));
      if (result.errors.length) {
        err(result.errors.join('\n'));
        process.exitCode = 1;
      }
    });
}
