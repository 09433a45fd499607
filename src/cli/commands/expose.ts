// kubectl expose TYPE NAME | TYPE/NAME: a Service for a deployment, replica set, replication controller, pod or
// Service (expose.go generateService): selector, ports, protocols and labels taken from the object unless given.
import type { Command } from 'commander';
import { globals, out, readCluster, updateCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('expose')
    .description('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
    .argument('[type]', 'deployment, replicaset, replicationcontroller, pod or service (or TYPE/NAME)')
    .argument('[name]', 'object name')
    .option('--port <port>', 'The port that the service should serve on. Copied from the resource being exposed, if unspecified')
    .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to. Optional.')
    .option('--protocol <protocol>', 'The network protocol for the service to be created. Default is \'TCP\'.')
    .option('--type <type>', "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.")
    .option('--name <name>', 'The name for the newly created object.')
    .option('--selector <selector>', 'A label selector to use for this service. Only equality-based selector requirements are supported.')
    .option('--external-ip <ip>', 'Additional external IP address (not managed by Kubernetes) to accept for the service.')
    .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
    .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.")
    .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).')
    .option('-l, --labels <labels>', 'Labels to apply to the service created by this call.')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText(
      'after',
      `
Examples:
  # A ClusterIP Service for deployment "web", serving on port 80 and sending to the containers' port 8000
  kubesim expose deployment web --port=80 --target-port=8000

  # The same Deployment as a NodePort Service (it gets a ClusterIP too)
  kubesim expose deployment web --type=NodePort --name=web-nodeport --port=80 --target-port=8000

  # A LoadBalancer Service; on a local cluster its address stays <pending> until \`kubesim tunnel\`
  kubesim expose deploy/web --type=LoadBalancer --name=web-lb --port=80 --target-port=8000

  # A Service for a pod, with the pod's labels as selector
  kubesim expose pod valid-pod --port=444 --name=frontend

  # Print the Service instead of creating it
  kubesim expose deployment web --port=80 --dry-run=client -o yaml`,
    )
    .action(async (type: string | undefined, name: string | undefined, opts, cmd: Command) => {
      const g = globals(cmd);
      const ex = await import('../create/expose.js');
      const { parseDryRun, checkOutput, render } = await import('../create/common.js');
      const dryRun = parseDryRun(opts.dryRun);
      const output = checkOutput(opts.output);
      if (type?.includes('/')) [type, name] = [type.slice(0, type.indexOf('/')), type.slice(type.indexOf('/') + 1)];
      if (!type || !name) {
        const { canPrompt, choose } = await import('../prompt.js');
        if (!canPrompt()) throw ex.missingArgs(type);
        const cluster = await readCluster(g);
        if (!type) type = await choose('What do you want to expose?', ex.KINDS.map((k) => ({ name: k.label, value: k.name })), ex.missingArgs(type).message);
        const rt = ex.exposable(type);
        const names = cluster.list(rt.plural, g.namespace).map((o) => o.metadata.name!);
        name = await choose(`Which ${rt.singular}?`, names.map((n) => ({ name: n, value: n })), `no ${rt.plural} found in ${g.namespace} namespace`);
      }
      const result = await updateCluster(g, (c) => ex.expose(c, g, type!, name!, opts, dryRun));
      out(await render([result], output, 'exposed', dryRun));
    });
}
