// The state file read on demand (src/store/source.ts, codec.ts): a command reads the first line, then only the
// resources it touches; a write reads the others from the same open file to copy them back unchanged.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStateFile, writeStateFile, StateFileError } from '../../src/store/statefile.js';
import { decodeState, deferResourcesFrom, encodeState } from '../../src/store/codec.js';
import { keysMentioning } from '../../src/store/bucket.js';
import { setSearchChunk } from '../../src/store/deferred-text.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import type { ClusterState } from '../../src/store/state.js';
import type { ReadFn } from '../../src/store/source.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const tempState = () => join(mkdtempSync(join(tmpdir(), 'kubesim-source-')), 'state.json');

function pod(i: number) {
  const name = `web-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true }] },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    status: { phase: 'Running', podIP: `10.244.${1 + (i >> 8)}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A state file far bigger than its first line and its services: 2000 pods (written before the services). */
function bigStateFile(): string {
  const state = createClusterState({}, NOW);
  const pods: Record<string, any> = {};
  for (let i = 0; i < 2000; i++) pods[`default/web-${i}`] = pod(i);
  const { services, ...rest } = state.objects;
  state.objects = { ...rest, pods, services } as ClusterState['objects'];
  const path = tempState();
  writeStateFile(path, state);
  return path;
}

/** [start, end) of each resource's JSON, with its `"plural":` key just before; and the first line's length. */
function layout(bytes: Buffer) {
  const nl = bytes.indexOf(10);
  const index = JSON.parse(bytes.toString('utf8', 0, nl) + '}}').index as Record<string, string[]>;
  return { firstLine: nl + 1, ranges: Object.fromEntries(Object.entries(index).map(([p, [s, e]]) => [p, [Number(s), Number(e)]])) };
}

/** A reader that records every range read: [position, position + bytes read). */
function recorder() {
  const reads: Array<[number, number]> = [];
  const read: ReadFn = (fd, buffer, offset, length, position) => {
    const n = readSync(fd, buffer, offset, length, position);
    reads.push([position, position + n]);
    return n;
  };
  const total = () => reads.reduce((n, [s, e]) => n + e - s, 0);
  /** Bytes read inside [start, end). */
  const within = (start: number, end: number, from = 0) => reads.slice(from).reduce((n, [s, e]) => n + Math.max(0, Math.min(e, end) - Math.max(s, start)), 0);
  return { read, reads, total, within };
}


describe('reading the state file on demand', () => {
  it('a command reading one resource reads the first line and that resource only', () => {
    const path = bigStateFile();
    const bytes = readFileSync(path);
    const { firstLine, ranges } = layout(bytes);
    const [podsStart, podsEnd] = ranges.pods;
    const [svcStart, svcEnd] = ranges.services;
    expect(podsEnd - podsStart).toBeGreaterThan(bytes.length * 0.9);
    const r = recorder();
    const state = readStateFile(path, { read: r.read })!;
    expect(state.cluster.name).toBe('kubesim');
    // Opening reads the first line (and at most the first 16 KiB, in one read), and the file's last 4 bytes (where a
    // change journal would start), nothing more.
    const opened = r.total();
    expect(opened).toBeGreaterThanOrEqual(firstLine);
    expect(opened).toBeLessThanOrEqual(Math.max(firstLine + 64, 16 * 1024) + 4);
    expect(r.reads[1]).toEqual([bytes.length - 4, bytes.length]);
    expect(r.reads.length).toBe(2);
    expect(state.objects.services['kube-system/kube-dns'].spec.clusterIP).toBe('10.96.0.10');
    // Then the services resource (with its key, checked against the index), read once, and not one byte of pods.
    const svcKey = Buffer.byteLength('"services":');
    expect(r.reads.at(-1)).toEqual([svcStart - svcKey, svcEnd]);
    expect(r.total()).toBe(opened + svcEnd - svcStart + svcKey);
    expect(r.within(16 * 1024, podsEnd)).toBe(0);
    void state.objects.services['default/kubernetes'];
    expect(r.total()).toBe(opened + svcEnd - svcStart + svcKey);
  });

  it('a big resource is searched, not read: a lookup by name reads its lines through a reused chunk; a listing reads it', () => {
    deferResourcesFrom(64 * 1024);
    setSearchChunk(16 * 1024);
    try {
      const path = bigStateFile();
      const before = readFileSync(path);
      const [podsStart, podsEnd] = layout(before).ranges.pods;
      const r = recorder();
      const state = readStateFile(path, { read: r.read })!;
      const opened = r.reads.length;
      expect(state.objects.pods['default/web-1500']).toEqual(pod(1500));
      expect(state.objects.pods['default/web-2500']).toBeUndefined();
      expect(keysMentioning(state.objects.pods, '"10.244.6.200"')).toEqual(['default/web-1480']);
      // Searched in reads no bigger than the chunk (into the same buffer), never read whole.
      const searched = r.reads.slice(opened);
      expect(r.within(podsStart, podsEnd, opened)).toBeGreaterThan(0);
      expect(Math.max(...searched.map(([s, e]) => e - s))).toBeLessThanOrEqual(16 * 1024);
      // A listing needs every line: the resource is read, once, whole.
      expect(Object.keys(state.objects.pods)).toHaveLength(2000);
      expect(r.reads.slice(opened).filter(([s, e]) => e - s >= podsEnd - podsStart)).toHaveLength(1);
      // Written back as read, and changed as any other.
      const pod7 = structuredClone(state.objects.pods['default/web-7']);
      pod7.metadata.labels = { app: 'changed' };
      state.objects.pods['default/web-7'] = pod7;
      writeStateFile(path, state);
      const eager = decodeState(before);
      eager.objects.pods['default/web-7'] = pod7;
      expect(readFileSync(path).equals(Buffer.from(encodeState(eager)))).toBe(true);
    } finally {
      deferResourcesFrom(undefined);
      setSearchChunk(undefined);
    }
  });

  it('a write copies the resources it never read back byte for byte, from the file it opened, a chunk at a time', () => {
    const path = bigStateFile();
    const before = readFileSync(path);
    const { ranges } = layout(before);
    const r = recorder();
    setSearchChunk(16 * 1024);
    try {
      const state = readStateFile(path, { read: r.read })!;
      const svc = structuredClone(state.objects.services['default/kubernetes']);
      svc.metadata.labels = { changed: 'yes' };
      state.objects.services['default/kubernetes'] = svc;
      const [podsStart, podsEnd] = ranges.pods;
      // Only the first 16 KiB read on opening may hold some of the pods.
      expect(r.within(16 * 1024, podsEnd)).toBe(0);
      const readsBefore = r.reads.length;
      writeStateFile(path, state);
      // The pods were read at write time, from the file as it was when opened (renamed over since): once each
      // byte, and the byte where they start once more (checked to be where the index says), in reads no bigger
      // than the chunk, into the same buffer: never held whole.
      expect(r.within(podsStart, podsEnd, readsBefore)).toBe(podsEnd - podsStart + 1);
      const copies = r.reads.slice(readsBefore).filter(([s, e]) => e > podsStart + 1 && s < podsEnd);
      expect(copies.length).toBeGreaterThan((podsEnd - podsStart) / (16 * 1024) - 1);
      expect(Math.max(...copies.map(([s, e]) => e - s))).toBeLessThanOrEqual(16 * 1024);
      const after = readFileSync(path);
      const moved = layout(after).ranges;
      expect(after.subarray(moved.pods[0], moved.pods[1]).equals(before.subarray(podsStart, podsEnd))).toBe(true);
      expect(after.subarray(moved.nodes[0], moved.nodes[1]).equals(before.subarray(ranges.nodes[0], ranges.nodes[1]))).toBe(true);
      // The same bytes as encoding the whole file read at once (the codec before reading on demand) gives.
      const eager = decodeState(before);
      eager.objects.services['default/kubernetes'] = svc;
      expect(after.equals(Buffer.from(encodeState(eager)))).toBe(true);
    } finally {
      setSearchChunk(undefined);
    }
    const after = readFileSync(path);
    // Nothing changed: the file is written back as it was.
    writeStateFile(path, readStateFile(path)!);
    expect(readFileSync(path).equals(after)).toBe(true);
  });

  it('a file edited by hand (offsets moved) still loads, whichever resource is read first, and is written right', () => {
    const path = bigStateFile();
    // Lengthen a node's label inside the nodes resource: every offset after it is now wrong.
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"kubernetes.io/hostname":"kubesim-worker"');
    expect(at).toBeGreaterThan(0);
    const edited = text.slice(0, at) + '"kubernetes.io/hostname":"kubesim-worker","edited":"by-hand"' + text.slice(at + '"kubernetes.io/hostname":"kubesim-worker"'.length);
    writeFileSync(path, edited);
    const podsOf = (s: ClusterState) => Object.keys(s.objects.pods).length;

    // Read first: a resource before the edit (where the index says), then one after it (found moved).
    const r = recorder();
    const a = readStateFile(path, { read: r.read })!;
    expect(Object.keys(a.objects.namespaces)).toContain('default');
    expect(r.total()).toBeLessThan(edited.length / 10);
    const readsBefore = r.reads.length;
    expect(a.objects.services['kube-system/kube-dns'].spec.clusterIP).toBe('10.96.0.10');
    // Found moved when read: the file was then read (and parsed) whole.
    expect(r.within(0, Buffer.byteLength(edited), readsBefore)).toBeGreaterThanOrEqual(Buffer.byteLength(edited));
    expect(podsOf(a)).toBe(2000);
    expect(a.objects.nodes['kubesim-worker'].metadata.labels!.edited).toBe('by-hand');

    // The edited resource first.
    const b = readStateFile(path)!;
    expect(b.objects.nodes['kubesim-worker'].metadata.labels!.edited).toBe('by-hand');
    expect(podsOf(b)).toBe(2000);

    // A full read, and a write without reading anything: the edit is kept and the index is right again.
    expect(readStateFile(path, { full: true })!.objects.nodes['kubesim-worker'].metadata.labels!.edited).toBe('by-hand');
    writeStateFile(path, readStateFile(path)!);
    const again = readFileSync(path);
    const { ranges } = layout(again);
    expect(again.toString('utf8', ranges.pods[0], ranges.pods[0] + 1)).toBe('{');
    const c = readStateFile(path)!;
    expect(c.objects.nodes['kubesim-worker'].metadata.labels!.edited).toBe('by-hand');
    expect(podsOf(c)).toBe(2000);
    expect(Object.keys(c.objects.services).sort()).toEqual(['default/kubernetes', 'kube-system/kube-dns']);
  });

  it('a resource searched unread before a hand edit is found (offsets moved) is read before the file is let go', () => {
    deferResourcesFrom(64 * 1024);
    try {
      const path = bigStateFile();
      const text = readFileSync(path, 'utf8');
      // In services, the last resource (after the pods): lengthen a label value.
      const label = '"k8s-app":"kube-dns"';
      const at = text.lastIndexOf(label);
      expect(at).toBeGreaterThan(layout(Buffer.from(text)).ranges.pods[1]);
      writeFileSync(path, text.slice(0, at) + '"k8s-app":"kube-dns","edited":"by-hand"' + text.slice(at + label.length));
      const a = readStateFile(path)!;
      // pods, before the edit: where the index says, opened unread and looked up by name.
      expect(a.objects.pods['default/web-1999']).toEqual(pod(1999));
      // services, after it: found moved, so the file is parsed whole and let go; the pods were read first.
      expect(JSON.stringify(a.objects.services['kube-system/kube-dns'])).toContain('"edited":"by-hand"');
      expect(Object.keys(a.objects.pods)).toHaveLength(2000);
      writeStateFile(path, a);
      const b = readStateFile(path, { full: true })!;
      expect(JSON.stringify(b.objects.services['kube-system/kube-dns'])).toContain('"edited":"by-hand"');
      expect(Object.values(b.objects.pods)).toEqual(Array.from({ length: 2000 }, (_, i) => pod(i)));
    } finally {
      deferResourcesFrom(undefined);
    }
  });

  it('a hand edit that moved offsets and broke the JSON is named when found, as when the file is read at once', () => {
    const path = bigStateFile();
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"kubernetes.io/hostname":"kubesim-worker"');
    writeFileSync(path, text.slice(0, at) + '"kubernetes.io/hostname":"kubesim-worker",,' + text.slice(at + 41));
    const s = readStateFile(path, { hint: false })!;
    expect(Object.keys(s.objects.namespaces).length).toBeGreaterThan(0);
    const problem = `the cluster state ${path} is corrupted: it is not valid JSON`;
    expect(() => s.objects.pods).toThrow(StateFileError);
    expect(() => readStateFile(path, { hint: false, full: true })).toThrow(problem);
    try {
      void readStateFile(path, { hint: false })!.objects.pods;
    } catch (e) {
      expect((e as StateFileError).message).toBe(problem);
    }
  });

  it('a file cut short is found truncated on opening, from its size', () => {
    const path = bigStateFile();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => readStateFile(path, { hint: false })).toThrow(`the cluster state ${path} is corrupted: it ends in the middle of the JSON (truncated)`);
  });
});

describe('a write that changes only the header', () => {
  it('leaves the file as it was and writes its new first line beside it: no resource is read', () => {
    const path = bigStateFile();
    const before = readFileSync(path);
    const { firstLine } = layout(before);
    const rec = recorder();
    const state = readStateFile(path, { read: rec.read })!;
    expect(state.objects.services['default/kubernetes'].spec.clusterIP).toBe('10.96.0.1');
    const seen = rec.total();
    state.random = [1, 2, 3, 4];
    state.resourceVersion += 1;
    writeStateFile(path, state);
    // No resource read for the write: only a few bytes at each unread one's ends, to check it is in place.
    expect(rec.total() - seen).toBeLessThan(100);
    expect(readFileSync(path).equals(before)).toBe(true);
    // Beside it: the file's first line, then the new one.
    const head = readFileSync(`${path}.head`);
    expect(head.subarray(0, firstLine).equals(before.subarray(0, firstLine))).toBe(true);
    expect(JSON.parse(head.toString('utf8', firstLine).trimEnd() + '}}').random).toEqual([1, 2, 3, 4]);
    const back = readStateFile(path)!;
    expect(back.random).toEqual([1, 2, 3, 4]);
    expect(back.resourceVersion).toBe(state.resourceVersion);
    expect(Object.keys(back.objects.pods)).toHaveLength(2000);
    const old = decodeState(before);
    for (const plural of Object.keys(old.objects)) expect(back.objects[plural]).toEqual(old.objects[plural]);
    // The next such write replaces the line beside, against the same file; a header of any length fits.
    back.random = [5, 6, 7, 8];
    back.serviceRevisions = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`uid-${i}-0123456789`, i]));
    writeStateFile(path, back);
    expect(readFileSync(path).equals(before)).toBe(true);
    const again = readStateFile(path)!;
    expect([again.random, Object.keys(again.serviceRevisions!).length]).toEqual([[5, 6, 7, 8], 40]);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('rewrites the whole file when a resource changed, the header with it, and removes the line beside', () => {
    const path = bigStateFile();
    const before = readFileSync(path);
    const state = readStateFile(path)!;
    state.random = [1, 2, 3, 4];
    writeStateFile(path, state);
    expect(existsSync(`${path}.head`)).toBe(true);
    const next = readStateFile(path)!;
    const pod = structuredClone(next.objects.pods['default/web-7']);
    pod.metadata.labels = { app: 'web', tier: 'front' };
    next.objects.pods['default/web-7'] = pod;
    writeStateFile(path, next);
    expect(existsSync(`${path}.head`)).toBe(false);
    expect(readFileSync(path).length).not.toBe(before.length);
    const back = readStateFile(path)!;
    expect(back.objects.pods['default/web-7'].metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(back.random).toEqual([1, 2, 3, 4]);
    expect(Object.keys(back.objects.pods)).toHaveLength(2000);
    // The file replaced is the backup, read with the header it had then.
    expect(readFileSync(`${path}.bak`).equals(before)).toBe(true);
  });

  it('uses a line beside the file only for the first line it was written for, and only whole', () => {
    const path = bigStateFile();
    const before = readFileSync(path);
    const { firstLine } = layout(before);
    const own = readStateFile(path)!.random;
    const newer = (random: number[]) => Buffer.from(before.toString('utf8', 0, firstLine).replace(/"random":\[[^\]]*\]/, `"random":${JSON.stringify(random)}`));
    // Written for another first line (a file since replaced, say by a crash before the line was removed).
    const other = Buffer.from(before.subarray(0, firstLine));
    other[other.indexOf('"schemaVersion"')] = 0x20;
    // Or a line with another index (offsets this file does not have).
    const otherIndex = Buffer.from(newer([7, 7, 7, 7]).toString('utf8').replace(/"index":\{.*?\},"schemaVersion"/, '"index":{},"schemaVersion"'));
    expect(otherIndex.equals(newer([7, 7, 7, 7]))).toBe(false);
    for (const damaged of [
      Buffer.concat([other, newer([7, 7, 7, 7])]),
      Buffer.concat([before.subarray(0, firstLine), newer([7, 7, 7, 7]).subarray(0, 50)]),
      Buffer.concat([before.subarray(0, firstLine), otherIndex]),
      Buffer.from('garbage'),
    ]) {
      writeFileSync(`${path}.head`, damaged);
      expect(readStateFile(path)!.random).toEqual(own);
    }
    writeFileSync(`${path}.head`, Buffer.concat([before.subarray(0, firstLine), newer([7, 7, 7, 7])]));
    expect(readStateFile(path)!.random).toEqual([7, 7, 7, 7]);
  });

  it('writes the whole file when the one read was replaced since (its bytes are not kept)', () => {
    const path = bigStateFile();
    const state = readStateFile(path)!;
    const other = readStateFile(path)!;
    other.random = [9, 9, 9, 9];
    delete (other.objects.pods as any)['default/web-3'];
    writeStateFile(path, other); // another writer got there first (as if it had held the lock before us)
    state.random = [5, 6, 7, 8];
    writeStateFile(path, state);
    const back = readStateFile(path)!;
    expect(back.random).toEqual([5, 6, 7, 8]);
    expect(Object.keys(back.objects.pods)).toHaveLength(2000);
  });
});

