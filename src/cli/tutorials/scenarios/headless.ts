// Seed scenario: headless Services (clusterIP: None): DNS returns the pods themselves.
import { endpointIPs, manifest, oneOf, podsOf, type Tutorial } from '../types.js';

export const headless: Tutorial = {
  name: 'headless',
  title: 'Headless Services: DNS answers with the pods\' own IPs',
  intro: 'nginx is a headless Service in front of a StatefulSet of two pods.',
  setup: [manifest('08-headless-statefulset.yaml')],
  steps: [
    { kind: 'run', say: 'Look at the nginx Service.', accept: oneOf('get svc nginx', 'get service nginx', 'get svc', 'get svc/nginx'), hint: 'get svc nginx' },
    {
      kind: 'choose',
      question: 'What is its CLUSTER-IP?',
      choices: () => ['None', '<none>', '10.96.0.10'],
      answer: (s) => s.cluster.get('services', 'default', 'nginx')?.spec?.clusterIP ?? '',
      explain: 'clusterIP: None makes it headless: no virtual IP, no load balancing by kube-proxy.',
    },
    { kind: 'run', say: 'Resolve it: dig +short nginx.default.svc.cluster.local', accept: (a) => a[0] === 'dig' && a.some((w) => w.replace(/\.$/, '') === 'nginx.default.svc.cluster.local'), hint: 'dig +short nginx.default.svc.cluster.local' },
    {
      kind: 'input',
      question: 'How many addresses did DNS return?',
      answer: (s) => String(endpointIPs(s.cluster, 'nginx').length),
      explain: 'One A record per Ready pod: the client chooses, or talks to all of them (databases, peers).',
    },
    { kind: 'run', say: 'Compare with the pods\' IPs.', accept: oneOf('get pods -o wide', 'get po -o wide', 'get pods -l app=nginx -o wide'), hint: 'get pods -o wide' },
    { kind: 'run', say: 'Each StatefulSet pod has its own stable name too: dig +short nginx-sts-0.nginx.default.svc.cluster.local', accept: (a) => a[0] === 'dig' && a.some((w) => w.startsWith('nginx-sts-0.nginx')), hint: 'dig +short nginx-sts-0.nginx.default.svc.cluster.local' },
    {
      kind: 'input',
      question: 'Which IP does nginx-sts-0 have?',
      answer: (s) => podsOf(s.cluster, 'nginx').find((p) => p.metadata.name === 'nginx-sts-0')?.status?.podIP ?? '',
      explain: 'pod-name.service-name.namespace.svc.cluster.local follows the pod, even when it is recreated with a new IP.',
    },
  ],
  outro: 'Headless: DNS gives you the pods. Use it when clients must choose or reach every pod.',
};
