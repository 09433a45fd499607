// Pods for the store's unit tests: an owner (a ReplicaSet uid rs-<owner>), a node and an app label each.
export type Obj = Record<string, any>;

export function pod(name: string, owner: string | undefined, node: string | undefined, app: string): Obj {
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
