// The events workload controllers share, in the components' exact words.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { deletePod } from './workload-util.js';

export function killPod(cluster: Cluster, pod: KubeObject): void {
  deletePod(cluster, pod, (p, container) => recordEvent(cluster, p, 'Normal', 'Killing', `Stopping container ${container}`, 'kubelet', p.spec.nodeName));
}
