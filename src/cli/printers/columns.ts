// The columns `kubectl get` prints for each resource (pkg/printers/internalversion/printers.go), by plural.
import { configmaps, events, namespaces, nodes, secrets, serviceaccounts } from './columns/core.js';
import { endpoints, endpointslices, ingressclasses, ingresses, networkpolicies } from './columns/network.js';
import { fallback, OTHER } from './columns/other.js';
import { pods } from './columns/pods.js';
import { services } from './columns/services.js';
import type { ColumnSet } from './columns/types.js';
import { cronjobs, daemonsets, deployments, jobs, replicasets, replicationcontrollers, statefulsets } from './columns/workloads.js';

export type { ColumnSet, PrintContext, Column } from './columns/types.js';

export const COLUMNS: Record<string, ColumnSet> = {
  services,
  pods,
  deployments,
  replicasets,
  replicationcontrollers,
  statefulsets,
  daemonsets,
  jobs,
  cronjobs,
  endpoints,
  endpointslices,
  ingresses,
  ingressclasses,
  networkpolicies,
  nodes,
  namespaces,
  configmaps,
  secrets,
  serviceaccounts,
  events,
  ...OTHER,
};

export function columnsFor(plural: string): ColumnSet {
  return COLUMNS[plural] ?? fallback;
}
