// A fresh default cluster in memory, reconciled, for the workload controller tests.
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { reconcile } from '../../src/controllers/index.js';
import type { KubeObject } from '../../src/api/types.js';

export const NOW = new Date('2026-11-21T10:00:00Z');

export function cluster(now = NOW): Cluster {
  const c = new Cluster(createClusterState({}, now), now);
  reconcile(c);
  return c;
}

/** The same state, later on the clock (a later command). */
export function later(c: Cluster, seconds: number): Cluster {
  c.syncRandom();
  return new Cluster(c.state, new Date(c.now.getTime() + seconds * 1000));
}

export function deployment(name: string, replicas: number, extra: any = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], ...extra } },
    },
  };
}

export function pods(c: Cluster, ns = 'default'): KubeObject[] {
  return c.list('pods', ns);
}

export function events(c: Cluster, reason: string): string[] {
  return c
    .list('events')
    .filter((e) => e.reason === reason)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => e.message);
}

export function update(c: Cluster, plural: string, ns: string | undefined, name: string, fn: (o: KubeObject) => void): void {
  const o = structuredClone(c.get(plural, ns, name)!);
  fn(o);
  c.update(o);
  reconcile(c);
}
