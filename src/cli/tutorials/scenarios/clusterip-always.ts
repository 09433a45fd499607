// Seed scenario: is a ClusterIP created for NodePort and LoadBalancer Services? Always.
import { clusterIP, manifest, oneOf, type Tutorial } from '../types.js';

export const clusteripAlways: Tutorial = {
  name: 'clusterip-always',
  title: 'A ClusterIP is always created for NodePort and LoadBalancer Services',
  intro: 'frontend is a NodePort Service and web a LoadBalancer Service. Do they also get a ClusterIP?',
  setup: [manifest('05-nodeport.yaml'), manifest('06-loadbalancer.yaml')],
  steps: [
    { kind: 'run', say: 'List the Services.', accept: oneOf('get svc', 'get services', 'get service'), hint: 'get svc' },
    {
      kind: 'choose',
      question: 'Which Services have a ClusterIP?',
      choices: () => ['only kubernetes (type ClusterIP)', 'all of them', 'only web'],
      answer: (s) => (['frontend', 'web', 'kubernetes'].every((n) => /^\d/.test(clusterIP(s.cluster, n))) ? 'all of them' : 'only kubernetes (type ClusterIP)'),
      explain: 'NodePort extends ClusterIP, and LoadBalancer extends NodePort: the ClusterIP is the core routing layer, the others are ways in from outside.',
    },
    {
      kind: 'input',
      question: 'Type the ClusterIP of the LoadBalancer Service web.',
      answer: (s) => clusterIP(s.cluster, 'web'),
      explain: 'Inside the cluster, pods reach web through that ClusterIP like any other Service.',
    },
    { kind: 'run', say: 'Show web\'s full definition: its clusterIP and the nodePort it was given.', accept: oneOf('get svc web -o yaml', 'get service web -o yaml', 'get svc/web -o yaml'), hint: 'get svc web -o yaml' },
    {
      kind: 'input',
      question: 'Which nodePort was allocated to web (30000-32767)?',
      answer: (s) => String(s.cluster.get('services', 'default', 'web')?.spec?.ports?.[0]?.nodePort ?? ''),
      explain: 'A LoadBalancer Service also gets a node port: the cloud load balancer sends traffic to that port on the nodes, and kube-proxy on to a pod.',
    },
  ],
  outro: 'Every NodePort and LoadBalancer Service has a ClusterIP; the node port and the load balancer are layered on top.',
};
