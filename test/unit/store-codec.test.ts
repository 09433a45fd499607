import { describe, expect, it } from 'vitest';
import { decodeState, diff, encodeState, mayHaveOwners, patchOf } from '../../src/store/codec.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { objectProblemAt } from '../../src/store/state-shape.js';
import { lineIndexBuilt, tagCounts } from '../../src/store/bucket.js';

function pod(name: string, ip: string, node: string, rsUid = 'rs-1') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: rsUid, controller: true }] },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('state codec', () => {
  it('diff/patch round-trips additions, changes, deletions and same-length arrays', () => {
    const a = { x: 1, y: { z: [1, 2, 3], w: 'a' }, gone: true, arr: [{ a: 1 }, { a: 2 }] };
    const b = { x: 2, y: { z: [1, 5, 3], w: 'a' }, arr: [{ a: 1 }, { a: 3 }], added: { deep: [1] } };
    const p = diff(a, b)!;
    expect(patchOf(a, p)).toEqual(b);
    expect(diff(a, structuredClone(a))).toBeUndefined();
  });

  it('replaces arrays whose length changed', () => {
    const a = { l: [1, 2] };
    const b = { l: [1, 2, 3] };
    expect(patchOf(a, diff(a, b)!)).toEqual(b);
  });

  it('writes replicas of one owner as patches and reads back the same state', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.pods = {};
    for (let i = 0; i < 50; i++) state.objects.pods[`default/web-${i}`] = pod(`web-${i}`, `10.244.1.${i + 2}`, i % 2 ? 'kubesim-worker' : 'kubesim-worker2');
    const empty = { ...state, objects: { ...state.objects, pods: {} } };
    const plainPods = JSON.stringify(state).length - JSON.stringify(empty).length;
    const text = encodeState(state);
    const compactPods = text.length - encodeState(empty).length;
    // Each pod's line also ends with its row summary (~45 bytes for these small pods; store/row-summary.ts).
    expect(compactPods).toBeLessThan(plainPods * 0.55);
    expect(compactPods - 50 * 45).toBeLessThan(plainPods / 2);
    const back = decodeState(text);
    expect(back).toEqual(JSON.parse(JSON.stringify(state)));
    // Re-encoding an unchanged decoded state gives the same text.
    expect(encodeState(back)).toBe(text);
  });

  it('keeps how many pods each node has in the first line, kept right through changes, and counts them when it has none', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.pods = {};
    for (let i = 0; i < 30; i++) state.objects.pods[`default/web-${i}`] = pod(`web-${i}`, `10.244.1.${i + 2}`, ['kubesim-worker', 'kubesim-worker2', 'kubesim-worker3'][i % 3]);
    const firstLine = (text: string) => JSON.parse(text.slice(0, text.indexOf('\n')) + '}}');
    const text = encodeState(state);
    expect(firstLine(text).tagCounts).toEqual({ pods: { 'kubesim-worker': 10, 'kubesim-worker2': 10, 'kubesim-worker3': 10 } });
    // Read lazily: the counts as kept, then as the pods change (one moves, one finishes, one goes, one comes).
    const back = decodeState(text);
    const pods = back.objects.pods;
    const counts = () => Object.fromEntries([...tagCounts(pods)!].sort());
    expect(counts()).toEqual({ 'kubesim-worker': 10, 'kubesim-worker2': 10, 'kubesim-worker3': 10 });
    pods['default/web-0'] = { ...pods['default/web-0'], spec: { ...pods['default/web-0'].spec, nodeName: 'kubesim-worker2' } };
    pods['default/web-1'] = { ...pods['default/web-1'], status: { phase: 'Succeeded' } };
    delete pods['default/web-2'];
    pods['default/new'] = { ...pod('new', '10.244.9.9', 'kubesim-worker'), spec: { containers: [] } };
    const now = { 'kubesim-worker': 9, 'kubesim-worker2': 10, 'kubesim-worker2!': 1, 'kubesim-worker3': 9, '': 1 };
    expect(counts()).toEqual(Object.fromEntries(Object.entries(now).sort()));
    expect(lineIndexBuilt(pods)).toBe(false);
    const written = encodeState(back);
    expect(firstLine(written).tagCounts).toEqual({ pods: Object.fromEntries(Object.entries(now).sort()) });
    // A file without them (an older kubesim's: blanked to keep the offsets) is counted from its lines, and gets
    // them again when written.
    const without = written.replace(/"tagCounts":\{"pods":\{[^}]*\}\},/, (m) => ' '.repeat(m.length));
    expect(firstLine(without).tagCounts).toBeUndefined();
    const older = decodeState(without);
    expect(Object.fromEntries([...tagCounts(older.objects.pods)!].sort())).toEqual(Object.fromEntries(Object.entries(now).sort()));
    expect(lineIndexBuilt(older.objects.pods)).toBe(true);
    expect(encodeState(older)).toBe(written);
    // A file parsed whole (its offsets no longer right: edited by hand) does not take them, nor a state that
    // carries fields of those names: the counts written are the objects' own, once.
    const edited = written.replace('"bases":[\n', '"bases":[ \n');
    expect(edited).not.toBe(written);
    const whole = decodeState(edited);
    expect(lineIndexBuilt(whole.objects.pods)).toBeUndefined(); // parsed whole: a plain record
    expect(whole).not.toHaveProperty('tagCounts');
    const hand = { ...whole, tagCounts: { pods: { nowhere: 99 } }, ownerKinds: { pods: [] } } as any;
    const rewritten = encodeState(hand);
    expect(rewritten.split('"tagCounts"')).toHaveLength(2);
    expect(firstLine(rewritten).tagCounts).toEqual({ pods: Object.fromEntries(Object.entries(now).sort()) });
    expect(firstLine(rewritten).ownerKinds.pods).toEqual(['ReplicaSet']);
    // Counts that are not counts (none is ever 0) are not used: counted from the lines.
    const wrong = written.replace('"kubesim-worker3":9', '"kubesim-worker3":0');
    expect(Object.fromEntries([...tagCounts(decodeState(wrong).objects.pods)!].sort())).toEqual(Object.fromEntries(Object.entries(now).sort()));
  });

  it('writes and reads back a resource of more objects than a call can take as arguments (200,000 lines)', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.configmaps = {};
    for (let i = 0; i < 200_000; i++) state.objects.configmaps[`default/c${i}`] = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default' } };
    const back = decodeState(encodeState(state));
    expect(Object.keys(back.objects.configmaps).length).toBe(200_000);
    expect(back.objects.configmaps['default/c199999']).toEqual(state.objects.configmaps['default/c199999']);
  });

  it('reads a plain (uncompacted) state file too', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    expect(decodeState(JSON.stringify(state))).toEqual(JSON.parse(JSON.stringify(state)));
  });

  it('keeps a changed object correct when its siblings are reused from the file', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.pods = {};
    for (let i = 0; i < 5; i++) state.objects.pods[`default/web-${i}`] = pod(`web-${i}`, `10.244.1.${i + 2}`, 'kubesim-worker');
    const back = decodeState(encodeState(state));
    const changed = structuredClone(back.objects.pods['default/web-0']);
    changed.status.conditions[0].status = 'False';
    back.objects.pods['default/web-0'] = changed;
    delete back.objects.pods['default/web-3'];
    const again = decodeState(encodeState(back));
    expect(again.objects.pods['default/web-0'].status.conditions[0].status).toBe('False');
    expect(again.objects.pods['default/web-1'].status.conditions[0].status).toBe('True');
    expect(Object.keys(again.objects.pods).sort()).toEqual(['default/web-0', 'default/web-1', 'default/web-2', 'default/web-4']);
  });
});

describe('lazy resources', () => {
  const fixture = () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.pods = {};
    for (let i = 0; i < 5; i++) state.objects.pods[`default/web-${i}`] = pod(`web-${i}`, `10.244.1.${i + 2}`, 'kubesim-worker');
    return encodeState(state);
  };

  it('parses a resource only when it is read, object by object, and writes untouched ones back as they were', () => {
    const text = fixture();
    const decoded: string[] = [];
    const state = decodeState(text, undefined, (plural, key) => decoded.push(`${plural} ${key}`));
    // Keys come from the lines without decoding any object.
    expect(Object.keys(state.objects.services).sort()).toEqual(['default/kubernetes', 'kube-system/kube-dns']);
    expect(decoded).toEqual([]);
    expect(state.objects.services['kube-system/kube-dns'].spec.clusterIP).toBe('10.96.0.10');
    expect(decoded).toEqual(['services kube-system/kube-dns']);
    expect(encodeState(state)).toBe(text);
    expect(decoded).toEqual(['services kube-system/kube-dns']);
  });

  it('re-encodes a resource that changed, and only that one', () => {
    const state = decodeState(fixture());
    const svc = structuredClone(state.objects.services['default/kubernetes']);
    svc.metadata.labels = { changed: 'yes' };
    state.objects.services['default/kubernetes'] = svc;
    const again = decodeState(encodeState(state));
    expect(again.objects.services['default/kubernetes'].metadata.labels).toEqual({ changed: 'yes' });
    expect(Object.keys(again.objects.pods)).toHaveLength(5);
  });

  it('lets the caller reject a resource whose text is damaged, when it is read', () => {
    const file = JSON.parse(fixture());
    file.buckets.pods = '{"plain": {"default/x": 1';
    const state = decodeState(JSON.stringify(file));
    expect(() => state.objects.pods).toThrow(SyntaxError);
    expect(Object.keys(state.objects.services)).toHaveLength(2);
  });
});

describe('hand edits', () => {
  it('keeps objects written in full beside a resource even when no command read that resource', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    const file = JSON.parse(encodeState(state));
    file.objects = { services: { 'default/extra': { apiVersion: 'v1', kind: 'Service', metadata: { name: 'extra', namespace: 'default' }, spec: {} } } };
    const again = decodeState(encodeState(decodeState(JSON.stringify(file))));
    expect(Object.keys(again.objects.services).sort()).toEqual(['default/extra', 'default/kubernetes', 'kube-system/kube-dns']);
  });
});

describe('the first compact layout', () => {
  it('reads objects kept in a top-level `compact` section (bases and patches) instead of losing them', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    const base = pod('web-0', '10.244.1.2', 'kubesim-worker');
    const file = {
      ...JSON.parse(JSON.stringify(state)),
      compact: {
        bases: [[-1, base]],
        objects: { pods: { 'default/web-0': [0, null], 'default/web-1': [0, { '~metadata': { '=name': 'web-1', '=uid': 'uid-web-1' }, '~status': { '=podIP': '10.244.1.3' } }] } },
      },
    };
    const back = decodeState(JSON.stringify(file));
    expect(Object.keys(back.objects.pods).sort()).toEqual(['default/web-0', 'default/web-1']);
    expect(back.objects.pods['default/web-1'].status.podIP).toBe('10.244.1.3');
    expect(back.objects.pods['default/web-1'].metadata.name).toBe('web-1');
    expect(Object.keys(back.objects.services)).toHaveLength(2);
    expect('compact' in back).toBe(false);
  });
});

describe('checks', () => {
  it('checks each object of a resource read lazily as it is decoded: a hand edit inside a line is caught when read', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    const bytes = Buffer.from(encodeState(state));
    // The same length, one name changed inside the services resource: its key no longer matches it.
    const head = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(10)) + '}}');
    const [start] = head.index.services.map(Number);
    bytes.write('kube-dnx', bytes.indexOf('"name":"kube-dns"', start) + 8);
    const problems: string[] = [];
    const s2 = decodeState(bytes, undefined, (plural, key, obj) => {
      const p = objectProblemAt(plural, key, obj);
      if (p) problems.push(p);
    });
    void s2.objects.services['default/kubernetes'];
    expect(problems).toEqual([]);
    void s2.objects.services['kube-system/kube-dns'];
    expect(problems).toEqual(['objects.services["kube-system/kube-dns"]: key does not match the object\'s namespace/name "kube-system/kube-dnx"']);
  });
});

describe('owner references flag', () => {
  it('records per resource whether any object has owner references, so the garbage collector can skip it', () => {
    const state = createClusterState({}, new Date('2026-11-21T10:00:00Z'));
    state.objects.pods = { 'default/web-0': pod('web-0', '10.244.1.2', 'kubesim-worker') };
    const text = encodeState(state);
    const head = JSON.parse(text.slice(0, text.indexOf('\n')) + '}}');
    expect(head.index.services[2]).toBe('0');
    expect(head.index.pods[2]).toBe('1');
    const back = decodeState(text);
    expect(mayHaveOwners(back.objects, 'services')).toBe(false);
    expect(mayHaveOwners(back.objects, 'pods')).toBe(true);
    // A Service written with an owner reference since: the flag no longer holds, in memory and in the file.
    const svc = structuredClone(back.objects.services['default/kubernetes']);
    svc.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'uid-web-0' }];
    back.objects.services['default/kubernetes'] = svc;
    expect(mayHaveOwners(back.objects, 'services')).toBe(true);
    const again = encodeState(back);
    expect(JSON.parse(again.slice(0, again.indexOf('\n')) + '}}').index.services[2]).toBe('1');
  });
});
