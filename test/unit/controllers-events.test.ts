// Events (controllers/events.ts): repeats folded into one event with a count, and no more than 2,000 kept, the
// oldest dropped first; on a state read lazily, found by searching and counting, without listing every event.
import { describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/controllers/events.js';
import { Cluster } from '../../src/store/cluster.js';
import { decodeState, encodeState } from '../../src/store/codec.js';
import { lineIndexBuilt } from '../../src/store/bucket.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import type { KubeObject } from '../../src/api/types.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const involved = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}`, resourceVersion: '1' } });

/** A cluster holding `n` events, one per pod; and the same read back from its state file (lazily). */
function clusters(n: number): { plain: Cluster; lazy: Cluster } {
  const plain = new Cluster(createClusterState({}, NOW), NOW);
  for (let i = 0; i < n; i++) recordEvent(plain, involved(i), 'Normal', 'Scheduled', `Successfully assigned default/pod-${i} to kubesim-worker`, 'default-scheduler');
  plain.syncRandom(); // the draws so far kept in the state, so both draw the same names next
  const lazy = new Cluster(decodeState(encodeState(plain.state)), NOW);
  return { plain, lazy };
}

const stored = (c: Cluster) => c.keys('events').map((k) => [k, c.state.objects.events[k].count, c.state.objects.events[k].reason]);

describe('events', () => {
  it('keeps 2,000, dropping the oldest written first, on a state read lazily as on one in memory', () => {
    const { plain, lazy } = clusters(2000);
    expect(plain.keys('events')).toHaveLength(2000);
    for (const c of [plain, lazy]) {
      // A repeat of the oldest makes it the newest; then three new events drop the three oldest after it.
      recordEvent(c, involved(0), 'Normal', 'Scheduled', 'Successfully assigned default/pod-0 to kubesim-worker', 'default-scheduler');
      for (let i = 2000; i < 2003; i++) recordEvent(c, involved(i), 'Warning', 'FailedScheduling', '0/3 nodes are available', 'default-scheduler');
    }
    expect(lineIndexBuilt(lazy.state.objects.events)).toBe(false);
    const keys = stored(lazy);
    expect(keys).toEqual(stored(plain));
    expect(keys).toHaveLength(2000);
    expect(keys.slice(0, 2).map((k) => (k[0] as string).replace(/\.[0-9a-f]{16}$/, ''))).toEqual(['default/pod-4', 'default/pod-5']);
    expect(keys.slice(-4).map(([k, count, reason]) => [(k as string).replace(/\.[0-9a-f]{16}$/, ''), count, reason])).toEqual([
      ['default/pod-0', 2, 'Scheduled'],
      ['default/pod-2000', 1, 'FailedScheduling'],
      ['default/pod-2001', 1, 'FailedScheduling'],
      ['default/pod-2002', 1, 'FailedScheduling'],
    ]);
  });

  it('under 2,000 drops none, and folds a repeat into its event', () => {
    const { plain, lazy } = clusters(10);
    for (const c of [plain, lazy]) {
      recordEvent(c, involved(3), 'Normal', 'Scheduled', 'Successfully assigned default/pod-3 to kubesim-worker', 'default-scheduler');
      recordEvent(c, involved(3), 'Normal', 'Scheduled', 'Successfully assigned default/pod-3 to kubesim-worker', 'default-scheduler');
      recordEvent(c, involved(3), 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'kubelet');
    }
    expect(lineIndexBuilt(lazy.state.objects.events)).toBe(false);
    expect(stored(lazy)).toEqual(stored(plain));
    expect(stored(lazy).slice(-2).map(([, count, reason]) => [count, reason])).toEqual([
      [3, 'Scheduled'],
      [1, 'Pulled'],
    ]);
    expect(stored(lazy)).toHaveLength(11);
  });
});
