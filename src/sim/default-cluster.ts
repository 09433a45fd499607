// A fresh cluster, shaped like a new kind cluster on a cloud: one control-plane node and workers, the
// `kubernetes` and `kube-dns` Services, CoreDNS. Controllers then reconcile it (CoreDNS pods, endpoints…).
import type { KubeObject } from '../api/types.js';
import { Cluster } from '../store/cluster.js';
import { applyDefaults } from '../api/defaulting.js';
import { SCHEMA_VERSION, type ClusterState } from '../store/state.js';
import { formatTimestamp } from './clock.js';
import { seedState } from './random.js';

export interface ClusterShape {
  name?: string;
  nodes?: number; // worker nodes
  provider?: 'cloud' | 'local';
  seed?: number;
}

export const KUBERNETES_VERSION = 'v1.33.1';
export const DEFAULT_SEED = 42;

export function nodeNames(clusterName: string, workers: number): string[] {
  const names = [`${clusterName}-control-plane`];
  for (let i = 1; i <= workers; i++) names.push(i === 1 ? `${clusterName}-worker` : `${clusterName}-worker${i}`);
  return names;
}

/** Node i (0 = control plane): InternalIP 172.18.0.(i+2), pod CIDR 10.244.i.0/24, as kind assigns them. */
export function nodeAddressing(i: number): { ip: string; podCIDR: string } {
  if (i > 252) throw new Error('kubesim clusters hold at most 253 nodes');
  return { ip: `172.18.0.${i + 2}`, podCIDR: `10.244.${i}.0/24` };
}

export function createClusterState(shape: ClusterShape, now: Date): ClusterState {
  const name = shape.name ?? 'kubesim';
  const seed = shape.seed ?? DEFAULT_SEED;
  const state: ClusterState = {
    schemaVersion: SCHEMA_VERSION,
    cluster: {
      name,
      provider: shape.provider ?? 'cloud',
      seed,
      kubernetesVersion: KUBERNETES_VERSION,
      serviceCIDR: '10.96.0.0/12',
      podCIDR: '10.244.0.0/16',
      nodePortRange: '30000-32767',
      clusterDomain: 'cluster.local',
      dnsIP: '10.96.0.10',
      loadBalancerPool: '203.0.113.0/24',
      createdAt: formatTimestamp(now),
    },
    random: seedState(seed),
    resourceVersion: 0,
    objects: {},
  };
  const c = new Cluster(state, now);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    c.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  nodeNames(name, shape.nodes ?? 2).forEach((nodeName, i) => c.create(makeNode(nodeName, i, c.timestamp())));
  const apiserverIP = nodeAddressing(0).ip;
  c.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  // The apiserver is not a pod: its Endpoints are written by the apiserver itself, not the endpoints controller.
  c.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  c.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  const dnsLabels = { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' };
  c.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: dnsLabels, annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  // Built-in objects get the API server's defaults too, as if kubeadm had applied them: their pods then look
  // like any other (and later updates, e.g. `label`, see no difference to refuse).
  const coredns = coreDNSDeployment();
  applyDefaults(coredns, undefined, c);
  c.create(coredns);
  c.syncRandom();
  return state;
}

function makeNode(name: string, i: number, createdAt: string): KubeObject {
  const { ip, podCIDR } = nodeAddressing(i);
  const controlPlane = i === 0;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
  if (controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      providerID: `kind://docker/kubesim/${name}`,
      ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: { cpu: '8', 'ephemeral-storage': '100Gi', memory: '16Gi', pods: '110' },
      capacity: { cpu: '8', 'ephemeral-storage': '100Gi', memory: '16Gi', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://2.1.1',
        kernelVersion: '6.8.0-kubesim',
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
      },
    },
  };
}

function coreDNSDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.12.0',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
            },
          ],
          dnsPolicy: 'Default',
          priorityClassName: 'system-cluster-critical',
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
          ],
        },
      },
    },
  };
}
