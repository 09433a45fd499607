import { describe, expect, it } from 'vitest';
import { decodeParsedBucket, encodeBucket, keysMentioning, keysOf, lazyBucketBytes, openBucket, valuesOf } from '../../src/store/bucket.js';
import { Random, seedState } from '../../src/sim/random.js';

type Obj = Record<string, any>;

function pod(name: string, owner: string | undefined, node: string | undefined, app: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app },
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `rs-${owner}`, controller: true }] } : {}),
    },
    spec: { ...(node ? { nodeName: node } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running', podIP: `10.0.0.${name.length}` },
  };
}

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
    expect(text.split('\n')[0]).toBe('{"v":2,"bases":[');
    // The root base carries no metadata or node; the owner's base patches it; owners of one object get no base.
    expect(text).toContain('[-1,{"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{"containers"');
    expect(text).toMatch(/\n"default\/a-1":\[1,/);
    expect(text).toMatch(/\n"default\/lonely":\{"apiVersion"/);
    expect(parse(bytes)).toEqual(bucket);
    const lazy = openBucket(bytes);
    expect(keysOf(lazy)).toEqual(Object.keys(bucket));
    expect(lazy['default/a-2']).toEqual(bucket['default/a-2']);
    expect(valuesOf(lazy)).toEqual(Object.values(bucket));
    expect(Object.entries(lazy)).toEqual(Object.entries(bucket));
    expect('default/bare' in lazy).toBe(true);
    expect(lazy['default/none']).toBeUndefined();
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
});
