// The kernel's xt_recent lists that ClientIP session affinity relies on. They live on each node and outlast a
// single command, so kubesim keeps them in the cluster state (an optional field this module owns).
import type { Cluster } from '../../store/cluster.js';

export interface DataplaneState {
  /** node → list name (KUBE-SEP-…) → source IP → last seen (epoch seconds). */
  recent?: Record<string, Record<string, Record<string, number>>>;
  /** ingress-nginx round-robin position per upstream (`ns/svc:port`). */
  ingressRoundRobin?: Record<string, number>;
}

declare module '../../store/state.js' {
  interface ClusterState {
    dataplane?: DataplaneState;
  }
}

export function dataplaneState(cluster: Cluster): DataplaneState {
  return (cluster.state.dataplane ??= {});
}

export interface RecentTable {
  /** --rcheck --seconds S [--reap]: seen within the last S seconds. */
  check(name: string, ip: string, seconds: number): boolean;
  /** --set: remember the source now. */
  set(name: string, ip: string): void;
  /** Whether anything was written (the command then saves the state). */
  dirty: boolean;
}

export function recentTable(cluster: Cluster, node: string): RecentTable {
  const nowSec = Math.floor(cluster.now.getTime() / 1000);
  const t: RecentTable = {
    dirty: false,
    check(name, ip, seconds) {
      const seen = cluster.state.dataplane?.recent?.[node]?.[name]?.[ip];
      return seen !== undefined && nowSec - seen <= seconds;
    },
    set(name, ip) {
      const st = dataplaneState(cluster);
      const lists = ((st.recent ??= {})[node] ??= {});
      const list = (lists[name] ??= {});
      if (list[ip] !== nowSec) {
        list[ip] = nowSec;
        t.dirty = true;
      }
    },
  };
  return t;
}
