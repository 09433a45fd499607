// Cluster.summarized (and summaryRows, the same as bytes): a table's objects from their lines' row summaries, in the order list gives (namespace, then
// name), whatever the namespaces' names. Cluster.mentioning: how many texts a command may search a resource for.
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/store/codec.js';
import { Cluster } from '../../src/store/cluster.js';
import { rowKey } from '../../src/store/summary-rows.js';
import { queryObjects } from '../../src/cli/printers/query.js';
import { renderGet } from '../../src/cli/printers/get-output.js';
import { createClusterState } from '../../src/sim/default-cluster.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function pod(namespace: string, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: '2026-11-21T09:00:00Z' },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running', podIP: '10.244.1.9' },
  };
}

describe('Cluster.summarized', () => {
  it('lists objects as list does: by namespace, then name, though "a-b/…" sorts before "a/…" as text', () => {
    const state = createClusterState({}, NOW);
    state.objects.pods = {};
    for (const [ns, name] of [['b', 'x'], ['a-b', 'y'], ['a', 'z'], ['a.b', 'w'], ['a', 'a-1'], ['a', 'a'], ['ab', 'k'], ['a', 'b'], ['default', 'q']]) {
      state.objects.pods[`${ns}/${name}`] = pod(ns, name);
    }
    const cluster = new Cluster(decodeState(encodeState(state)), NOW);
    const listed = cluster.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    const lazy = new Cluster(decodeState(encodeState(state)), NOW);
    const summarized = lazy.summarized('pods', undefined)!;
    expect(summarized.keys).toEqual(listed);
    expect(listed.slice(0, 5)).toEqual(['a/a', 'a/a-1', 'a/b', 'a/z', 'a-b/y']);
    expect(summarized.values.every((v) => typeof v === 'string')).toBe(true);
    expect(lazy.summarized('pods', 'a')!.keys).toEqual(['a/a', 'a/a-1', 'a/b', 'a/z']);
    expect(lazy.summarized('pods', 'a')!.object(3).metadata.name).toBe('z');
  });
});

describe('Cluster.summaryRows', () => {
  /** Each listed row's key and summary (or, without one, the name of its object). */
  const listedRows = (c: Cluster, ns?: string) => {
    const l = c.summaryRows('pods', ns)!;
    return [...l.order].map((r) => {
      const a = l.rows.at;
      const summary = a[4 * r + 2] < 0 ? `object ${l.object(r).metadata.name}` : l.rows.bytes.toString('utf8', a[4 * r + 2], a[4 * r + 3]);
      return `${rowKey(l.rows, r)} ${summary}`;
    });
  };

  it('gives the rows as bytes in list order, with the summaries summarized gives, before and after a change', () => {
    const state = createClusterState({}, NOW);
    state.objects.pods = {};
    // Names whose UTF-8 bytes sort otherwise than their UTF-16 units (U+E000 against U+10000), and names alike in
    // their first thirty bytes.
    const names = ['x', 'a-1', 'a', 'b', '\ue000', '\u{10000}', 'é', 'a'.repeat(40) + '2', 'a'.repeat(40) + '10', 'a'.repeat(40)];
    for (const [ns, name] of [['b', 'x'], ['a-b', 'y'], ['ab', 'k'], ['default', 'q'], ...names.map((n) => ['a', n])]) state.objects.pods[`${ns}/${name}`] = pod(ns, name);
    const encoded = encodeState(state);
    const listed = new Cluster(decodeState(encoded), NOW).list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    const lazy = new Cluster(decodeState(encoded), NOW);
    const summarized = lazy.summarized('pods', undefined)!;
    const want = summarized.keys.map((k, i) => `${k} ${summarized.values[i]}`);
    expect(summarized.keys).toEqual(listed);
    expect(listedRows(new Cluster(decodeState(encoded), NOW))).toEqual(want);
    expect(listedRows(new Cluster(decodeState(encoded), NOW), 'a')).toEqual(want.filter((x) => x.startsWith('a/')));
    expect(listedRows(new Cluster(decodeState(encoded), NOW), 'none')).toEqual([]);
    // A pod changed: its line's summary is no longer its own; its object is given instead.
    const changed = new Cluster(decodeState(encoded), NOW);
    const q = changed.get('pods', 'default', 'q')!;
    changed.update({ ...q, metadata: { ...q.metadata, labels: { changed: 'yes' } } });
    expect(listedRows(changed)).toEqual(want.map((x) => (x.startsWith('default/q ') ? 'default/q object q' : x)));
  });
});

describe('get: a table from the summaries as bytes', () => {
  /** `get pods -A -o wide` in-process, as a table from the rows (tableOnly) or from the objects. */
  async function podsTable(cluster: Cluster, tableOnly: boolean): Promise<string> {
    const q = queryObjects(cluster, ['pods'], { namespace: 'default', allNamespaces: true, tableOnly });
    const r = await renderGet(q, { output: 'wide', showLabels: false, noHeaders: false, allNamespaces: true, now: NOW, readFile: () => '' }, 'default');
    return Buffer.from(r.stdout).toString();
  }

  it('prints the rows the objects give, with names beyond ASCII and a pod whose line keeps no summary to trust', async () => {
    const state = createClusterState({}, NOW);
    state.objects.pods = {};
    for (const [ns, name] of [['b', 'x'], ['a', 'wéb-1'], ['a', '前端'], ['a', 'plain'], ['a-b', 'y']]) state.objects.pods[`${ns}/${name}`] = pod(ns, name);
    // A status the summary cannot carry (a quote): its line keeps UNKNOWN, and its row comes from its object.
    state.objects.pods['a/odd'] = { ...pod('a', 'odd'), status: { phase: 'Failed', reason: 'Evicted "now"' } };
    const encoded = encodeState(state);
    const fromObjects = await podsTable(new Cluster(decodeState(encoded), NOW), false);
    expect(await podsTable(new Cluster(decodeState(encoded), NOW), true)).toBe(fromObjects);
    expect(fromObjects.split('\n').slice(0, 6)).toEqual([
      'NAMESPACE   NAME    READY   STATUS          RESTARTS   AGE   IP           NODE             NOMINATED NODE   READINESS GATES',
      'a           odd     0/1     Evicted "now"   0          60m   <none>       kubesim-worker   <none>           <none>',
      'a           plain   0/1     Running         0          60m   10.244.1.9   kubesim-worker   <none>           <none>',
      'a           wéb-1   0/1     Running         0          60m   10.244.1.9   kubesim-worker   <none>           <none>',
      'a           前端      0/1     Running         0          60m   10.244.1.9   kubesim-worker   <none>           <none>',
      'a-b         y       0/1     Running         0          60m   10.244.1.9   kubesim-worker   <none>           <none>',
    ]);
  });
});

describe('Cluster.mentioning', () => {
  it('answers 16 texts per resource and command, then leaves it to a view; a text searched before still answers', () => {
    const state = createClusterState({}, NOW);
    state.objects.pods = {};
    for (let i = 0; i < 20; i++) state.objects.pods[`a/p-${i}`] = { ...pod('a', `p-${i}`), metadata: { name: `p-${i}`, namespace: 'a', labels: { n: `lbl-${i}` } } };
    const lazy = new Cluster(decodeState(encodeState(state)), NOW);
    for (let i = 0; i < 16; i++) expect(lazy.mentioning('pods', `lbl-${i}`)!.map((p) => p.metadata.name)).toEqual([`p-${i}`]);
    expect(lazy.mentioning('pods', 'lbl-16')).toBeUndefined();
    expect(lazy.mentioning('pods', 'lbl-3')!.map((p) => p.metadata.name)).toEqual(['p-3']);
  });
});
