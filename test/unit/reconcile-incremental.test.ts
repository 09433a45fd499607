// The property that makes incremental reconciliation safe: after every command (which reconciles only what
// changed), a full resync — every controller over every object — finds nothing to do; and the same commands run
// with KUBESIM_FULL_RESYNC=1 leave exactly the same state (same generated names, IPs, resourceVersions).
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';
import { readStateFile } from '../../src/store/statefile.js';
import { Cluster } from '../../src/store/cluster.js';
import { reconcile } from '../../src/controllers/index.js';
import type { ClusterState } from '../../src/store/state.js';

const T0 = '2026-11-21T10:00:00Z';
const LATER = '2026-11-21T10:05:30Z';

function load(path: string): ClusterState {
  const s = readStateFile(path, { full: true })!;
  // Plain objects (the codec parses lazily); what a command would have saved.
  return { ...s, objects: Object.fromEntries(Object.entries(s.objects).map(([p, b]) => [p, { ...b }])) };
}

/** What a full resync over the saved state would write: "plural key" of each change (empty when settled). */
function fullResyncChanges(path: string, now: string): string[] {
  const c = new Cluster(load(path), new Date(now));
  reconcile(c, { full: true });
  return c.log.map((ch) => `${ch.obj ? (ch.old ? 'update' : 'create') : 'remove'} ${ch.plural} ${ch.key}`);
}

// A scenario through the workload and service controllers: every manifest, then the verbs that change pods.
const STEPS: Array<[string, string?]> = [
  ['apply -f manifests/01-currency-exchange.yaml'],
  ['apply -f manifests/02-currency-conversion.yaml'],
  ['apply -f manifests/03-ingress-nginx-controller.yaml'],
  ['apply -f manifests/04-ingress.yaml'],
  ['apply -f manifests/05-nodeport.yaml'],
  ['apply -f manifests/06-loadbalancer.yaml'],
  ['apply -f manifests/07-externalname.yaml'],
  ['apply -f manifests/08-headless-statefulset.yaml'],
  ['apply -f manifests/09-backend-multiport.yaml'],
  ['apply -f manifests/10-prod-namespace.yaml'],
  ['scale deployment currency-exchange --replicas 4'],
  ['delete pod @currency-exchange'],
  ['probe fail @currency-exchange'],
  ['label pod @currency-exchange app=elsewhere --overwrite'],
  ['rollout restart deployment/currency-exchange'],
  ['scale statefulset nginx-sts --replicas 1'],
  ['drain kubesim-worker --ignore-daemonsets --force'],
  ['uncordon kubesim-worker'],
  ['node stop kubesim-worker2'],
  ['scale deployment currency-conversion --replicas 3', LATER],
  ['node start kubesim-worker2', LATER],
  ['scale deployment currency-exchange --replicas 1', LATER],
  ['delete deployment currency-conversion', LATER],
  ['delete namespace prod', LATER],
];

describe('incremental reconciliation', () => {
  it('equals a full resync after every command of a scenario', () => {
    const inc = freshCluster();
    const full = freshCluster({ KUBESIM_FULL_RESYNC: '1' });
    for (const [step, now = T0] of STEPS) {
      // `@prefix`: the first pod (by name) whose name starts with prefix, in the incremental cluster.
      const pods = () => Object.values(load(inc.state).objects.pods ?? {}).map((p) => p.metadata.name!).sort();
      const line = step.replace(/@(\S+)/, (_, prefix: string) => pods().find((n) => n.startsWith(prefix))!);
      const a = inc.run(line, { env: { KUBESIM_NOW: now } });
      const b = full.run(line, { env: { KUBESIM_NOW: now } });
      expect(a.code, `${line}: ${a.stderr}`).toBe(0);
      expect({ step: line, stdout: a.stdout, stderr: a.stderr }).toEqual({ step: line, stdout: b.stdout, stderr: b.stderr });
      expect({ step: line, writes: fullResyncChanges(inc.state, now) }).toEqual({ step: line, writes: [] });
      const x = load(inc.state);
      const y = load(full.state);
      expect({ step: line, objects: x.objects, random: x.random, rv: x.resourceVersion }).toEqual({ step: line, objects: y.objects, random: y.random, rv: y.resourceVersion });
    }
  }, 60_000);
});
