import { afterEach, describe, expect, it } from 'vitest';
import { decodeParsedBucket, encodeBucket, firstKeysOf, lineIndexBuilt, lineSummaryOf, sizeOf, tagCountsToKeep, keysMentioning, keysOf, keysOwnedBy, keysReferencing, keysTagged, lazyBucketBytes, openBucket, PROBES, summariesOf, tagCounts, valuesOf } from '../../src/store/bucket.js';
import { podTag } from '../../src/store/tags.js';
import { searchText, setSearchChunk, textInMemory } from '../../src/store/deferred-text.js';
import { Random, seedState } from '../../src/sim/random.js';
import { pod, type Obj } from './store-pods-fixture.js';


const parse = (bytes: Buffer) => decodeParsedBucket(JSON.parse(bytes.toString()));

describe('one object per line, decoded on demand', () => {
  it('writes owners with several objects as patches against their base and reads every object back', () => {
    const bucket: Record<string, Obj> = {
      'default/a-1': pod('a-1', 'a', 'n1', 'a'),
      'default/a-2': pod('a-2', 'a', 'n2', 'a'),
      'default/lonely': pod('lonely', 'b', 'n1', 'b'),
      'default/bare': pod('bare', undefined, 'n2', 'c'),
    };
    const bytes = encodeBucket(bucket as any);
    const text = bytes.toString();
    expect(text.split("\n")[0]).toBe('{"v":3,"bases":[');
    // The root base carries no metadata or node; the owner's base patches it; owners of one object get no base.
    // The root every base patches has its metadata's strings emptied and no node: no name, label, uid or node.
    const root = text.split('\n')[1];
    expect(root).toMatch(/^\[-1,\{"apiVersion":"v1","kind":"Pod","metadata":\{"name":"","namespace":"","uid":"","labels":\{"app":""\}/);
    expect(root).not.toMatch(/"a"|n1|a-1|rs-a/);
    expect(text).toMatch(/\n"default\/a-1":\[1,\{.*\},"rs-a",""\],?\n/);
    // An only child patches the root.
    expect(text).toMatch(/\n"default\/lonely":\[0,\{.*\},"rs-b",""\],?\n/);
    expect(text).toMatch(/\n"default\/bare":\{"apiVersion"/);
    expect(parse(bytes)).toEqual(bucket);
    const lazy = openBucket(bytes);
    expect(keysOf(lazy)).toEqual(Object.keys(bucket));
    expect(lazy['default/a-2']).toEqual(bucket['default/a-2']);
    expect(valuesOf(lazy)).toEqual(Object.values(bucket));
    expect(Object.entries(lazy)).toEqual(Object.entries(bucket));
    expect('default/bare' in lazy).toBe(true);
    expect(lazy['default/none']).toBeUndefined();
    // A search for the first owner's label finds its objects only.
    expect(keysMentioning(lazy, '"a"')).toEqual(['default/a-1', 'default/a-2']);
  });

  it('writes an unchanged resource back byte for byte, and a changed one with its other lines copied', () => {
    const bucket: Record<string, Obj> = {};
    for (let i = 0; i < 30; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, `o${i % 3}`, `n${i % 4}`, `app${i % 3}`);
    const bytes = encodeBucket(bucket as any);
    const lazy = openBucket(bytes);
    void lazy['default/p-3'];
    expect(lazyBucketBytes(lazy)).toBe(bytes);
    const changed = { ...lazy['default/p-4'], status: { phase: 'Failed' } };
    lazy['default/p-4'] = changed as any;
    delete lazy['default/p-7'];
    lazy['default/new'] = pod('new', 'o1', 'n9', 'app1') as any;
    lazy['default/free'] = pod('free', undefined, 'n9', 'x') as any;
    const again = lazyBucketBytes(lazy)!;
    const expected = { ...bucket, 'default/p-4': changed, 'default/new': pod('new', 'o1', 'n9', 'app1'), 'default/free': pod('free', undefined, 'n9', 'x') };
    delete (expected as any)['default/p-7'];
    expect(parse(again)).toEqual(expected);
    expect(Object.keys(parse(again))).toEqual(Object.keys(expected));
    // Untouched lines are the same bytes as before.
    const line = (b: Buffer, key: string) => b.toString().split('\n').find((l) => l.startsWith(JSON.stringify(key)));
    expect(line(again, 'default/p-9')).toBe(line(bytes, 'default/p-9'));
  });

  it('finds every object mentioning a value, whether in its own line or in its base, after random changes', () => {
    const random = new Random(seedState(42));
    for (let round = 0; round < 20; round++) {
      const bucket: Record<string, Obj> = {};
      const n = 5 + Math.floor(random.float() * 40);
      for (let i = 0; i < n; i++) {
        const owner = random.float() < 0.8 ? `o${Math.floor(random.float() * 5)}` : undefined;
        const node = random.float() < 0.9 ? `node-${Math.floor(random.float() * 4)}` : undefined;
        bucket[`default/p-${i}`] = pod(`p-${i}`, owner, node, `app-${Math.floor(random.float() * 4)}`);
      }
      const lazy = openBucket(encodeBucket(bucket as any));
      const current: Record<string, Obj> = { ...bucket };
      for (let k = 0; k < 5; k++) {
        const key = `default/p-${Math.floor(random.float() * (n + 3))}`;
        const r = random.float();
        if (r < 0.4 && current[key]) {
          const next = { ...current[key], spec: { ...current[key].spec, nodeName: `node-${Math.floor(random.float() * 4)}` } };
          current[key] = next;
          lazy[key] = next as any;
        } else if (r < 0.7) {
          delete current[key];
          delete lazy[key];
        } else {
          current[key] = pod(key.slice(8), 'o1', 'node-2', 'app-1');
          lazy[key] = current[key] as any;
        }
      }
      for (const needle of ['node-0', 'node-1', 'node-2', 'node-3', 'app-0', 'app-2', 'nowhere']) {
        const found = new Set(keysMentioning(lazy, JSON.stringify(needle)));
        for (const [key, obj] of Object.entries(current)) {
          if (JSON.stringify(obj).includes(JSON.stringify(needle))) expect(found.has(key), `${needle} ${key} round ${round}`).toBe(true);
        }
        for (const key of found) expect(key in current).toBe(true);
      }
      expect(parse(lazyBucketBytes(lazy)!)).toEqual(current);
    }
  });

  it("finds a node's pods from their own lines: bases carry no node name", () => {
    const bucket: Record<string, Obj> = {};
    for (let i = 0; i < 40; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, 'one-owner', `node-${i % 4}`, 'web');
    const lazy = openBucket(encodeBucket(bucket as any));
    expect(keysMentioning(lazy, '"node-1"')).toEqual(Object.keys(bucket).filter((_, i) => i % 4 === 1));
  });

  it('finds objects by owner and by tag from the lines\' ends, kept current through changes', () => {
    const random = new Random(seedState(7));
    for (let round = 0; round < 20; round++) {
      const current: Record<string, Obj> = {};
      const n = 5 + Math.floor(random.float() * 30);
      const make = (i: number | string) => {
        const owner = random.float() < 0.8 ? `o${Math.floor(random.float() * 4)}` : undefined;
        const node = random.float() < 0.7 ? `node-${Math.floor(random.float() * 3)}` : undefined;
        const p = pod(`p-${i}`, owner, node, 'x');
        if (random.float() < 0.2) p.status.phase = 'Succeeded';
        return p;
      };
      for (let i = 0; i < n; i++) current[`default/p-${i}`] = make(i);
      const lazy = openBucket(encodeBucket(current as any, podTag), podTag);
      const check = () => {
        const keys = Object.keys(current);
        for (const uid of ['', 'rs-o0', 'rs-o1', 'rs-o2', 'rs-o3']) {
          const want = keys.filter((k) => (current[k].metadata.ownerReferences?.[0]?.uid ?? '') === uid);
          expect(keysOwnedBy(lazy, uid), `owner ${uid} round ${round}`).toEqual(want);
        }
        const counts = new Map<string, number>();
        for (const k of keys) counts.set(podTag(current[k] as any), (counts.get(podTag(current[k] as any)) ?? 0) + 1);
        expect(tagCounts(lazy)).toEqual(counts);
        for (const tag of ['', '!', 'node-0', 'node-1!', 'node-2']) expect(keysTagged(lazy, [tag])).toEqual(keys.filter((k) => podTag(current[k] as any) === tag));
      };
      check();
      for (let k = 0; k < 6; k++) {
        const key = `default/p-${Math.floor(random.float() * (n + 3))}`;
        if (random.float() < 0.3) {
          delete current[key];
          delete lazy[key];
        } else {
          current[key] = make(key.slice(10));
          lazy[key] = current[key] as any;
        }
        check();
      }
      const again = openBucket(lazyBucketBytes(lazy)!, podTag);
      expect(Object.entries(again)).toEqual(Object.entries(current));
      expect(keysTagged(again, ['node-1'])).toEqual(Object.keys(current).filter((k) => podTag(current[k] as any) === 'node-1'));
    }
  });

  it('knows which objects may reference an owner that is not their controller', () => {
    const cm = (name: string, refs: Obj[]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(refs.length ? { ownerReferences: refs } : {}) } });
    const bucket: Record<string, Obj> = {
      'default/plain': cm('plain', []),
      'default/by-pod': cm('by-pod', [{ kind: 'Pod', name: 'p', uid: 'pod-1' }]),
      'default/ctl': cm('ctl', [{ kind: 'Deployment', name: 'd', uid: 'dep-1', controller: true }]),
      'default/both': cm('both', [{ kind: 'Deployment', name: 'd', uid: 'dep-1', controller: true }, { kind: 'Pod', name: 'q', uid: 'pod-2' }]),
    };
    const bytes = encodeBucket(bucket as any);
    expect(bytes.toString()).toMatch(/"default\/plain":\{/);
    expect(bytes.toString()).toMatch(/"default\/by-pod":\[-1,\{.*\},"\+",""\]/);
    const lazy = openBucket(bytes);
    // Before the line index: found by searching the text for the uid, and checked (only the objects that do).
    expect(keysReferencing(lazy, 'dep-1')).toEqual(['default/ctl', 'default/both']);
    expect(keysReferencing(lazy, 'pod-2')).toEqual(['default/both']);
    expect(keysReferencing(lazy, 'pod-9')).toEqual([]);
    expect(keysOwnedBy(lazy, 'dep-1')).toEqual(['default/ctl', 'default/both']);
    // No owner cannot be searched for: the index, from the lines' ends. It then answers with the objects that may
    // reference the uid (its controller's, and every one with other owner references).
    expect(keysOwnedBy(lazy, '')).toEqual(['default/plain', 'default/by-pod']);
    expect(keysReferencing(lazy, 'dep-1')).toEqual(['default/by-pod', 'default/ctl', 'default/both']);
    expect(keysReferencing(lazy, 'pod-9')).toEqual(['default/by-pod', 'default/both']);
    delete lazy['default/both'];
    lazy['default/new'] = cm('new', [{ kind: 'Pod', name: 'z', uid: 'pod-3' }]) as any;
    expect(keysReferencing(lazy, 'dep-1')).toEqual(['default/by-pod', 'default/ctl', 'default/new']);
  });

  it('gives a new owner with several objects written since reading a base of its own (its objects stay patches)', () => {
    const lazy = openBucket(encodeBucket({ 'default/x-1': pod('x-1', 'x', 'n1', 'x'), 'default/x-2': pod('x-2', 'x', 'n2', 'x') } as any, podTag), podTag);
    for (let i = 0; i < 20; i++) lazy[`default/y-${i}`] = pod(`y-${i}`, 'y', `n${i % 3}`, 'y') as any;
    const text = lazyBucketBytes(lazy)!.toString();
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('"default/y-') && l.includes(':[2,'))).toHaveLength(20);
    expect(lines.filter((l) => l.includes('"rs-y"]'))).toHaveLength(1);
    expect(parse(Buffer.from(text))['default/y-7']).toEqual(pod('y-7', 'y', 'n1', 'y'));
  });

  it('ends pod lines with a row summary, read without decoding while the pod is as read; older lines have none', () => {
    const summarize = (o: Obj) => `${o.status.phase}|${o.spec.nodeName ?? ''}`;
    const bucket: Record<string, Obj> = {
      'default/a-1': pod('a-1', 'a', 'n1', 'a'),
      'default/a-2': pod('a-2', 'a', 'n2', 'a'),
      'default/bare': pod('bare', undefined, undefined, 'c'),
    };
    const text = encodeBucket(bucket as any, podTag, summarize as any).toString();
    expect(text).toMatch(/\n"default\/a-2":\[1,\{.*\},"rs-a","n2","Running\|n2"\],?\n/);
    expect(text).toMatch(/\n"default\/bare":\[-1,\{.*\},"","","Running\|"\]\n/);
    const decoded: string[] = [];
    const lazy = openBucket(Buffer.from(text), podTag, (key) => decoded.push(key), summarize as any);
    expect(summariesOf(lazy)).toEqual({ keys: ['default/a-1', 'default/a-2', 'default/bare'], values: ['Running|n1', 'Running|n2', 'Running|'] });
    expect(decoded).toEqual([]);
    // Owners and tags are still read from the lines' ends.
    expect(keysOwnedBy(lazy, 'rs-a')).toEqual(['default/a-1', 'default/a-2']);
    expect(keysTagged(lazy, ['n2'])).toEqual(['default/a-2']);
    // A changed pod is given as its object; written again, its line has the new summary, the others are copied.
    const moved = { ...bucket['default/a-2'], status: { phase: 'Failed' } };
    lazy['default/a-2'] = moved as any;
    expect(summariesOf(lazy)!.values[1]).toBe(moved);
    const again = lazyBucketBytes(lazy)!.toString();
    expect(again).toMatch(/\n"default\/a-2":\[1,\{.*\},"rs-a","n2!","Failed\|n2"\],?\n/);
    expect(again.split('\n').filter((l) => l.startsWith('"default/a-1"') || l.startsWith('"default/bare"'))).toEqual(
      text.split('\n').filter((l) => l.startsWith('"default/a-1"') || l.startsWith('"default/bare"')),
    );
    // Lines written before summaries (owner and tag only) give their objects, and keep their owners and tags.
    const old = openBucket(encodeBucket(bucket as any, podTag), podTag, undefined, summarize as any);
    expect(summariesOf(old)!.values).toEqual(Object.values(bucket));
    expect(keysTagged(openBucket(encodeBucket(bucket as any, podTag), podTag, undefined, summarize as any), ['n1'])).toEqual(['default/a-1']);
  });

  it('reads keys with escapes and non-ASCII text (a hand-written state) as JSON does', () => {
    const bucket: Record<string, Obj> = {
      'default/we"ird': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'we"ird', namespace: 'default' } },
      'default/back\\slash': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'back\\slash', namespace: 'default' } },
      'default/café': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'café', namespace: 'default' }, data: { 'ü': 'ß' } },
      'default/plain': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'default' } },
    };
    // Searched before any index, a hit in a line whose key has escapes (a quote): the index reads that key.
    const searched = openBucket(encodeBucket(bucket as any));
    expect(keysMentioning(searched, '"default"')).toEqual(Object.keys(bucket));
    const lazy = openBucket(encodeBucket(bucket as any));
    expect(keysOf(lazy)).toEqual(Object.keys(bucket));
    expect(Object.entries(lazy)).toEqual(Object.entries(bucket));
    // Line ends (owner, tag, summary) with non-ASCII text are read as UTF-8 too.
    const summarize = (o: Obj) => `${o.status.phase}|${o.spec.nodeName}`;
    const pods = { 'default/p-1': pod('p-1', 'ownér', 'nöde-1', 'ä'), 'default/p-2': pod('p-2', 'ownér', 'nœud-2', 'ä') };
    const withEnds = openBucket(encodeBucket(pods as any, podTag, summarize as any), podTag, undefined, summarize as any);
    expect(summariesOf(withEnds)).toEqual({ keys: ['default/p-1', 'default/p-2'], values: ['Running|nöde-1', 'Running|nœud-2'] });
    // Listed before any index, a key with escapes (a quote, a backslash) among them: as JSON reads them.
    const odd = { 'default/p-1': pod('p-1', 'o', 'n-1', 'a'), 'default/we"ird': pod('we"ird', 'o', 'n-2', 'a'), 'default/back\\slash': pod('back\\slash', 'o', 'n-3', 'a') };
    const listed = openBucket(encodeBucket(odd as any, podTag, summarize as any), podTag, undefined, summarize as any);
    expect(summariesOf(listed)).toEqual({ keys: Object.keys(odd), values: ['Running|n-1', 'Running|n-2', 'Running|n-3'] });
    expect(keysOwnedBy(withEnds, 'rs-ownér')).toEqual(['default/p-1', 'default/p-2']);
  });
  it('looks a few objects up by key by searching the text, and indexes its lines only when more is asked', () => {
    const bucket: Record<string, Obj> = {
      'default/a-1': pod('a-1', 'a', 'n1', 'a'),
      'default/a-2': pod('a-2', 'a', 'n2', 'a'),
      'default/cm': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: { ü: 'ß' } },
      'default/zz': pod('zz', undefined, 'n1', 'z'),
    };
    const bytes = encodeBucket(bucket as any);
    // A line that is not an entry: only indexing the lines finds it.
    const broken = Buffer.from(bytes.toString().replace('\n"default/zz":', '\nX"default/zz":'));
    const decoded: string[] = [];
    const lazy = openBucket(broken, undefined, (key) => decoded.push(key), undefined, (e) => new Error(`broken: ${e.message}`));
    expect(lazy['default/a-2']).toEqual(bucket['default/a-2']);
    expect('default/none' in lazy).toBe(false);
    expect(lazy['default/none']).toBeUndefined(); // known absent: not searched again
    expect(decoded).toEqual(['default/a-2']);
    for (let i = 2; i < PROBES; i++) expect(lazy[`default/none-${i}`]).toBeUndefined();
    // One key more than PROBES: the lines are indexed, and the broken one is found.
    expect(() => lazy['default/a-1']).toThrow('broken: an entry does not start with its key');

    // Objects found by key before the index keep their identity and place; the resource writes back unchanged.
    const fine = openBucket(bytes);
    const cm = fine['default/cm'];
    expect(cm).toEqual(bucket['default/cm']);
    expect(fine['default/a-1']).toEqual(bucket['default/a-1']);
    expect(keysOf(fine)).toEqual(Object.keys(bucket));
    expect(fine['default/cm']).toBe(cm);
    expect(Object.entries(fine)).toEqual(Object.entries(bucket));
    expect(lazyBucketBytes(fine)).toEqual(bytes);
    // A key that may be written with escapes (not a Kubernetes name) is looked up through the index.
    const odd = openBucket(encodeBucket({ 'default/Odd"Name': bucket['default/cm'], ...bucket } as any));
    expect(odd['default/Odd"Name']).toEqual(bucket['default/cm']);
    // A line that is not JSON, found by key: the resource is broken.
    const notJson = Buffer.from(bytes.toString().replace('"default/cm":{"apiVersion"', '"default/cm":{"apiVersion"X'));
    expect(() => openBucket(notJson, undefined, undefined, undefined, (e) => new Error(`broken: ${e.name}`))['default/cm']).toThrow('broken: SyntaxError');
  });
  it('finds the objects mentioning a value before indexing its lines, as the index would, and decodes them without it', () => {
    const random = new Random(seedState(7));
    for (let round = 0; round < 20; round++) {
      const bucket: Record<string, Obj> = {};
      const n = 5 + Math.floor(random.float() * 40);
      for (let i = 0; i < n; i++) {
        const owner = random.float() < 0.8 ? `o${Math.floor(random.float() * 5)}` : undefined;
        bucket[`default/p-${i}`] = pod(`p-${i}`, owner, `node-${Math.floor(random.float() * 4)}`, `app-${Math.floor(random.float() * 4)}`);
      }
      bucket['default/zz'] = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'zz', namespace: 'default' } };
      const bytes = encodeBucket(bucket as any);
      // A line that mentions none of the values broken: indexing the lines would throw.
      const last = 'default/zz';
      const broken = Buffer.from(bytes.toString().replace(`\n"${last}":`, `\nX"${last}":`));
      for (const needle of ['"node-1"', '"app-2"', '"rs-o3"', 'p-1', '"nowhere"']) {
        const decoded: string[] = [];
        const before = openBucket(broken, undefined, (key) => decoded.push(key), undefined, (e) => new Error(`indexed: ${e.message}`));
        const indexed = openBucket(bytes);
        keysOf(indexed);
        const expected = keysMentioning(indexed, needle)!.filter((k) => k !== last);
        const found = keysMentioning(before, needle)!.filter((k) => k !== last);
        expect(found, `${needle} round ${round}`).toEqual(expected);
        for (const key of found) expect(before[key]).toEqual(bucket[key]);
        expect(decoded).toEqual(found);
        expect(keysMentioning(before, needle)!.filter((k) => k !== last)).toEqual(found); // asked again: the same
      }
    }
  });

  it('indexes owners and tags first asked for after changes as it would the resource written afresh', () => {
    const bucket: Record<string, Obj> = {};
    for (let i = 0; i < 12; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, `o${i % 3}`, `n${i % 4}`, 'a');
    const lazy = openBucket(encodeBucket(bucket as any, podTag), podTag);
    // Before any index is built: one pod moves to another owner and node, one goes, one comes, one is set back as read.
    lazy['default/p-1'] = pod('p-1', 'o2', 'n3', 'a') as any;
    delete lazy['default/p-4'];
    lazy['default/new'] = pod('new', 'o0', undefined, 'a') as any;
    lazy['default/p-7'] = lazy['default/p-7'];
    const now: Record<string, Obj> = { ...bucket, 'default/p-1': pod('p-1', 'o2', 'n3', 'a'), 'default/new': pod('new', 'o0', undefined, 'a') };
    delete now['default/p-4'];
    const fresh = openBucket(encodeBucket(now as any, podTag), podTag);
    for (const uid of ['rs-o0', 'rs-o1', 'rs-o2']) expect(new Set(keysOwnedBy(lazy, uid))).toEqual(new Set(keysOwnedBy(fresh, uid)));
    expect(keysOwnedBy(lazy, 'rs-o2')).toContain('default/p-1');
    expect(keysOwnedBy(lazy, 'rs-o1')).not.toContain('default/p-1');
    expect(keysTagged(lazy, [''])).toEqual(['default/new']);
    expect(tagCounts(lazy)).toEqual(tagCounts(fresh));
  });
});

/** A resource's tag counts as a record, in tag order. */
const sortedCounts = (bucket: Record<string, any>) => Object.fromEntries([...tagCounts(bucket)!].sort());

describe('a text not read yet (deferred-text.ts): searched through a small chunk, read a line at a time', () => {
  afterEach(() => setSearchChunk(undefined));
  /** Pods of three owners (bases), one with a long line, one without an owner; escapes in values. */
  function sample(): Record<string, Obj> {
    const bucket: Record<string, Obj> = {};
    for (let i = 0; i < 30; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, `o${i % 3}`, `node-${i % 4}`, i % 5 ? 'web' : 'db');
    bucket['default/long'] = { ...pod('long', 'o1', 'node-9', 'web'), data: 'x'.repeat(300) + '"quoted"' };
    bucket['default/bare'] = pod('bare', undefined, 'node-1', 'db');
    return bucket;
  }

  for (const size of [7, 40, 64, 1 << 20]) {
    it(`answers lookups and searches as the text read at once does (chunk of ${size} bytes)`, () => {
      setSearchChunk(size);
      const bucket = sample();
      const bytes = encodeBucket(bucket as any, podTag);
      const loads: number[] = [];
      const text = textInMemory(bytes);
      const deferred = openBucket({ ...text, load: () => (loads.push(1), text.load()) }, podTag);
      const read = openBucket(bytes, podTag);
      // Lookups by key (patched against a base, in full, absent) and searches: nothing read whole.
      for (const key of ['default/p-7', 'default/long', 'default/bare', 'default/none', 'default/p-29']) expect(deferred[key]).toEqual(read[key]);
      for (const needle of ['"db"', '"node-9"', '"rs-o2"', '"quoted\\""', '"missing"', 'x'.repeat(50)]) expect(keysMentioning(deferred, needle)).toEqual(keysMentioning(openBucket(bytes, podTag), needle));
      expect(loads).toEqual([]);
      // A listing reads it whole, once; then every answer is the same too, and it writes back as read.
      expect(Object.entries(deferred)).toEqual(Object.entries(bucket));
      expect(loads).toEqual([1]);
      expect(keysOwnedBy(deferred, 'rs-o1')).toEqual(keysOwnedBy(read, 'rs-o1'));
      expect(lazyBucketBytes(deferred)).toEqual(bytes);
    });
  }

  for (const size of [40, 1 << 20]) {
    it(`finds hundreds of objects by tag and reads their summaries without reading the text whole (chunk of ${size} bytes)`, () => {
      setSearchChunk(size);
      // 300 pods, 200 of them bound to no node (tag ''): more than a search reads line by line before reading whole.
      const bucket: Record<string, Obj> = {};
      for (let i = 0; i < 300; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, `o${i % 3}`, i % 3 === 0 ? `node-${i % 4}` : undefined, 'web');
      const summarize = (o: Obj) => `${o.metadata.name}|${o.spec?.nodeName ?? ''}`;
      const bytes = encodeBucket(bucket as any, podTag, summarize);
      const loads: number[] = [];
      const text = textInMemory(bytes);
      const deferred = openBucket({ ...text, load: () => (loads.push(1), text.load()) }, podTag, undefined, summarize);
      const read = openBucket(bytes, podTag, undefined, summarize);
      const waiting = keysTagged(deferred, [''])!;
      expect(waiting).toHaveLength(200);
      expect(waiting).toEqual(keysTagged(read, ['']));
      for (const key of waiting) expect(lineSummaryOf(deferred, key)).toBe(`${key.slice('default/'.length)}|`);
      expect(loads).toEqual([]);
      expect(lineIndexBuilt(deferred)).toBe(false);
    });
  }

  it('finds objects by tag in one pass over the text; a line tagged UNKNOWN (a tag not safe to write) is never one of them', () => {
    setSearchChunk(64);
    const bucket: Record<string, Obj> = {
      'default/a': pod('a', 'x', undefined, 'web'),
      'default/b': pod('b', 'x', 'node one', 'web'), // a node name no validation would let in: written as UNKNOWN
      'default/c': pod('c', 'x', 'node-1', 'web'),
      'default/d': pod('d', undefined, undefined, 'web'),
    };
    const bytes = encodeBucket(bucket as any, podTag);
    expect(bytes.toString()).toMatch(/\n"default\/b":\[[^\n]*,"rs-x","\?"\],?\n/);
    // The bytes read through the search chunk.
    const text = textInMemory(bytes);
    let read = 0;
    const counted = { ...text, readInto: (buf: Buffer, start: number) => ((read += Math.min(buf.length, bytes.length - start)), text.readInto(buf, start)) };
    const deferred = openBucket(counted, podTag);
    expect(keysTagged(deferred, [''])).toEqual(['default/a', 'default/d']);
    // One pass over the text (and the lines around the hits): not a second one for the UNKNOWN tag.
    expect(read).toBeLessThan(2 * bytes.length);
    const first = read;
    expect(keysTagged(deferred, ['node-1'])).toEqual(['default/c']);
    expect(read - first).toBeLessThan(2 * bytes.length);
    // The unsafe tag itself is not searched for: the index answers, as it does for a text read whole.
    expect(keysTagged(deferred, ['node one'])).toEqual(['default/b']);
    expect(keysTagged(openBucket(bytes, podTag), ['', 'node one'])).toEqual(['default/a', 'default/b', 'default/d']);
  });

  for (const size of [7, 64, 1 << 20]) {
    it(`changes made before the line index write the same bytes as made after it, and search as it does (chunk of ${size} bytes)`, () => {
      setSearchChunk(size);
      const random = new Random(seedState(size));
      const pick = <T>(xs: T[]): T => xs[Math.floor(random.float() * xs.length)];
      let unindexed = 0;
      for (let round = 0; round < 30; round++) {
        const bucket: Record<string, Obj> = {};
        const n = 3 + Math.floor(random.float() * 25);
        for (let i = 0; i < n; i++) {
          const owner = random.float() < 0.8 ? `o${Math.floor(random.float() * 4)}` : undefined;
          bucket[`default/p-${i}`] = pod(`p-${i}`, owner, random.float() < 0.8 ? `node-${Math.floor(random.float() * 3)}` : undefined, `app-${i % 3}`);
        }
        if (round % 3 === 0) bucket['default/cm'] = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } };
        // Half the rounds with line summaries (pods have them), half without.
        const summarize = round % 4 < 2 ? (o: Obj) => `${o.status?.phase}|${o.spec?.nodeName ?? ''}` : undefined;
        const bytes = encodeBucket(bucket as any, podTag, summarize);
        const loads: number[] = [];
        const text = textInMemory(bytes);
        // With the tag counts a state file keeps beside the text (codec.ts).
        const stored = tagCountsToKeep(bucket as any, podTag);
        const before = openBucket(round % 2 ? { ...text, load: () => (loads.push(1), text.load()) } : bytes, podTag, undefined, summarize, undefined, stored);
        const indexed = openBucket(bytes, podTag, undefined, summarize);
        keysOf(indexed);
        if (summarize) {
          // A listing of keys and summaries before any change: one pass over the lines, no index built.
          const listed = openBucket(round % 2 ? textInMemory(bytes) : bytes, podTag, undefined, summarize);
          const reference = openBucket(bytes, podTag, undefined, summarize);
          keysOf(reference); // indexed: its summaries from the index
          const first = pick(Object.keys(bucket));
          if (round % 3 === 1) for (const b of [listed, reference]) void b[first]; // decoded: listed as its object
          expect(summariesOf(listed)).toEqual(summariesOf(reference));
          expect(lineIndexBuilt(listed)).toBe(false);
        }
        const model: Record<string, Obj> = { ...bucket };
        const ops = round < 10 ? 1 + Math.floor(random.float() * 2) : round < 20 ? 1 + Math.floor(random.float() * 6) : 10 + Math.floor(random.float() * 30);
        for (let op = 0; op < ops; op++) {
          const keys = Object.keys(model);
          const r = random.float();
          let key: string;
          let obj: Obj | undefined;
          if (r < 0.3 && keys.length) {
            key = pick(keys); // changed: another owner, node or label
            obj = pod(key.slice(8), pick(['o1', 'o3', 'o9', undefined]), pick(['node-0', 'node-5', undefined]), pick(['app-0', 'app-7']));
          } else if (r < 0.5 && keys.length) key = pick(keys); // deleted
          else if (r < 0.6 && keys.length) {
            key = pick(keys); // set back as it is (each bucket its own object: no change)
            for (const b of [before, indexed]) b[key] = b[key];
            expect(before[key]).toEqual(model[key]);
            continue;
          } else {
            key = `default/${pick(['new', 'p'])}-${Math.floor(random.float() * 40)}`; // created, or one deleted made again
            obj = pod(key.slice(8), pick(['o0', 'o2', 'o8', undefined]), pick(['node-1', undefined]), pick(['app-1', 'app-9']));
          }
          for (const b of [before, indexed]) {
            if (obj === undefined) delete b[key];
            else b[key] = obj as any;
          }
          if (obj === undefined) delete model[key];
          else model[key] = obj;
          // Searches between changes: the same keys as the index gives (the changed ones among them to check).
          const needle = pick(['"node-1"', '"app-9"', '"rs-o2"', '"rs-o8"', 'p-1', '"nowhere"']);
          expect(keysMentioning(before, needle), `${needle}, round ${round}`).toEqual(keysMentioning(indexed, needle));
          const uid = pick(['rs-o0', 'rs-o2', 'rs-o3', 'rs-o8']);
          expect(keysOwnedBy(before, uid), `owned by ${uid}, round ${round}`).toEqual(keysOwnedBy(indexed, uid));
          const references = (k: string) => model[k].metadata.ownerReferences?.some((o: Obj) => o.uid === uid);
          expect(keysReferencing(before, uid)).toEqual(keysReferencing(indexed, uid)!.filter(references));
          const tags = [pick(['', 'node-0', 'node-1', 'node-5']), ...(random.float() < 0.3 ? ['node-2'] : [])];
          expect(keysTagged(before, tags), `tagged ${tags}, round ${round}`).toEqual(keysTagged(indexed, tags));
          expect(sortedCounts(before)).toEqual(sortedCounts(indexed));
          const summarized = pick([...Object.keys(bucket), 'default/new-3']);
          expect(lineSummaryOf(before, summarized), `summary of ${summarized}, round ${round}`).toEqual(lineSummaryOf(indexed, summarized));
          // Counted, and the first keys found, as the index would.
          expect(sizeOf(before)).toBe(Object.keys(model).length);
          expect(firstKeysOf(before, 3)).toEqual(Object.keys(model).slice(0, 3));
        }
        expect(lazyBucketBytes(before)!.equals(lazyBucketBytes(indexed)!), `round ${round}`).toBe(true);
        // Read whole only to build the index (after SEARCHES searches, or PROBES lookups by key).
        if (round % 2) expect(loads, `round ${round}`).toEqual(lineIndexBuilt(before) ? [1] : []);
        if (!lineIndexBuilt(before)) unindexed++;
        const back = openBucket(lazyBucketBytes(before)!, podTag);
        expect(Object.entries(back)).toEqual(Object.entries(model));
        expect(Object.entries(before)).toEqual(Object.entries(model)); // the index built after the changes
        expect(sortedCounts(before)).toEqual(sortedCounts(indexed));
        expect(sortedCounts(before)).toEqual(Object.fromEntries([...tagCountsToKeep(model as any, podTag)!].sort()));
      }
      expect(unindexed).toBeGreaterThanOrEqual(3);
    });
  }

  it('finds a needle across two chunks, and only where the byte before it is a quote when asked', () => {
    setSearchChunk(8);
    const text = textInMemory(Buffer.from('ab"needle" xneedle "needle'));
    expect(searchText(text, Buffer.from('needle'), 0)).toBe(3);
    expect(searchText(text, Buffer.from('needle'), 4)).toBe(12);
    expect(searchText(text, Buffer.from('needle'), 4, 0x22)).toBe(20);
    expect(searchText(text, Buffer.from('needle"'), 13)).toBe(-1);
  });
});
