import { describe, expect, it } from 'vitest';
import { nextFreeIP, podRange, ipToInt, intToIP, normalizeImage } from '../../src/controllers/kubelet.js';
import { reconcile } from '../../src/controllers/index.js';
import { probe } from '../../src/controllers/workload-commands.js';
import { Cluster } from '../../src/store/cluster.js';
import { decodeState, encodeState } from '../../src/store/codec.js';
import { cluster, deployment, events, NOW, pods, update } from './controllers-workloads-fixture.js';

describe('pod IP allocation (host-local)', () => {
  it('hands out .2–.253, continues after the last one and wraps, skipping used ones', () => {
    const r = podRange('10.244.1.0/24')!;
    expect([intToIP(r.first), intToIP(r.last)]).toEqual(['10.244.1.2', '10.244.1.253']);
    expect(intToIP(nextFreeIP(r, undefined, new Set())!)).toBe('10.244.1.2');
    expect(intToIP(nextFreeIP(r, ipToInt('10.244.1.5'), new Set())!)).toBe('10.244.1.6');
    expect(intToIP(nextFreeIP(r, ipToInt('10.244.1.253'), new Set([ipToInt('10.244.1.2')]))!)).toBe('10.244.1.3');
    const all = new Set<number>();
    for (let n = r.first; n <= r.last; n++) all.add(n);
    expect(nextFreeIP(r, undefined, all)).toBeUndefined();
  });

  it('normalizes image references as containerd reports them', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('in28min/currency-exchange:0.0.1-RELEASE')).toBe('docker.io/in28min/currency-exchange:0.0.1-RELEASE');
    expect(normalizeImage('registry.k8s.io/coredns/coredns:v1.12.0')).toBe('registry.k8s.io/coredns/coredns:v1.12.0');
  });
});

describe('kubelet', () => {
  it("gives a new pod its node's first free address after the last one, knowing the taken ones from the pods' line summaries", () => {
    const c = cluster();
    c.create(deployment('web', 4, { nodeSelector: { 'kubernetes.io/hostname': 'kubesim-worker' } }));
    reconcile(c);
    const taken = c.list('pods').filter((p) => p.spec.nodeName === 'kubesim-worker').map((p) => p.status.podIP);
    const base = taken[0].replace(/\d+$/, '');
    expect([...taken].sort()).toEqual(['2', '3', '4', '5', '6'].map((n) => base + n)); // CoreDNS's, then web's
    // The node's last address is the range's end: the next one wraps around to .2, which a pod has.
    update(c, 'nodes', undefined, 'kubesim-worker', (n) => {
      n.metadata.annotations!['kubesim.io/last-pod-ip'] = base + '253';
    });
    // The next command reads the state file lazily: the running pods are not decoded, their summaries are read.
    const next = new Cluster(decodeState(encodeState(c.state)), NOW);
    update(next, 'deployments', 'default', 'web', (d) => {
      d.spec.replicas = 5;
    });
    expect(pods(next).map((p) => p.status.podIP).filter((ip) => !taken.includes(ip))).toEqual([base + '7']);
  });

  it('starts pods: Running, IPs from the node CIDR, conditions, container status, events', () => {
    const c = cluster();
    c.create(deployment('web', 1));
    reconcile(c);
    const [p] = pods(c);
    const node = c.get('nodes', undefined, p.spec.nodeName)!;
    const cidrBase = node.spec.podCIDR.replace(/0\/24$/, '');
    expect(p.status.phase).toBe('Running');
    expect(p.status.podIP.startsWith(cidrBase)).toBe(true);
    expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);
    expect(p.status.hostIP).toBe(node.status.addresses[0].address);
    expect(p.status.qosClass).toBe('BestEffort');
    expect(p.status.startTime).toBe('2026-11-21T10:00:00Z');
    expect(p.status.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const cs = p.status.containerStatuses[0];
    expect(cs).toMatchObject({ image: 'docker.io/library/nginx:1.27', name: 'web', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-21T10:00:00Z' } } });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(node.metadata.annotations!['kubesim.io/last-pod-ip']).toBe(p.status.podIP);
    expect(events(c, 'Pulling')).toContain('Pulling image "nginx:1.27"');
    expect(events(c, 'Created')).toContain('Created container: web');
    expect(events(c, 'Started')).toContain('Started container web');
  });

  it("reports a container's imageID from the node's image store, where the pull put it", () => {
    const c = cluster();
    c.create(deployment('web', 1));
    reconcile(c);
    const [p] = pods(c);
    const node = c.get('nodes', undefined, p.spec.nodeName)!;
    const stored = node.status.images.find((i: any) => i.names.includes('docker.io/library/nginx:1.27'));
    expect(p.status.containerStatuses[0].imageID).toBe(stored.names[0]);
    // A node that already holds the image under another digest (pulled earlier): the runtime reports that one.
    const held = 'docker.io/library/nginx@sha256:' + 'ab'.repeat(32);
    for (const n of c.list('nodes')) {
      const next = structuredClone(n);
      next.status.images = [{ names: [held, 'docker.io/library/nginx:1.27'], sizeBytes: 1000 }];
      c.update(next);
    }
    c.create({ ...deployment('api', 1), spec: { ...deployment('api', 1).spec, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx:1.27' }] } } } });
    reconcile(c);
    const api = pods(c).find((x) => x.metadata.name!.startsWith('api-'))!;
    expect(api.status.containerStatuses[0].imageID).toBe(held);
    expect(events(c, 'Pulled')).toContain('Container image "nginx:1.27" already present on machine');
  });

  it('applies the simulated readiness probe: fail → not ready with an Unhealthy event; pass → ready', () => {
    const c = cluster();
    c.create(deployment('web', 1));
    reconcile(c);
    const name = pods(c)[0].metadata.name!;
    expect(probe(c, 'default', name, false)).toBe(`pod/${name} readiness probe failing`);
    reconcile(c);
    let p = c.get('pods', 'default', name)!;
    expect(p.status.containerStatuses[0].ready).toBe(false);
    expect(p.status.conditions.find((x: any) => x.type === 'Ready')).toEqual({
      lastProbeTime: null,
      lastTransitionTime: '2026-11-21T10:00:00Z',
      message: 'containers with unready status: [web]',
      reason: 'ContainersNotReady',
      status: 'False',
      type: 'Ready',
    });
    expect(events(c, 'Unhealthy')).toEqual(['Readiness probe failed: HTTP probe failed with statuscode: 503']);
    expect(c.list('deployments', 'default')[0].status.readyReplicas).toBeUndefined();
    expect(pods(c)).toHaveLength(1); // a not-ready pod is not replaced
    expect(probe(c, 'default', name, true)).toBe(`pod/${name} readiness probe passing`);
    reconcile(c);
    p = c.get('pods', 'default', name)!;
    expect(p.status.conditions.find((x: any) => x.type === 'Ready').status).toBe('True');
  });

  it('a full /24 leaves further pods Pending (ContainerCreating) with FailedCreatePodSandBox', () => {
    const c = cluster();
    // Only kubesim-worker is schedulable: 252 addresses, minus the CoreDNS pod already there.
    const cp = c.get('nodes', undefined, 'kubesim-worker2')!;
    const next = structuredClone(cp);
    next.spec.unschedulable = true;
    c.update(next);
    const w = structuredClone(c.get('nodes', undefined, 'kubesim-worker')!);
    w.status.allocatable.pods = '300';
    c.update(w);
    reconcile(c);
    const onWorker = pods(c, 'kube-system').filter((p) => p.spec.nodeName === 'kubesim-worker').length;
    c.create(deployment('big', 252 - onWorker + 1));
    reconcile(c);
    const stuck = pods(c).filter((p) => p.status.phase === 'Pending');
    expect(stuck).toHaveLength(1);
    expect(stuck[0].status.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    const msgs = events(c, 'FailedCreatePodSandBox');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(
      /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="ptp" failed \(add\): failed to allocate for range 0: no IP addresses available in range set: 10\.244\.1\.1-10\.244\.1\.254$/,
    );
    const ips = new Set(pods(c).filter((p) => p.status.podIP).map((p) => p.status.podIP));
    expect(ips.size).toBe(252 - onWorker);
    // Freeing an address lets the stuck pod start: in memory, and in the next command, which reads the state
    // file lazily (the node's pods waiting for an address found from their line summaries).
    const running = pods(c).find((p) => p.status.phase === 'Running')!;
    const lazy = new Cluster(decodeState(encodeState(c.state)), NOW);
    for (const x of [c, lazy]) {
      x.remove('pods', 'default', running.metadata.name!);
      const sc = structuredClone(x.get('deployments', 'default', 'big')!);
      sc.spec.replicas -= 1;
      x.update(sc);
      reconcile(x);
      expect(pods(x).filter((p) => p.status.phase === 'Pending')).toHaveLength(0);
      expect(x.get('pods', 'default', stuck[0].metadata.name!)!.status.podIP).toBe(running.status.podIP);
    }
  });
});
