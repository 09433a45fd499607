// kubectl delete TYPE NAME…
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';
import { resolveResourceType } from '../../api/resources.js';
import { deleteObject } from '../../api/admission.js';

export function register(program: Command): void {
  program
    .command('delete')
    .description('Delete resources by type and names')
    .argument('[type]', 'resource type')
    .argument('[names...]', 'object names')
    .action(async (type: string | undefined, names: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      if (!type) throw new ClientError('You must provide one or more resources by argument or filename.');
      const rt = resolveResourceType(type);
      if (!rt) throw new ClientError(`the server doesn't have a resource type "${type}"`);
      const lines = await updateCluster(g, (c) => names.map((n) => (deleteObject(c, rt, g.namespace, n), `${rt.singular} "${n}" deleted`)));
      out(lines.join('\n'));
    });
}
