// The demo's script: what the seeds teach, in order, as real kubesim commands. Each step says why in one
// line, then runs. Arguments that depend on the cluster (a pod's generated name, a load balancer's IP) are
// computed from the state at that moment, so every step is a real command against the real simulated state.
import type { Cluster } from '../../store/cluster.js';

export interface DemoStep {
  /** A section heading, printed before the step. */
  section?: string;
  /** One line: what to look at. */
  say: string;
  argv: string[] | ((c: Cluster) => string[]);
  /** The exit code this step should have (a failing request is part of the lesson). Default 0. */
  expectCode?: number;
  /** Simulated seconds that pass before this step (so AGE columns tell the story). */
  after?: number;
  /**
   * Run in the demo's "laptop" folder (a temporary folder holding a copy of manifests/), so that the step's
   * `--state laptop.json` is a second cluster of the demo's own, removed at the end; `argv` functions then
   * see that cluster.
   */
  laptop?: boolean;
}

const w = (s: string) => s.split(' ');

function podsOf(c: Cluster, app: string, ns = 'default'): string[] {
  return c
    .list('pods', ns)
    .filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!);
}

function lbIP(c: Cluster, ns: string, name: string): string {
  const s = c.get('services', ns, name);
  return s?.status?.loadBalancer?.ingress?.[0]?.ip ?? s?.status?.loadBalancer?.ingress?.[0]?.hostname ?? '<pending>';
}

function ingressAddress(c: Cluster): string {
  const i = c.get('ingresses', 'default', 'gateway-ingress');
  return i?.status?.loadBalancer?.ingress?.[0]?.ip ?? lbIP(c, 'ingress-nginx', 'ingress-nginx-controller');
}

function nodePort(c: Cluster, ns: string, name: string): number | undefined {
  return c.get('services', ns, name)?.spec?.ports?.[0]?.nodePort;
}

function nodeIP(c: Cluster, name: string): string {
  return c.get('nodes', undefined, name)?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';
}

export const DEMO: DemoStep[] = [
  { section: '1. A fresh cluster', say: 'A new cluster already has two Services: kubernetes (the API server) and kube-dns (CoreDNS).', argv: w('get svc -A') },
  { say: 'Three nodes, as kind creates them: each has an InternalIP and its own pod CIDR.', argv: w('get nodes -o wide') },

  { section: '2. Deploy the microservices', say: 'Apply the bundled manifests: Deployments, Services of every type, an Ingress and its controller.', argv: w('apply -f manifests/') },
  { say: 'Every pod gets its own IP from its node\'s pod CIDR. Pods come and go, and so do these IPs.', argv: w('get pods -o wide'), after: 60 },
  { say: 'Every Service gets a stable ClusterIP, even NodePort and LoadBalancer ones; ExternalName gets none, headless gets None.', argv: w('get svc') },
  { say: 'The Service finds its pods by label: the endpoints controller lists the Ready ones.', argv: w('get endpoints currency-exchange') },
  { say: 'The same, as the EndpointSlice kube-proxy reads.', argv: w('get endpointslices -l kubernetes.io/service-name=currency-exchange') },

  { section: '3. DNS: finding a Service by name', say: 'From a pod in the same namespace, the short name resolves to the ClusterIP (via the search path).', argv: w('dig +short +search currency-exchange') },
  { say: 'name.namespace works from any namespace.', argv: w('dig +short +search currency-exchange.default') },
  { say: 'name.namespace.svc, also through the search path.', argv: w('dig +short +search currency-exchange.default.svc') },
  { say: 'The fully qualified name: <service>.<namespace>.svc.cluster.local.', argv: w('dig +short currency-exchange.default.svc.cluster.local') },
  { say: 'The whole answer, as dig prints it: an A record from CoreDNS (10.96.0.10).', argv: w('dig currency-exchange.default.svc.cluster.local.') },
  { say: 'What the currency-conversion pod itself sees: its resolv.conf search path and ndots.', argv: (c) => ['exec', podsOf(c, 'currency-conversion')[0], '--', 'cat', '/etc/resolv.conf'] },
  { say: 'nslookup from that pod, with the short name its code uses (CURRENCY_EXCHANGE_URI=http://currency-exchange).', argv: (c) => ['exec', podsOf(c, 'currency-conversion')[0], '--', 'nslookup', 'currency-exchange'] },
  { say: 'A Service in another namespace: the short name does not resolve from default…', argv: w('dig +search data'), expectCode: 0 },
  { say: '…but name.namespace does.', argv: w('dig +short +search data.prod') },
  { say: 'Discovery by environment variables: the kubelet injects one set per Service that existed when the pod started.', argv: (c) => ['exec', podsOf(c, 'currency-conversion')[0], '--', 'env'] },

  { section: '4. Which pod serves each request', say: 'curl -v shows every hop: DNS, the Service VIP, the kube-proxy chain, the DNAT to a pod.', argv: w('curl -v http://currency-exchange') },
  { say: 'kube-proxy picks a pod at random for each new connection: 100 requests spread over both pods.', argv: w('curl --count 100 http://currency-exchange') },
  { say: 'The rules kube-proxy programmed on a node (iptables mode).', argv: w('iptables-save --node kubesim-worker') },

  { section: '5. Scaling changes the endpoints', say: 'Scale currency-exchange to 3 replicas.', argv: w('scale deployment currency-exchange --replicas=3'), after: 30 },
  { say: 'The new pod has a new IP…', argv: w('get pods -l app=currency-exchange -o wide') },
  { say: '…and as soon as it is Ready it is added to the endpoints; the ClusterIP did not change.', argv: w('get endpoints currency-exchange') },
  { say: 'Now the requests spread over three pods.', argv: w('curl --count 300 http://currency-exchange') },

  { section: '6. A pod dies and is replaced', say: 'Delete one pod, as a crash or an eviction would.', argv: (c) => ['delete', 'pod', podsOf(c, 'currency-exchange')[0]], after: 30 },
  { say: 'The ReplicaSet replaces it at once: a new name and a new IP. Hard-coding a pod IP would now be broken.', argv: w('get pods -l app=currency-exchange -o wide') },
  { say: 'The endpoints follow: the old IP is gone, the new one is in.', argv: w('get endpoints currency-exchange') },
  { say: 'The Service name and its ClusterIP still work, unchanged.', argv: w('curl --count 30 http://currency-exchange') },

  { section: '7. From outside the cluster: NodePort and LoadBalancer', say: 'frontend is a NodePort Service: port 30080 on every node, on top of its ClusterIP.', argv: w('get svc frontend') },
  { say: 'From a machine on the nodes\' network (your laptop running kind), any node\'s IP and the node port reach a pod. From the internet, these private node IPs would not be reachable.', argv: (c) => ['curl', `http://${nodeIP(c, 'kubesim-worker')}:30080`, '--from', 'outside'] },
  { say: 'Any Deployment can be exposed like this: expose makes a NodePort Service for currency-exchange, taking its port (8000) from the pods.', argv: w('expose deployment currency-exchange --type=NodePort --name=currency-exchange-nodeport') },
  { say: 'Is a ClusterIP created for a NodePort Service? Yes: it has a CLUSTER-IP like any Service, and a node port on top.', argv: w('get svc currency-exchange-nodeport') },
  { say: 'That node port answers on every node, here the second worker\'s IP.', argv: (c) => ['curl', `http://${nodeIP(c, 'kubesim-worker2')}:${nodePort(c, 'default', 'currency-exchange-nodeport')}`, '--from', 'outside'] },
  { say: 'web is a LoadBalancer Service: the cloud gave it an external IP, in front of a node port and a ClusterIP.', argv: w('get svc web') },
  { say: 'From outside, through the load balancer\'s IP.', argv: (c) => ['curl', `http://${lbIP(c, 'default', 'web')}`, '--from', 'outside'] },

  { section: '8. Ingress: one load balancer, many Services', say: 'The Ingress routes by path; its address is the ingress controller\'s load balancer.', argv: w('get ingress') },
  { say: '/currency-exchange goes to the currency-exchange Service…', argv: (c) => ['curl', `http://${ingressAddress(c)}/currency-exchange`, '--from', 'outside'] },
  { say: '…and /currency-conversion to currency-conversion, through the same IP.', argv: (c) => ['curl', `http://${ingressAddress(c)}/currency-conversion`, '--from', 'outside'] },
  { say: 'The whole path, drawn: Ingress → Service → EndpointSlice → Pods → Nodes.', argv: w('graph ingress gateway-ingress') },

  { section: '9. ExternalName and headless Services', say: 'An ExternalName Service is only a DNS CNAME to a name outside the cluster.', argv: w('dig my-xn-service.default.svc.cluster.local') },
  { say: 'A headless Service (clusterIP: None) answers with the pods\' own IPs…', argv: w('dig +short nginx.default.svc.cluster.local') },
  { say: '…and each StatefulSet pod gets a stable name of its own.', argv: w('dig +short nginx-sts-0.nginx.default.svc.cluster.local') },

  { section: '10. On a laptop: why a LoadBalancer stays <pending>', say: 'A second cluster, in its own state file, shaped like kind or minikube on a laptop: no cloud to hand out load-balancer IPs.', argv: w('cluster create --provider local --state laptop.json'), laptop: true },
  { say: 'The same LoadBalancer Service as in the cloud…', argv: w('apply -f manifests/06-loadbalancer.yaml --state laptop.json'), laptop: true },
  { say: '…gets its ClusterIP and node port, but its EXTERNAL-IP stays <pending>: nothing on a laptop provides a load balancer.', argv: w('get svc --state laptop.json'), laptop: true },
  { say: 'kubesim tunnel does what minikube tunnel does: a route to the Services, and an address for every LoadBalancer.', argv: w('tunnel --state laptop.json'), laptop: true },
  { say: 'Now web has an EXTERNAL-IP: as with minikube tunnel, it is the ClusterIP, now routed from the laptop.', argv: w('get svc web --state laptop.json'), laptop: true },
  { say: 'And it answers there, from the laptop.', argv: (c) => ['curl', `http://${lbIP(c, 'default', 'web')}`, '--from', 'outside', '--state', 'laptop.json'], laptop: true },
];
