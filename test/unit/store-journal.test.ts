// The change journal: a command's changes, replayed onto the resource's text as written, give the resource the
// command left (same objects, same store order, same listings, searches and counts, written alike); records cut
// short by a crash are not read.
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeBucket,
  firstKeysOf,
  journalDelta,
  keysMentioning,
  keysOf,
  keysOwnedBy,
  keysTagged,
  lazyBucketBytes,
  lineIndexBuilt,
  openBucket,
  replayJournal,
  sizeOf,
  summariesOf,
  summaryRowsOf,
  tagCounts,
  tagCountsToKeep,
  type JournalEntry,
} from '../../src/store/bucket.js';
import { podTag } from '../../src/store/tags.js';
import { setSearchChunk, textInMemory } from '../../src/store/deferred-text.js';
import { Random, seedState } from '../../src/sim/random.js';
import { rowKey } from '../../src/store/summary-rows.js';
import { pod, type Obj } from './store-pods-fixture.js';


const summarize = (o: Obj) => `${o.status?.phase}|${o.spec?.nodeName ?? ''}`;
const sortedCounts = (bucket: Record<string, any>) => Object.fromEntries([...tagCounts(bucket)!].sort());
/** Summary rows as [key, summary or object] pairs. */
function rows(bucket: Record<string, any>): Array<[string, unknown]> {
  const r = summaryRowsOf(bucket)!;
  return Array.from({ length: r.count }, (_, i) => [rowKey(r, i), r.at[4 * i + 2] < 0 ? r.objects[i] : r.bytes.toString('utf8', r.at[4 * i + 2], r.at[4 * i + 3])]);
}

afterEach(() => setSearchChunk(undefined));

describe('a resource with journal entries replayed onto its text', () => {
  for (const size of [7, 1 << 20]) {
    it(`is the resource two commands left, before and after its index (chunk of ${size} bytes)`, () => {
      setSearchChunk(size);
      const random = new Random(seedState(size + 1));
      const pick = <T>(xs: T[]): T => xs[Math.floor(random.float() * xs.length)];
      /** Random changes made on each bucket and on the model alike. */
      const change = (buckets: Array<Record<string, any>>, model: Record<string, Obj>, ops: number) => {
        for (let op = 0; op < ops; op++) {
          const keys = Object.keys(model);
          const r = random.float();
          let key: string;
          let obj: Obj | undefined;
          if (r < 0.35 && keys.length) {
            key = pick(keys);
            obj = pod(key.slice(8), pick(['o1', 'o3', undefined]), pick(['node-0', 'node-5', undefined]), pick(['app-0', 'app-7']));
          } else if (r < 0.55 && keys.length) key = pick(keys);
          else {
            key = `default/${pick(['new', 'p'])}-${Math.floor(random.float() * 30)}`; // created, or made again
            obj = pod(key.slice(8), pick(['o0', 'o2', undefined]), pick(['node-1', undefined]), pick(['app-1', 'app-9']));
          }
          for (const b of buckets) {
            if (obj === undefined) delete b[key];
            else b[key] = obj;
          }
          if (obj === undefined) delete model[key];
          else model[key] = obj;
        }
      };
      let unindexed = 0;
      for (let round = 0; round < 40; round++) {
        const bucket: Record<string, Obj> = {};
        const n = 3 + Math.floor(random.float() * 20);
        for (let i = 0; i < n; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, random.float() < 0.8 ? `o${i % 3}` : undefined, random.float() < 0.8 ? `node-${i % 3}` : undefined, `app-${i % 3}`);
        const bytes = encodeBucket(bucket as any, podTag, summarize);
        const stored = tagCountsToKeep(bucket as any, podTag);
        const open = () => openBucket(round % 2 ? textInMemory(bytes) : bytes, podTag, undefined, summarize, undefined, stored);
        // The reference: the same changes on a resource whose index is built.
        const indexed = openBucket(bytes, podTag, undefined, summarize);
        keysOf(indexed);
        const model: Record<string, Obj> = { ...bucket };
        // The first command: its changes made before (or, some rounds, after) the index.
        const first = open();
        if (round % 5 === 4) keysOf(first);
        change([first, indexed], model, 1 + Math.floor(random.float() * (round < 20 ? 4 : 25)));
        const firstRecord = journalDelta(first)!;
        // The second command reads the file with that record, and changes more.
        const second = open();
        replayJournal(second, firstRecord);
        expect(journalDelta(second)).toEqual([]); // nothing of its own yet
        if (round % 5 === 3) keysOf(second);
        change([second, indexed], model, Math.floor(random.float() * (round < 20 ? 4 : 25)));
        const secondRecord = journalDelta(second)!;
        // Written, it reads back as the model (the bases new owners get may differ: chosen by the order changed).
        const written = (b: Record<string, any>) => Object.entries(openBucket(lazyBucketBytes(b)!, podTag));
        expect(written(second), `written by the second, round ${round}`).toEqual(Object.entries(model));
        // A reader of the file with both records.
        const entries: JournalEntry[] = JSON.parse(JSON.stringify([...firstRecord, ...secondRecord]));
        const reader = open();
        replayJournal(reader, entries);
        expect(rows(reader), `rows, round ${round}`).toEqual(rows(indexed));
        expect(summariesOf(reader), `summaries, round ${round}`).toEqual(summariesOf(indexed));
        expect(sizeOf(reader)).toBe(Object.keys(model).length);
        expect(firstKeysOf(reader, 4)).toEqual(Object.keys(model).slice(0, 4));
        expect(sortedCounts(reader)).toEqual(sortedCounts(indexed));
        for (const needle of ['"node-1"', '"app-9"', '"rs-o2"']) expect(keysMentioning(reader, needle), needle).toEqual(keysMentioning(indexed, needle));
        expect(keysOwnedBy(reader, 'rs-o0')).toEqual(keysOwnedBy(indexed, 'rs-o0'));
        expect(keysTagged(reader, ['node-1'])).toEqual(keysTagged(indexed, ['node-1']));
        if (!lineIndexBuilt(reader)) unindexed++;
        expect(written(reader), `written by a reader, round ${round}`).toEqual(Object.entries(model));
        expect(Object.entries(reader)).toEqual(Object.entries(model));
        expect(sortedCounts(reader)).toEqual(sortedCounts(indexed));
      }
      // Listed, counted and searched without the pass over every line.
      expect(unindexed).toBeGreaterThanOrEqual(10);
    });
  }

  it('replays each change where its line is, without searching the text or decoding the line it replaces', () => {
    const bucket: Record<string, Obj> = {};
    for (let i = 0; i < 5; i++) bucket[`default/p-${i}`] = pod(`p-${i}`, 'o1', 'node-1', 'a');
    const bytes = encodeBucket(bucket as any, podTag, summarize);
    const decoded: string[] = [];
    const writer = openBucket(bytes, podTag, undefined, summarize);
    writer['default/p-1'] = pod('p-1', 'o1', 'node-2', 'a') as any;
    delete writer['default/p-3'];
    writer['default/p-9'] = pod('p-9', 'o1', 'node-1', 'a') as any;
    const record = journalDelta(writer)!;
    expect(record.map(([key, obj, start, stop]) => [key, obj === null ? null : obj.spec.nodeName, start >= 0, stop >= 0])).toEqual([
      ['default/p-1', 'node-2', true, true],
      ['default/p-3', null, true, true],
      ['default/p-9', 'node-1', false, false],
    ]);
    const reader = openBucket(bytes, podTag, (key) => decoded.push(key), summarize);
    replayJournal(reader, record);
    expect(Object.keys(reader)).toEqual(['default/p-0', 'default/p-1', 'default/p-2', 'default/p-4', 'default/p-9']);
    expect(reader['default/p-1'].spec.nodeName).toBe('node-2');
    expect(decoded).toEqual([]);
  });
});
