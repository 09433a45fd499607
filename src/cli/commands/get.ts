// kubectl get: list objects as kubectl's tables, or as yaml/json/name/jsonpath/custom-columns.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { globals, readCluster, err } from '../context.js';
import { writeOut } from '../stdio.js';
import { ClientError } from '../../api/errors.js';

const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

export function register(program: Command): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[type]', 'resource type(s), e.g. svc, pods, deploy, svc,pods, all, or TYPE/NAME')
    .argument('[names...]', 'object names')
    .option('-o, --output <format>', 'Output format: wide|yaml|json|name|jsonpath=…|jsonpath-file=…|custom-columns=…|custom-columns-file=…')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, e.g. -l key1=value1,key2 in (a,b)")
    .option('--show-labels', 'When printing, show all labels as the last column')
    .option('--no-headers', "When using the default or custom-column output format, don't print headers")
    .option('--sort-by <jsonpath>', 'Sort list types using this field specification (a JSONPath expression)')
    .addHelpText(
      'after',
      `
Examples:
  # List the Services in every namespace
  kubesim get svc -A

  # Services, pods and deployments, with more columns (pod IPs and nodes, selectors)
  kubesim get svc,pods,deploy -o wide

  # The endpoints behind a Service
  kubesim get ep currency-exchange
  kubesim get endpointslices -l kubernetes.io/service-name=currency-exchange

  # Pods selected by a label query, with their labels
  kubesim get pods -l 'app in (web,backend)' --show-labels

  # One field, or chosen columns
  kubesim get svc web -o jsonpath='{.spec.clusterIP}'
  kubesim get nodes -o custom-columns=NAME:.metadata.name,IP:.status.addresses[0].address

  # A Service as YAML (without status it is valid input to a real cluster)
  kubesim get svc currency-exchange -o yaml`,
    )
    .action(async (type: string | undefined, names: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const o = cmd.opts();
      if (!type) {
        throw new ClientError(
          'Required resource not specified.\nUse "kubesim explain <resource>" for a detailed description of that resource (e.g. kubesim explain pods).\nSee \'kubesim get -h\' for help and examples',
        );
      }
      const { queryObjects } = await import('../printers/query.js');
      const { renderGet } = await import('../printers/get-output.js');
      const cluster = await readCluster(g);
      // A plain or wide table needs only cells: big pod lists then come from the state file's row summaries.
      const tableOnly = (o.output === undefined || o.output === 'wide') && !o.sortBy && !o.showLabels;
      const q = queryObjects(cluster, [type, ...names], { namespace: g.namespace, allNamespaces: g.allNamespaces, selector: o.selector, tableOnly });
      if (q.groups.some((x) => x.rt.plural === 'endpoints')) err(ENDPOINTS_WARNING);
      const r = await renderGet(
        q,
        {
          output: o.output,
          showLabels: Boolean(o.showLabels),
          noHeaders: o.headers === false,
          sortBy: o.sortBy,
          allNamespaces: g.allNamespaces,
          now: cluster.now,
          readFile: (p) => {
            try {
              return readFileSync(p, 'utf8');
            } catch {
              throw new ClientError(`error reading template ${p}, open ${p}: no such file or directory`);
            }
          },
        },
        g.namespace,
      );
      // Written as is: -o jsonpath prints exactly the template's text, with no newline added (as kubectl).
      if (r.stdout.length) {
        writeOut(r.stdout);
      }
      if (r.stderr) err(r.stderr);
      if (q.errors.length) {
        for (const e of q.errors) err(e.format());
        process.exitCode = 1;
      }
    });
}
