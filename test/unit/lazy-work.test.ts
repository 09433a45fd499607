// What keeps commands fast on big clusters, checked as work done rather than time taken: a command decodes only the
// objects it needs from the state file. A cluster of 40 Deployments × 5 pods (and their Services) is built with
// the real binary on 8 workers; then a scale, a Service change and a pod deletion are reconciled, a pod table
// printed and kube-proxy's rules built, in-process, while the codec reports every object it decodes.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, freshCluster, FIXED_NOW } from '../helpers/cli.js';
import { decodeState } from '../../src/store/codec.js';
import { Cluster } from '../../src/store/cluster.js';
import { reconcile } from '../../src/controllers/index.js';
import { rolloutHistory, scale } from '../../src/controllers/workload-commands.js';
import { resourceTypeForKind } from '../../src/api/resources.js';
import { queryObjects } from '../../src/cli/printers/query.js';
import { renderGet } from '../../src/cli/printers/get-output.js';
import { nodeRulesText } from '../../src/dataplane/kube-proxy/rules.js';
import { endpointsAbove } from '../../src/dataplane/kube-proxy/service-ports.js';
import { serviceSlices } from '../../src/dataplane/lookup.js';
import { iptablesSave } from '../../src/dataplane/kube-proxy/iptables-save.js';
import { describerFor } from '../../src/cli/printers/describe/index.js';
import { buildGraph } from '../../src/cli/graph/model.js';
import { sliceEndpoints } from '../../src/cli/printers/describe/service.js';
import { lineIndexBuilt } from '../../src/store/bucket.js';
import { recordEvent } from '../../src/controllers/events.js';

const APPS = 40;
const REPLICAS = 5;

/** A Deployment of `replicas` whoami pods labelled app=name. */
function deploymentDoc(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: traefik/whoami:v1.10
        ports:
        - containerPort: 80
`;
}

function manifest(): string {
  const docs: string[] = [];
  for (let i = 1; i <= APPS; i++) {
    const app = `app-${String(i).padStart(2, '0')}`;
    docs.push(`${deploymentDoc(app, REPLICAS)}---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
spec:
  selector:
    app: ${app}
  ports:
  - port: 80
`);
  }
  return docs.join('---\n');
}

/** A cluster read from a saved file, and the objects decoded so far ("plural key"). */
function openSaved(bytes: Buffer): { cluster: Cluster; decoded: string[] } {
  const decoded: string[] = [];
  const st = decodeState(bytes, undefined, (plural, key) => decoded.push(`${plural} ${key}`));
  return { cluster: new Cluster(st, new Date(FIXED_NOW)), decoded };
}

describe('work done on a large cluster', () => {
  const { state, run } = freshCluster();
  const file = state.replace(/state\.json$/, 'apps.yaml');
  writeFileSync(file, manifest());
  const created = run(['cluster', 'create', '--nodes', '8', '--seed', '7']);
  const applied = run(['apply', '-f', file]);
  const bytes = readFileSync(state);

  /** The cluster as saved, and the objects decoded so far. */
  function open() {
    const { cluster, decoded } = openSaved(bytes);
    return {
      cluster,
      decoded,
      pods: () => decoded.filter((d) => d.startsWith('pods ')),
      /** Decoded objects of the resources kube-proxy reads. */
      proxied: () => decoded.filter((d) => /^(services|endpointslices) /.test(d)),
    };
  }

  it('builds the cluster', () => {
    expect(created.code).toBe(0);
    expect(applied.code).toBe(0);
    expect(open().cluster.keys('pods').filter((k) => k.startsWith('default/app-'))).toHaveLength(APPS * REPLICAS);
  });

  /**
   * Pods a command may decode besides the owner's: those sharing a node with a pod it placed or removed (the
   * kubelet reads the addresses in use on that node). Worked out on a second copy, decoding everything.
   */
  function sharingANode(change: (c: Cluster) => void): Set<string> {
    const { cluster } = open();
    change(cluster);
    reconcile(cluster);
    const nodes = new Set<string>();
    for (const c of cluster.log) if (c.plural === 'pods') for (const p of [c.old, c.obj]) if (p?.spec?.nodeName) nodes.add(p.spec.nodeName);
    const before = open().cluster;
    return new Set(before.list('pods').filter((p) => nodes.has(p.spec?.nodeName)).map((p) => `pods ${p.metadata.namespace}/${p.metadata.name}`));
  }

  it('scaling one Deployment up decodes its own pods and those of the node its new pod went to, no other', () => {
    const change = (c: Cluster) => scale(c, resourceTypeForKind('Deployment')!, 'default', 'app-07', REPLICAS + 1);
    const allowed = sharingANode(change);
    const { cluster, pods } = open();
    change(cluster);
    reconcile(cluster);
    expect(cluster.keys('pods').filter((k) => k.startsWith('default/app-07-'))).toHaveLength(REPLICAS + 1);
    expect(pods().filter((d) => !d.startsWith('pods default/app-07-') && !allowed.has(d))).toEqual([]);
    expect(allowed.size).toBeLessThan((APPS * REPLICAS) / 4);
  });

  it('scaling one Deployment down decodes its own pods and those of the nodes that got addresses back, no other', () => {
    const change = (c: Cluster) => scale(c, resourceTypeForKind('Deployment')!, 'default', 'app-12', REPLICAS - 2);
    const allowed = sharingANode(change);
    const { cluster, pods } = open();
    change(cluster);
    reconcile(cluster);
    expect(cluster.keys('pods').filter((k) => k.startsWith('default/app-12-'))).toHaveLength(REPLICAS - 2);
    expect(pods().filter((d) => !d.startsWith('pods default/app-12-') && !allowed.has(d))).toEqual([]);
  });

  it('changing a Service\'s labels decodes the pods it selects, and no other', () => {
    const { cluster, pods } = open();
    const svc = structuredClone(cluster.get('services', 'default', 'app-23')!);
    svc.metadata.labels = { team: 'blue' };
    cluster.update(svc);
    reconcile(cluster);
    expect(cluster.get('endpoints', 'default', 'app-23')!.metadata.labels).toMatchObject({ team: 'blue' });
    expect(pods().length).toBe(REPLICAS);
    expect(pods().every((d) => d.startsWith('pods default/app-23-'))).toBe(true);
  });

  it('deleting a pod decodes its siblings (the ReplicaSet replaces it) and the pods of its node, not every pod', () => {
    const victim = open().cluster.keys('pods').find((k) => k.startsWith('default/app-31-'))!;
    const change = (c: Cluster) => void c.remove('pods', 'default', victim.slice('default/'.length));
    const allowed = sharingANode(change);
    const { cluster, pods } = open();
    change(cluster);
    reconcile(cluster);
    expect(cluster.keys('pods').filter((k) => k.startsWith('default/app-31-'))).toHaveLength(REPLICAS);
    expect(pods().filter((d) => !d.startsWith('pods default/app-31-') && !allowed.has(d))).toEqual([]);
    expect(allowed.size).toBeLessThan((APPS * REPLICAS) / 4);
  });

  /** `get pods -A -o wide` in-process; tableOnly as the get command sets it for a plain or wide table. */
  async function podsTable(cluster: Cluster, tableOnly: boolean): Promise<string> {
    const q = queryObjects(cluster, ['pods'], { namespace: 'default', allNamespaces: true, tableOnly });
    const r = await renderGet(q, { output: 'wide', showLabels: false, noHeaders: false, allNamespaces: true, now: cluster.now, readFile: () => '' }, 'default');
    return Buffer.from(r.stdout).toString();
  }

  it('listing every pod as a table decodes none of them: the rows come from the summaries their lines keep', async () => {
    const decodedTable = await podsTable(open().cluster, false);
    const { cluster, pods } = open();
    expect(await podsTable(cluster, true)).toBe(decodedTable);
    expect(pods()).toEqual([]);
    expect(decodedTable.split('\n')[1]).toMatch(/^default\s+app-01-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+0s\s+10\.244\.\d+\.\d+\s+kubesim-worker\d*\s+<none>\s+<none>$/);
  });

  it('a pod changed since read is printed from its object, not from its line\'s summary', async () => {
    const { cluster, pods } = open();
    const key = cluster.keys('pods').find((k) => k.startsWith('default/app-05-'))!;
    const pod = structuredClone(cluster.get('pods', 'default', key.slice('default/'.length))!);
    pod.status.podIP = '10.244.9.99';
    cluster.update(pod);
    const before = pods().length;
    const table = await podsTable(cluster, true);
    expect(pods().length).toBe(before);
    expect(table.split('\n').filter((l) => l.includes('10.244.9.99'))).toEqual([expect.stringContaining(key.slice('default/'.length))]);
    expect(table).toBe(await podsTable(cluster, false));
  });

  /** Every object of the resources kube-proxy reads, decoded before the rules are built. */
  function decodedAll(c: Cluster): Cluster {
    for (const plural of ['services', 'endpointslices']) c.list(plural);
    return c;
  }

  it('kube-proxy\'s rules are built from the proxy summaries of the Services\' and EndpointSlices\' lines, decoding none', () => {
    const { cluster, proxied } = open();
    const text = iptablesSave(nodeRulesText(cluster, 'kubesim-worker'), cluster.now);
    expect(proxied()).toEqual([]);
    expect(text).toBe(iptablesSave(nodeRulesText(decodedAll(open().cluster), 'kubesim-worker'), cluster.now));
    // The binary prints them in full to a pipe whose reader starts late: more than the pipe holds, so the process
    // must not exit before the rest is written.
    expect(text.length).toBeGreaterThan(65536);
    const env = { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, KUBESIM_STATE: state };
    const printed = spawnSync('sh', ['-c', '"$0" "$1" iptables-save | (sleep 0.5; cat)', process.execPath, BIN], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(printed.stdout).toBe(text);
    // Two rules per endpoint of each app (the others: CoreDNS's and the API server's).
    expect(text.split('\n').filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('--comment "default/app-')).length).toBe(2 * APPS * REPLICAS);
  });

  it('kube-proxy\'s large-cluster count (more than N endpoints?) reads the proxy summaries, decoding no Service and no slice', () => {
    const { cluster, proxied } = open();
    const decoded = decodedAll(open().cluster);
    // 200 app endpoints, the API server's and CoreDNS's: above 200, not above 1000.
    for (const threshold of [0, 100, 199, 200, 206, 207, 1000]) expect(endpointsAbove(cluster, threshold)).toBe(endpointsAbove(decoded, threshold));
    expect([endpointsAbove(cluster, 200), endpointsAbove(cluster, 1000)]).toEqual([true, false]);
    expect(proxied()).toEqual([]);
    // Objects changed since read are read as they are now: app-07 given a second port, its endpoints count twice.
    const total = [...Array(20).keys()].map((i) => 195 + i).find((t) => !endpointsAbove(open().cluster, t))!;
    const changed = open().cluster;
    const svc = structuredClone(changed.get('services', 'default', 'app-07')!);
    svc.spec.ports = [{ name: 'a', port: 80, targetPort: 80, protocol: 'TCP' }, { name: 'b', port: 81, targetPort: 80, protocol: 'TCP' }];
    changed.update(svc);
    const slice = structuredClone(serviceSlices(changed, 'default', 'app-07')[0]);
    slice.ports = [{ name: 'a', port: 80, protocol: 'TCP' }, { name: 'b', port: 80, protocol: 'TCP' }];
    changed.update(slice);
    expect([endpointsAbove(changed, total + REPLICAS - 1), endpointsAbove(changed, total + REPLICAS)]).toEqual([true, false]);
  });

  it('kube-proxy\'s rules use the object of a Service changed since read, not its line\'s summary', () => {
    const { cluster, proxied } = open();
    const svc = structuredClone(cluster.get('services', 'default', 'app-07')!);
    svc.spec.ports[0].port = 8081;
    cluster.update(svc);
    const text = iptablesSave(nodeRulesText(cluster, 'kubesim-worker'), cluster.now);
    expect(proxied()).toEqual(['services default/app-07']);
    expect(text).toContain(`-A KUBE-SERVICES -d ${svc.spec.clusterIP}/32 -p tcp -m comment --comment "default/app-07 cluster IP" -m tcp --dport 8081 -j KUBE-SVC-`);
    const changed = decodedAll(open().cluster);
    changed.update(structuredClone(svc));
    expect(text).toBe(iptablesSave(nodeRulesText(changed, 'kubesim-worker'), cluster.now));
  });

  it('describing a Service decodes its own EndpointSlice, no other Service\'s', () => {
    const { cluster, decoded } = open();
    const svc = cluster.get('services', 'default', 'app-17')!;
    const text = describerFor('services')(svc, { cluster, paint: (s) => s });
    // Found by searching the slices' text for the Service's name: no other slice is decoded (not even those whose
    // names no Service would generate, such as `kubernetes`, which a lookup by name would have to check).
    const slices = decoded.filter((d) => d.startsWith('endpointslices '));
    expect(slices).toEqual([expect.stringMatching(/^endpointslices default\/app-17-[a-z0-9]{5}$/)]);
    // As from every slice of the namespace, filtered by the Service label.
    const all = open().cluster.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'app-17');
    expect(all).toHaveLength(1);
    expect(text).toContain(`\nEndpoints:                ${sliceEndpoints(all, '')}\n`);
    expect(sliceEndpoints(all, '')).toMatch(/^(10\.244\.\d+\.\d+:80,){2}10\.244\.\d+\.\d+:80 \+ 2 more\.\.\.$/);
  });
  /** What decoding every object would give: the objects of `plural` matching `keep`, in list order. */
  const listed = (plural: string, keep: (o: any) => boolean) => open().cluster.list(plural).filter(keep);
  const names = (objs: Array<{ metadata: { name?: string } }>) => objs.map((o) => o.metadata.name);

  it('get -l with a label value decodes only the objects whose lines (or bases) hold that value', () => {
    const { cluster, pods } = open();
    const q = queryObjects(cluster, ['pods'], { namespace: 'default', allNamespaces: true, selector: 'app=app-12' });
    expect(names(q.groups[0].objs)).toEqual(names(listed('pods', (p) => p.metadata.labels?.app === 'app-12')));
    expect(q.groups[0].objs).toHaveLength(REPLICAS);
    expect(pods()).toHaveLength(REPLICAS);
    // `in`: each value searched; `!=` names no value to search for: every pod is listed (and decoded).
    const both = queryObjects(open().cluster, ['pods'], { namespace: 'default', allNamespaces: false, selector: 'app in (app-03,app-04)' });
    expect(names(both.groups[0].objs)).toEqual(names(listed('pods', (p) => ['app-03', 'app-04'].includes(p.metadata.labels?.app))));
    const other = open();
    const not = queryObjects(other.cluster, ['pods'], { namespace: 'default', allNamespaces: false, selector: 'app!=app-03' });
    expect(not.groups[0].objs).toHaveLength((APPS - 1) * REPLICAS);
    expect(other.pods().length).toBeGreaterThanOrEqual(APPS * REPLICAS);
  });

  it('describing a node, a Deployment or a ReplicaSet decodes its own pods or ReplicaSets, not every one', () => {
    const { cluster, pods, decoded } = open();
    const node = describerFor('nodes')(cluster.get('nodes', undefined, 'kubesim-worker3')!, { cluster, paint: (s) => s });
    const onNode = listed('pods', (p) => p.spec?.nodeName === 'kubesim-worker3');
    expect(onNode.length).toBeGreaterThan(0);
    expect(node).toContain(`Non-terminated Pods:          (${onNode.length} in total)\n`);
    for (const p of onNode) expect(node).toMatch(new RegExp(`\\n  ${p.metadata.namespace}\\s+${p.metadata.name}\\s`));
    expect(pods()).toHaveLength(onNode.length);
    const deployment = describerFor('deployments')(cluster.get('deployments', 'default', 'app-21')!, { cluster, paint: (s) => s });
    const rs = listed('replicasets', (r) => r.metadata.labels?.app === 'app-21')[0];
    expect(deployment).toMatch(new RegExp(`\\nNewReplicaSet:\\s+${rs.metadata.name} \\(5/5 replicas created\\)\\n`));
    expect(decoded.filter((d) => d.startsWith('replicasets '))).toEqual([`replicasets default/${rs.metadata.name}`]);
    const before = pods().length;
    const replicaSet = describerFor('replicasets')(cluster.get('replicasets', 'default', rs.metadata.name!)!, { cluster, paint: (s) => s });
    expect(replicaSet).toContain('\nPods Status:    5 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
    expect(pods().length - before).toBeLessThanOrEqual(REPLICAS);
  });
  it('deleting a Service removes its EndpointSlice and Endpoints and decodes no pod', () => {
    const { cluster, pods } = open();
    const slices = (c: Cluster) => c.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'app-05');
    expect(slices(open().cluster)).toHaveLength(1);
    cluster.remove('services', 'default', 'app-05');
    reconcile(cluster);
    expect(slices(cluster)).toEqual([]);
    expect(cluster.get('endpoints', 'default', 'app-05')).toBeUndefined();
    expect(pods()).toEqual([]);
  });
  it('rollout history and a Service\'s graph decode their own ReplicaSets and slices, not every one', () => {
    const { cluster, decoded } = open();
    const history = rolloutHistory(cluster, resourceTypeForKind('Deployment')!, 'default', 'app-09');
    expect(history).toBe('deployment.apps/app-09 \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
    expect(decoded.filter((d) => d.startsWith('replicasets '))).toEqual([expect.stringMatching(/^replicasets default\/app-09-[a-z0-9]+$/)]);
    const [svc] = buildGraph(cluster, { namespace: 'default', service: 'app-09' });
    expect(svc.children.map((c) => c.kind)).toEqual(['EndpointSlice']);
    expect(decoded.filter((d) => d.startsWith('endpointslices ') && !d.endsWith('/kubernetes'))).toEqual([expect.stringMatching(/^endpointslices default\/app-09-[a-z0-9]{5}$/)]);
  });
  it('a bare pod is matched for adoption against its own namespace\'s ReplicaSets only', () => {
    const { cluster, decoded } = open();
    cluster.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'kube-system', labels: { app: 'app-01' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    reconcile(cluster);
    expect(cluster.get('pods', 'kube-system', 'bare')!.metadata.ownerReferences).toBeUndefined();
    expect(decoded.filter((d) => d.startsWith('replicasets default/'))).toEqual([]);
    expect(decoded.filter((d) => d.startsWith('replicasets kube-system/'))).toEqual([expect.stringMatching(/^replicasets kube-system\/coredns-/)]);
  });
  it('recording an event searches the events for its object and counts them, without indexing their lines', () => {
    const { cluster } = open();
    scale(cluster, resourceTypeForKind('Deployment')!, 'default', 'app-04', REPLICAS + 1);
    reconcile(cluster);
    expect(lineIndexBuilt(cluster.state.objects.events)).toBe(false);
    // A repeat of a stored event is folded into it (count 2), which becomes the newest.
    const pod = cluster.list('pods', 'default').find((p) => p.metadata.name!.startsWith('app-05-'))!;
    const scheduled = cluster.mentioning('events', pod.metadata.uid!)!.find((e) => e.reason === 'Scheduled')!;
    recordEvent(cluster, pod, 'Normal', 'Scheduled', scheduled.message, 'default-scheduler');
    expect(lineIndexBuilt(cluster.state.objects.events)).toBe(false);
    const events = cluster.list('events', 'default');
    const app04 = (c: Cluster) => c.list('pods', 'default').map((p) => p.metadata.name!).filter((n) => n.startsWith('app-04-'));
    const before = new Set(app04(open().cluster));
    const added = app04(cluster).filter((n) => !before.has(n));
    expect(added).toHaveLength(1);
    expect(events.filter((e) => e.message === `Created pod: ${added[0]}`).map((e) => [e.reason, e.count])).toEqual([['SuccessfulCreate', 1]]);
    // The newest is the last in store order (the order events are dropped in, oldest first).
    const newest = cluster.state.objects.events[cluster.keys('events').at(-1)!];
    expect(newest).toMatchObject({ reason: 'Scheduled', message: scheduled.message, count: 2, involvedObject: { uid: pod.metadata.uid } });
    expect(events.filter((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'Scheduled')).toHaveLength(1);
  });
  it('recording many events decodes only the events of the objects they are about', () => {
    const { cluster, decoded } = open();
    expect(open().cluster.keys('events').length).toBeGreaterThan(APPS * REPLICAS);
    scale(cluster, resourceTypeForKind('Deployment')!, 'default', 'app-03', REPLICAS + 20);
    reconcile(cluster);
    const events = decoded.filter((d) => d.startsWith('events '));
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((d) => !/^events default\/app-03[.-]/.test(d))).toEqual([]);
    // (Listing them decodes every event.) The 20 new pods were scheduled, each with its event.
    const scheduled = cluster.list('events', 'default').filter((e) => e.involvedObject?.name?.startsWith('app-03-') && e.reason === 'Scheduled');
    expect(scheduled.length).toBeGreaterThanOrEqual(20);
  });
});

describe('the scheduler on a full cluster', () => {
  // One worker (room for 110 pods, one taken by CoreDNS): app-a (60 pods) and app-b (49) fill it; the pods of six
  // Deployments of 8 created after them (app-c to app-h) wait for room.
  const { state, run } = freshCluster();
  const file = state.replace(/state\.json$/, 'full.yaml');
  const waitingApps = ['app-c', 'app-d', 'app-e', 'app-f', 'app-g', 'app-h'];
  writeFileSync(file, [deploymentDoc('app-a', 60), deploymentDoc('app-b', 49), ...waitingApps.map((a) => deploymentDoc(a, 8))].join('---\n'));
  const created = run(['cluster', 'create', '--nodes', '1', '--seed', '7']);
  const applied = run(['apply', '-f', file]);
  const bytes = readFileSync(state);

  const open = () => openSaved(bytes);
  /** Each pod's node, resourceVersion and PodScheduled condition. */
  const placement = (c: Cluster) =>
    c.list('pods').map((p) => [p.metadata.name, p.spec.nodeName ?? '', p.metadata.resourceVersion, JSON.stringify(p.status.conditions?.find((x: any) => x.type === 'PodScheduled'))]);
  const waitingKeys = (c: Cluster) => new Set(c.list('pods').filter((p) => !p.spec.nodeName).map((p) => `pods ${p.metadata.namespace}/${p.metadata.name}`));

  it('builds the cluster: 48 pods wait for room', () => {
    expect(created.code).toBe(0);
    expect(applied.code).toBe(0);
    const waiting = open().cluster.list('pods').filter((p) => !p.spec.nodeName);
    expect(waiting).toHaveLength(48);
    expect(new Set(waiting.map((p) => p.metadata.labels?.app))).toEqual(new Set(waitingApps));
  });

  it('scaling a Deployment down places the oldest waiting pods, decoding no other waiting pod', () => {
    const change = (c: Cluster) => scale(c, resourceTypeForKind('Deployment')!, 'default', 'app-a', 57);
    // The same change on a cluster whose every pod was decoded first (no line summary read).
    const reference = open().cluster;
    const waiting = waitingKeys(reference);
    const oldest = reference
      .list('pods')
      .filter((p) => !p.spec.nodeName)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .slice(0, 3)
      .map((p) => p.metadata.name);
    change(reference);
    reconcile(reference);
    const { cluster, decoded } = open();
    change(cluster);
    reconcile(cluster);
    const decodedByScale = [...decoded]; // (listing the pods below decodes every one)
    expect(placement(cluster)).toEqual(placement(reference));
    const placed = cluster.list('pods').filter((p) => waiting.has(`pods default/${p.metadata.name}`) && p.spec.nodeName);
    expect(placed.map((p) => [p.metadata.name, p.spec.nodeName]).sort()).toEqual(oldest.map((n) => [n, 'kubesim-worker']).sort());
    // The three placed were decoded (to be bound), with their siblings (their ReplicaSet counts its pods again); no
    // pod of the five other Deployments still waiting was.
    const owners = new Set(placed.map((p) => p.metadata.labels?.app));
    expect(owners).toEqual(new Set(['app-c']));
    expect(decodedByScale.filter((d) => waiting.has(d) && !d.startsWith('pods default/app-c-'))).toEqual([]);
    expect(decodedByScale.filter((d) => d.startsWith('pods default/app-c-')).length).toBeGreaterThanOrEqual(3);
  });

  it('a waiting pod with a constraint of its own is decoded and judged, and still waits', () => {
    const { cluster, decoded } = open();
    const name = [...waitingKeys(cluster)].find((k) => k.startsWith('pods default/app-f-'))!.slice('pods default/'.length);
    const pod = structuredClone(cluster.get('pods', 'default', name)!);
    pod.spec.tolerations.push({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' });
    cluster.update(pod);
    reconcile(cluster);
    // Tolerating the control plane's taint, it goes there (the only node with room).
    expect(cluster.get('pods', 'default', name)!.spec.nodeName).toBe('kubesim-control-plane');
    expect(decoded).toContain(`pods default/${name}`);
  });
});
