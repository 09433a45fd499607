// The tutorials' names and titles only (light: the shell's completion and `tutorial --list` read it without
// loading the scenarios).
export const TUTORIALS = [
  { name: 'pod-ip', title: 'Why not to use a Pod IP to reach a microservice' },
  { name: 'clusterip-always', title: 'A ClusterIP is always created for NodePort and LoadBalancer Services' },
  { name: 'lb-pending', title: 'Why a LoadBalancer stays <pending> on a local cluster' },
  { name: 'nodeport-unreachable', title: 'Why a NodePort is unreachable from your laptop' },
  { name: 'externalname', title: 'ExternalName: a DNS alias for a service outside the cluster' },
  { name: 'fqdn', title: 'Service DNS names: short, namespaced and fully qualified' },
  { name: 'scaling-endpoints', title: 'Scaling changes a Service\'s endpoints' },
  { name: 'headless', title: 'Headless Services: DNS answers with the pods\' own IPs' },
  { name: 'ingress-vs-lb', title: 'Ingress vs LoadBalancer: one entry point for many Services' },
  { name: 'discovery', title: 'Service discovery: environment variables vs DNS' },
] as const;

export type TutorialName = (typeof TUTORIALS)[number]['name'];
export const TUTORIAL_NAMES: string[] = TUTORIALS.map((t) => t.name);
