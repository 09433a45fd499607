// Which describer prints which resource (kubectl's DescriberFor), by plural; the generic one for the rest.
import type { Describer } from './common.js';
import { describeGeneric, describeNamespace } from './generic.js';
import { describeEndpoints, describeEndpointSlice, describeIngress } from './network.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describeService } from './service.js';
import { describeDeployment, describeReplicaSet } from './workloads.js';

export type { DescribeContext, Describer } from './common.js';

const DESCRIBERS: Record<string, Describer> = {
  services: describeService,
  pods: describePod,
  deployments: describeDeployment,
  replicasets: describeReplicaSet,
  endpoints: describeEndpoints,
  endpointslices: describeEndpointSlice,
  ingresses: describeIngress,
  nodes: describeNode,
  namespaces: describeNamespace,
};

export function describerFor(plural: string): Describer {
  return DESCRIBERS[plural] ?? describeGeneric;
}
