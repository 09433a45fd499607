// kubectl get: list objects as kubectl's tables (and, later, other output formats).
import type { Command } from 'commander';
import { globals, out, readCluster, err } from '../context.js';
import { resolveResourceType, qualifiedResource } from '../../api/resources.js';
import { ApiError, ClientError } from '../../api/errors.js';
import { COLUMNS } from '../printers/columns.js';
import { formatTable } from '../printers/table.js';

export function register(program: Command): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('<type>', 'resource type, e.g. svc, pods, deploy')
    .argument('[names...]', 'object names')
    .option('-o, --output <format>', 'Output format: wide')
    .action(async (type: string, names: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const o = cmd.opts();
      const rt = resolveResourceType(type);
      if (!rt) throw new ClientError(`the server doesn't have a resource type "${type}"`);
      const cluster = await readCluster(g);
      const ns = rt.namespaced && !g.allNamespaces ? g.namespace : undefined;
      let objs = cluster.list(rt.plural, ns);
      if (names.length) {
        objs = names.map((n) => {
          const obj = cluster.get(rt.plural, rt.namespaced ? g.namespace : undefined, n);
          if (!obj) throw ApiError.notFound(qualifiedResource(rt), n);
          return obj;
        });
      }
      if (objs.length === 0) {
        err(ns ? `No resources found in ${ns} namespace.` : 'No resources found');
        return;
      }
      const cols = COLUMNS[rt.plural];
      const wide = o.output === 'wide';
      const withNs = rt.namespaced && g.allNamespaces;
      const headers = [...(withNs ? ['NAMESPACE'] : []), ...cols.headers, ...(wide ? cols.wideHeaders : [])];
      const rows = objs.map((obj) => [...(withNs ? [obj.metadata.namespace!] : []), ...cols.row(obj, cluster.now, wide)]);
      out(formatTable(headers, rows));
    });
}
