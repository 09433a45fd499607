// kubesim dig [@SERVER] NAME [TYPE] [+short] [+search] [-x IP] [--from POD|node/NAME|outside] [-n NS]:
// BIND's dig, run from a client of the cluster (default: a throwaway pod in the namespace).
import type { Command } from 'commander';
import { globals, readCluster } from '../context.js';
import { writeErr, writeOut } from '../stdio.js';

export function register(program: Command): void {
  program
    .command('dig')
    .description('Query the cluster DNS (or another server) as dig would, from a pod, a node or outside')
    .argument('[args...]', 'dig arguments: [@SERVER] NAME [TYPE] [+short] [+search] [-x IP] …')
    .option('--from <client>', 'Who asks: POD, node/NAME or outside (default: a throwaway pod in the namespace)')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      `
Examples:
  # Resolve a Service name the way a pod in the namespace does (search path and ndots from its resolv.conf)
  kubesim dig +search currency-exchange

  # Only the answer
  kubesim dig +short currency-exchange.default.svc.cluster.local

  # Ask from a given pod, or from a node
  kubesim dig +search currency-exchange --from currency-conversion-6c9f8d7b5-abcde
  kubesim dig kubernetes.default.svc.cluster.local --from node/kubesim-worker

  # Record types: SRV for a named port, A records of a headless Service's pods, the CNAME of an ExternalName
  kubesim dig _http._tcp.currency-exchange.default.svc.cluster.local SRV
  kubesim dig +short nginx.default.svc.cluster.local
  kubesim dig my-xn-service.default.svc.cluster.local CNAME

  # Ask a particular server, or reverse-resolve an IP
  kubesim dig @10.96.0.10 kube-dns.kube-system.svc.cluster.local
  kubesim dig -x 10.96.0.1`,
    )
    .action(async (args: string[], opts: { from?: string }, cmd: Command) => {
      const g = globals(cmd);
      const [{ resolveClient }, { runDig }] = await Promise.all([import('../../dataplane/client.js'), import('../../dataplane/dns/dig.js')]);
      const cluster = await readCluster(g);
      const client = resolveClient(cluster, opts.from, g.namespace);
      const r = runDig(cluster, client, args, { int: (n) => cluster.random.int(n), now: cluster.now });
      writeOut(r.stdout);
      writeErr(r.stderr);
      process.exitCode = r.exitCode;
    });
}
