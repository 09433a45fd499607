// Seed scenario: a LoadBalancer Service whose load balancer never appears (a local cluster).
import { clusterIP, externalIP, manifest, oneOf, type Tutorial } from '../types.js';

export const lbPending: Tutorial = {
  name: 'lb-pending',
  title: 'Why a LoadBalancer stays <pending> on a local cluster',
  intro: 'This cluster is "local", like kind or minikube: there is no cloud controller to create load balancers.',
  setup: [['cluster', 'create', '--provider', 'local'], manifest('06-loadbalancer.yaml')],
  steps: [
    { kind: 'run', say: 'Look at the web Service.', accept: oneOf('get svc web', 'get service web', 'get svc', 'get svc/web'), hint: 'get svc web' },
    {
      kind: 'choose',
      question: 'What is its EXTERNAL-IP?',
      choices: (s) => [...new Set(['<pending>', '<none>', clusterIP(s.cluster, 'web'), '203.0.113.1'])],
      answer: (s) => externalIP(s.cluster, 'web'),
      explain: 'No cloud controller manager, no load balancer: the status stays empty and EXTERNAL-IP shows <pending> forever. On a cloud, check that the controller manager is configured.',
    },
    { kind: 'run', say: 'The ClusterIP still works inside the cluster. curl the Service by name from a pod.', accept: oneOf('curl http://web', 'curl web', 'curl http://web.default.svc.cluster.local'), hint: 'curl http://web' },
    { kind: 'run', say: 'Local tools have a workaround: minikube tunnel. Run kubesim tunnel.', accept: oneOf('tunnel'), hint: 'tunnel' },
    { kind: 'run', say: 'Look at the Service again.', accept: oneOf('get svc web', 'get service web', 'get svc', 'get svc/web'), hint: 'get svc web' },
    {
      kind: 'input',
      question: 'What is its EXTERNAL-IP now?',
      answer: (s) => externalIP(s.cluster, 'web'),
      explain: 'Like minikube tunnel, kubesim tunnel gives each LoadBalancer Service an address reachable from your machine.',
    },
  ],
  outro: 'A LoadBalancer needs something to provision it: a cloud controller, or a local workaround such as a tunnel or MetalLB.',
};
