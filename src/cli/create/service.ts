// kubectl create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=port[:targetPort]…
// (create_service.go): ports named after their spec (':' → '-'), TCP; selector and labels app=NAME;
// --node-port sets every port's nodePort; --clusterip (clusterip only; None = headless); --external-name.
import type { Command } from 'commander';
import type { KubeObject } from '../../api/types.js';
import { globals, out, updateCluster } from '../context.js';
import { ClientError, KubeError } from '../../api/errors.js';
import { checkOutput, forServer, parseDryRun, render, usageError, withNamespace, wrapServerError } from './common.js';

const TYPES = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' } as const;
type Sub = keyof typeof TYPES;

const IANA = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** parsePorts: `port` or `port:target` (target a number or a port name). */
export function parsePort(spec: string): { port: number; targetPort: number | string } {
  const [p, t] = spec.split(':');
  const port = Number(p);
  if (!/^\d+$/.test(p) || port < 1 || port > 65535) throw new ClientError(`invalid port number: "${p}"`);
  if (t === undefined) return { port, targetPort: port };
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > 65535) throw new ClientError('must be between 1 and 65535, inclusive');
    return { port, targetPort: n };
  }
  if (t.length > 15 || !IANA.test(t) || !/[a-z]/.test(t) || t.includes('--')) throw new ClientError(`invalid port name: ${JSON.stringify(t)}`);
  return { port, targetPort: t };
}

export function serviceObject(sub: Sub, name: string, o: { tcp?: string[]; nodePort?: number; clusterIP?: string; externalName?: string }): KubeObject {
  const ports = (o.tcp ?? []).map((spec) => {
    const { port, targetPort } = parsePort(spec);
    const p: any = { name: spec.replace(/:/g, '-'), port, protocol: 'TCP', targetPort };
    if (o.nodePort) p.nodePort = o.nodePort;
    return p;
  });
  const spec: any = {};
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.externalName) spec.externalName = o.externalName;
  if (ports.length) spec.ports = ports;
  spec.selector = { app: name };
  spec.type = TYPES[sub];
  return { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null as any, labels: { app: name }, name }, spec, status: { loadBalancer: {} } };
}

const HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubesim create service [flags] [options]

Use "kubesim create service <command> --help" for more information about a given command.`;

async function runCreate(sub: Sub, name: string | undefined, opts: any, cmd: Command): Promise<void> {
  const g = globals(cmd);
  opts = { ...cmd.optsWithGlobals(), ...opts };
  const dryRun = parseDryRun(opts.dryRun);
  const output = checkOutput(opts.output);
  const command = `create service ${sub}`;
  if (!name) throw usageError('exactly one NAME is required, got 0', command);
  const tcp: string[] = opts.tcp ?? [];
  const clusterIP: string | undefined = opts.clusterip;
  if (sub === 'externalname') {
    if (!opts.externalName) throw new ClientError('required flag(s) "external-name" not set');
    if (opts.externalName.length > 253 || !DNS1123_SUBDOMAIN.test(opts.externalName)) throw new ClientError(`invalid service external name ${opts.externalName}`);
  }
  if (tcp.length === 0 && sub !== 'externalname' && clusterIP !== 'None') throw new ClientError('at least one tcp port specifier must be provided');
  let nodePort: number | undefined;
  if (opts.nodePort !== undefined) {
    nodePort = Number(opts.nodePort);
    if (!Number.isInteger(nodePort)) throw new ClientError(`invalid argument "${opts.nodePort}" for "--node-port" flag: strconv.ParseInt: parsing "${opts.nodePort}": invalid syntax`);
  }
  const obj = withNamespace(serviceObject(sub, name, { tcp, nodePort, clusterIP, externalName: opts.externalName }), g);
  if (dryRun === 'client') return out(await render([obj], output, 'created', dryRun));
  const { createObject } = await import('../../api/admission.js');
  const created = await updateCluster(g, (c) => {
    try {
      return createObject(c, forServer(obj, g), { dryRun });
    } catch (e) {
      wrapServerError(e, `failed to create ${TYPES[sub]} service`);
    }
  });
  out(await render([created], output, 'created', dryRun));
}

export function registerCreateService(create: Command): void {
  const service = create
    .command('service')
    .alias('svc')
    .description('Create a service using a specified subcommand')
    .argument('[type]', 'clusterip, nodeport, loadbalancer or externalname')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (type: string | undefined, _opts, cmd: Command) => {
      // Without a type: on a terminal, ask which; else kubectl's help for the command group, exit 1.
      const { choose, canPrompt } = await import('../prompt.js');
      if (!type && canPrompt()) {
        const sub = await choose<Sub>(
          'Which type of Service?',
          (Object.keys(TYPES) as Sub[]).map((k) => ({ name: `${k} (${TYPES[k]})`, value: k })),
          HELP,
        );
        const { ask } = await import('../prompt.js');
        const name = await ask('Service name:', HELP);
        const tcp = sub === 'externalname' ? [] : [await ask('Port (port[:targetPort]):', HELP, '80')];
        const externalName = sub === 'externalname' ? await ask('External name:', HELP) : undefined;
        return runCreate(sub, name, { tcp, externalName, output: undefined }, cmd);
      }
      if (type) throw new ClientError(`unknown command "${type}" for "kubesim create service"`);
      throw new KubeError(HELP);
    });
  for (const sub of Object.keys(TYPES) as Sub[]) {
    const c = service
      .command(sub)
      .description(`Create a ${TYPES[sub]} service`)
      .argument('[name]', 'service name')
      .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
      .option('-o, --output <format>', 'Output format: yaml, json or name');
    if (sub !== 'externalname') c.option('--tcp <port...>', 'Port pairs can be specified as \'<port>:<targetPort>\'.');
    if (sub === 'clusterip') c.option('--clusterip <ip>', 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).');
    if (sub === 'nodeport') c.option('--node-port <port>', 'Port used to expose the service on each node in a cluster.');
    if (sub === 'externalname') c.option('--external-name <name>', 'External name of service').option('--tcp <port...>', 'Port pairs can be specified as \'<port>:<targetPort>\'.');
    c.action((name: string | undefined, opts, cmd: Command) => runCreate(sub, name, opts, cmd));
  }
}
