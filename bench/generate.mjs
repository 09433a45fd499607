// Benchmark clusters: N Services, each in front of a Deployment of `podsPerService` pods, in namespace `bench`.
// Written as one multi-document manifest, as a user modelling a real system would apply it.

export const SIZES = {
  S: { services: 20, podsPerService: 10, workers: 3 },
  M: { services: 500, podsPerService: 10, workers: 20 },
  L: { services: 2000, podsPerService: 10, workers: 100 },
};

export function serviceName(i) {
  return `svc-${String(i).padStart(4, '0')}`;
}

export function deploymentName(i) {
  return `app-${String(i).padStart(4, '0')}`;
}

/** One Service; `revision` sets a label, so re-applying with another revision is a real change. */
export function serviceDoc(i, { port = 80, revision = 0 } = {}) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${serviceName(i)}
  namespace: bench
  labels:
    app: ${deploymentName(i)}
    revision: "${revision}"
spec:
  selector:
    app: ${deploymentName(i)}
  ports:
  - name: http
    port: ${port}
    targetPort: 8080
`;
}

function deploymentDoc(i, replicas) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${deploymentName(i)}
  namespace: bench
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${deploymentName(i)}
  template:
    metadata:
      labels:
        app: ${deploymentName(i)}
    spec:
      containers:
      - name: app
        image: traefik/whoami:v1.10
        ports:
        - name: http
          containerPort: 8080
`;
}

export function clusterManifest(size) {
  const { services, podsPerService } = SIZES[size];
  const docs = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n`];
  for (let i = 1; i <= services; i++) docs.push(deploymentDoc(i, podsPerService), serviceDoc(i));
  return docs.join('---\n');
}
