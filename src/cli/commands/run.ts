// kubectl run NAME --image=I [--port=P] [--labels=k=v,…] [--expose] [--restart=Always|OnFailure|Never] [-- ARGS…]:
// one Pod (labels run=NAME unless --labels), and with --expose a ClusterIP Service selecting it.
import type { Command } from 'commander';
import type { KubeObject } from '../../api/types.js';
import { globals, out, updateCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('run')
    .description('Create and run a particular image in a pod')
    .argument('[name]', 'pod name')
    .argument('[args...]', 'arguments for the container')
    .option('--image <image>', 'The image for the container to run.')
    .option('--port <port>', 'The port that this container exposes.')
    .option('-l, --labels <labels>', 'Comma separated labels to apply to the pod. Will override previous values.')
    .option('--expose', 'If true, create a ClusterIP service associated with the pod. Requires `--port`.')
    .option('--restart <policy>', 'The restart policy for this Pod. Legal values [Always, OnFailure, Never].', 'Always')
    .option('--command', 'If true and extra arguments are present, use them as the \'command\' field in the container, rather than the \'args\' field which is the default.')
    .option('--env <env...>', 'Environment variables to set in the container.')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText(
      'after',
      `
Examples:
  # Start an nginx pod
  kubesim run nginx --image=nginx

  # Start a pod listening on port 8080, with a ClusterIP Service in front of it
  kubesim run hazelcast --image=hazelcast/hazelcast --port=8080 --expose

  # Set labels and environment variables
  kubesim run web --image=nginx --labels=app=web,tier=frontend --env=DNS_DOMAIN=cluster --env=POD_NAMESPACE=default

  # Pass arguments to the container, or use them as its command
  kubesim run busybox --image=busybox --restart=Never -- sleep 3600
  kubesim run busybox2 --image=busybox --restart=Never --command -- sh -c 'sleep 3600'

  # Print the pod instead of creating it
  kubesim run nginx --image=nginx --dry-run=client -o yaml`,
    )
    .action(async (name: string | undefined, args: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const { parseDryRun, checkOutput, render, usageError, parseKeyValues, forServer, withNamespace } = await import('../create/common.js');
      const { ClientError } = await import('../../api/errors.js');
      const dryRun = parseDryRun(opts.dryRun);
      const output = checkOutput(opts.output);
      if (!name) throw usageError('NAME is required for run', 'run');
      if (!opts.image) throw new ClientError('required flag(s) "image" not set');
      if (!['Always', 'OnFailure', 'Never'].includes(opts.restart)) throw new ClientError(`invalid restart policy: ${opts.restart}`);
      let port: number | undefined;
      if (opts.port !== undefined) {
        port = Number(opts.port);
        if (!/^\d+$/.test(String(opts.port))) throw new ClientError(`invalid argument "${opts.port}" for "--port" flag: strconv.ParseInt: parsing "${opts.port}": invalid syntax`);
      }
      if (opts.expose && port === undefined) throw new ClientError('--port must be set when exposing a service');
      const labels = opts.labels ? parseKeyValues(opts.labels, 'label spec') : { run: name };
      const container: any = {};
      if (args.length) container[opts.command ? 'command' : 'args'] = args;
      if (opts.env?.length) container.env = opts.env.map((e: string) => ({ name: e.split('=')[0], value: e.slice(e.indexOf('=') + 1) }));
      container.image = opts.image;
      container.name = name;
      if (port !== undefined) container.ports = [{ containerPort: port }];
      container.resources = {};
      const pod: KubeObject = withNamespace(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { creationTimestamp: null as any, labels, name },
          spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: opts.restart },
          status: {},
        },
        g,
      );
      const objs: KubeObject[] = [];
      if (opts.expose) {
        objs.push(
          withNamespace(
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { creationTimestamp: null as any, name },
              spec: { ports: [{ port, protocol: 'TCP', targetPort: port }], selector: { ...labels } },
              status: { loadBalancer: {} },
            },
            g,
          ),
        );
      }
      objs.push(pod);
      if (dryRun === 'client') return out(await render(objs, output, 'created', dryRun));
      const { createObject } = await import('../../api/admission.js');
      const created = await updateCluster(g, (c) => objs.map((o) => createObject(c, forServer(o, g), { dryRun })));
      out(await render(created, output, 'created', dryRun));
    });
}
