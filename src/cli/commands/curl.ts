// kubesim curl URL: send an HTTP request from a pod, a node or outside the cluster and show who answers and how
// the request got there (DNS, kube-proxy's rules, DNAT, SNAT, the pod). Same engine as `exec POD -- curl`.
import type { Command } from 'commander';
import { globals, out, err, updateCluster } from '../context.js';
import { writeOut } from '../stdio.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command): void {
  program
    .command('curl')
    .description('Send an HTTP request from a pod (default: a throwaway pod), a node or outside, and trace its path')
    .addHelpText(
      'after',
      `
Examples:
  # Which pod answers a request to the currency-exchange Service (from a throwaway pod in the namespace)
  kubesim curl http://currency-exchange

  # Every hop: DNS, the Service VIP, kube-proxy's chains and the rule that matched, DNAT, the pod
  kubesim curl -v http://currency-exchange

  # The spread of 1000 requests over the Service's pods
  kubesim curl --count 1000 http://currency-exchange

  # A NodePort from a machine on the nodes' network
  kubesim curl --from outside http://172.18.0.3:30080

  # Through the Ingress, by path and host
  kubesim curl --from outside -H 'Host: example.com' http://203.0.113.3/currency-exchange

  # From a node, or from a given pod
  kubesim curl --from node/kubesim-worker http://currency-exchange
  kubesim curl --from currency-conversion-6556df96c7-6bsln http://currency-exchange

  # The trace as JSON, one object per request
  kubesim curl -o json http://currency-exchange`,
    )
    .argument('<url>', 'http://NAME[:PORT]/PATH: a Service name in any form, a ClusterIP, pod IP, node IP:NodePort, LoadBalancer IP, externalIP or Ingress host')
    .option('--from <client>', 'POD, node/NAME or outside (default: a throwaway pod in the namespace)')
    .option('-H, --header <header>', "Extra header, e.g. 'Host: api.example.com' (repeatable)", collect, [])
    .option('-X, --request <method>', 'Request method')
    .option('-v, --verbose', 'Print every hop: DNS, rules, DNAT, SNAT, pod')
    .option('-o, --output <format>', 'json: one JSON object per request')
    .option('--count <n>', 'Send N requests (up to 1,000,000) and print how they spread over the pods')
    .option('-s, --silent', "Silent mode: don't print curl's error message")
    .option('-S, --show-error', 'With -s, still print errors')
    .option('-i, --include', 'Include the response headers in the output')
    .option('-I, --head', 'Send HEAD and print the headers only')
    .option('-k, --insecure', 'Do not verify TLS certificates')
    .option('--connect-timeout <seconds>', 'Give up connecting after this long (default 3)')
    .action(async (url: string, _opts, cmd: Command) => {
      const g = globals(cmd);
      const o = cmd.opts();
      const argv: string[] = [url];
      for (const h of o.header as string[]) argv.push('-H', h);
      if (o.request) argv.push('-X', o.request);
      if (o.verbose) argv.push('-v');
      if (o.output) argv.push('-o', o.output);
      if (o.count !== undefined) argv.push('--count', o.count);
      if (o.silent) argv.push('-s');
      if (o.showError) argv.push('-S');
      if (o.include) argv.push('-i');
      if (o.head) argv.push('-I');
      if (o.insecure) argv.push('-k');
      if (o.connectTimeout !== undefined) argv.push('--connect-timeout', o.connectTimeout);
      const { resolveClient } = await import('../../dataplane/client.js');
      const { runCurl } = await import('../../dataplane/curl-tool.js');
      const { progress } = await import('../progress.js');
      const count = Number(o.count ?? 0);
      const bar = count > 100_000 ? progress(count, 'curl') : undefined;
      let last = 0;
      try {
        const r = await updateCluster(g, (cluster) => {
          const client = resolveClient(cluster, o.from, g.namespace);
          return runCurl(cluster, client, argv, {
            color: g.color,
            onProgress: bar
              ? (done) => {
                  bar.tick(done - last);
                  last = done;
                }
              : undefined,
          });
        });
        bar?.done();
        if (r.stderr) err(r.stderr);
        if (r.stdout) writeOut(r.stdout);
        process.exitCode = r.exitCode;
      } finally {
        bar?.done();
      }
      void out;
    });
}
