// The workload half of the control plane, through the real binary.
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

const POD_NAME = /^currency-exchange-[456789bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function podsJSON(run: ReturnType<typeof freshCluster>['run'], ns = 'default'): any[] {
  const r = run(`get pods -n ${ns} -o json`);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).items;
}

describe('workloads e2e', () => {
  it('deployment → pods with IPs; scale; delete → replacement; probe fail; rollout restart', () => {
    const { run } = freshCluster();
    expect(run('apply -f manifests/01-currency-exchange.yaml').stdout).toBe('deployment.apps/currency-exchange created\nservice/currency-exchange created\n');
    let pods = podsJSON(run);
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(POD_NAME);
      expect(p.status.phase).toBe('Running');
      expect(['kubesim-worker', 'kubesim-worker2']).toContain(p.spec.nodeName);
      const cidr = p.spec.nodeName === 'kubesim-worker' ? '10.244.1.' : '10.244.2.';
      expect(p.status.podIP.startsWith(cidr)).toBe(true);
    }
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(2);

    expect(run('scale deployment currency-exchange --replicas 3')).toMatchObject({ stdout: 'deployment.apps/currency-exchange scaled\n', code: 0 });
    pods = podsJSON(run);
    expect(pods).toHaveLength(3);
    const ips = pods.map((p) => p.status.podIP);
    expect(new Set(ips).size).toBe(3);

    const victim = pods[0];
    expect(run(`delete pod ${victim.metadata.name}`).code).toBe(0);
    const after = podsJSON(run);
    expect(after).toHaveLength(3);
    const fresh = after.find((p) => !pods.some((q) => q.metadata.name === p.metadata.name));
    expect(fresh.metadata.name).toMatch(POD_NAME);
    expect(ips).not.toContain(fresh.status.podIP);

    expect(run(`probe fail ${fresh.metadata.name}`).stdout).toBe(`pod/${fresh.metadata.name} readiness probe failing\n`);
    const line = run('get pods').stdout.split('\n').find((l) => l.startsWith(fresh.metadata.name))!;
    expect(line.split(/\s+/).slice(1, 3)).toEqual(['0/1', 'Running']);
    expect(run(`probe pass ${fresh.metadata.name}`).code).toBe(0);

    expect(run('rollout restart deployment/currency-exchange').stdout).toBe('deployment.apps/currency-exchange restarted\n');
    const rs = JSON.parse(run('get rs -o json').stdout).items;
    expect(rs).toHaveLength(2);
    expect(rs.map((r: any) => r.spec.replicas).sort()).toEqual([0, 3]);
    expect(run('rollout status deployment/currency-exchange').stdout).toBe('deployment "currency-exchange" successfully rolled out\n');
    expect(run('rollout history deployment/currency-exchange').stdout).toBe('deployment.apps/currency-exchange \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  });

  it('scale errors', () => {
    const { run } = freshCluster();
    expect(run('scale deployment nope')).toMatchObject({ stderr: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n', code: 1 });
    expect(run('scale deployment nope --replicas=-1').code).toBe(1);
    expect(run('scale deployment nope --replicas=2')).toMatchObject({ stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
    expect(run('scale deployment/coredns -n kube-system --replicas=3').stdout).toBe('deployment.apps/coredns scaled\n');
  });

  it('cordon, drain moves pods; node stop + later clock reschedules', () => {
    const { run } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml');
    expect(run('cordon kubesim-worker').stdout).toBe('node/kubesim-worker cordoned\n');
    expect(run('uncordon kubesim-worker').stdout).toBe('node/kubesim-worker uncordoned\n');
    expect(run('uncordon kubesim-worker').stdout).toBe('node/kubesim-worker already uncordoned\n');
    const r = run('drain kubesim-worker --ignore-daemonsets');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('node/kubesim-worker cordoned');
    expect(lines.at(-1)).toBe('node/kubesim-worker drained');
    expect(lines.filter((l) => /^evicting pod (default|kube-system)\//.test(l)).length).toBe(lines.filter((l) => /^pod\/.* evicted$/.test(l)).length);
    expect(podsJSON(run).every((p) => p.spec.nodeName === 'kubesim-worker2')).toBe(true);
    run('uncordon kubesim-worker');

    expect(run('node stop kubesim-worker2').stdout).toBe('node/kubesim-worker2 stopped\n');
    const ready = (p: any) => p.status.conditions.find((c: any) => c.type === 'Ready').status;
    expect(podsJSON(run).map(ready)).toEqual(['False', 'False']);
    // Five minutes later, any change lets the taint-eviction controller act.
    run('scale deployment currency-exchange --replicas=3', { env: { KUBESIM_NOW: '2026-11-21T10:05:00Z' } });
    const moved = podsJSON(run);
    expect(moved).toHaveLength(3);
    expect(moved.every((p) => p.spec.nodeName === 'kubesim-worker' && ready(p) === 'True')).toBe(true);
    expect(run('node start kubesim-worker2').stdout).toBe('node/kubesim-worker2 started\n');
  });
});
