// kubectl create deployment NAME --image=I [--image=I2] [--replicas=N] [--port=P]: labels and selector app=NAME,
// one container per image named after the image's last path segment without tag or digest.
import type { Command } from 'commander';
import type { KubeObject } from '../../api/types.js';
import { globals, out, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';
import { checkOutput, forServer, parseDryRun, render, usageError, withNamespace, wrapServerError } from './common.js';

/** create_deployment.go buildPodSpec: image → container name ('_' → '-', repeats get -2, -3…). */
export function containerNames(images: string[]): string[] {
  const seen = new Map<string, number>();
  return images.map((image) => {
    let name = image.split('/').pop()!;
    name = name.split('@')[0].split(':')[0].replace(/_/g, '-');
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name}-${n}` : name;
  });
}

export function deploymentObject(name: string, images: string[], replicas: number, port: number | undefined): KubeObject {
  const labels = { app: name };
  const names = containerNames(images);
  const containers = images.map((image, i) => {
    const c: any = { image, name: names[i], resources: {} };
    if (i === 0 && port !== undefined && port >= 0) c.ports = [{ containerPort: port }];
    return c;
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null as any, labels: { ...labels }, name },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
    },
    status: {},
  };
}

function intFlag(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ClientError(`invalid argument "${String(v)}" for "${flag}" flag: strconv.ParseInt: parsing "${String(v)}": invalid syntax`);
  return n;
}

export function registerCreateDeployment(create: Command): void {
  create
    .command('deployment')
    .alias('deploy')
    .description('Create a deployment with the specified name')
    .argument('[name]', 'deployment name')
    .option('--image <image...>', 'Image names to run. A deployment can have multiple images set for multi-container pod.')
    .option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.')
    .option('--port <port>', 'The containerPort that this deployment exposes.')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .action(async (name: string | undefined, opts, cmd: Command) => {
      const g = globals(cmd);
      opts = { ...cmd.optsWithGlobals(), ...opts };
      const dryRun = parseDryRun(opts.dryRun);
      const output = checkOutput(opts.output);
      if (!name) throw usageError('exactly one NAME is required, got 0', 'create deployment');
      const images: string[] = opts.image ?? [];
      if (!images.length) throw new ClientError('required flag(s) "image" not set');
      const replicas = intFlag(opts.replicas, 'replicas') ?? 1;
      const port = intFlag(opts.port, 'port');
      const obj = withNamespace(deploymentObject(name, images, replicas, port), g);
      if (dryRun === 'client') return out(await render([obj], output, 'created', dryRun));
      const { createObject } = await import('../../api/admission.js');
      const created = await updateCluster(g, (c) => {
        try {
          return createObject(c, forServer(obj, g), { dryRun });
        } catch (e) {
          wrapServerError(e, 'failed to create deployment');
        }
      });
      out(await render([created], output, 'created', dryRun));
    });
}
