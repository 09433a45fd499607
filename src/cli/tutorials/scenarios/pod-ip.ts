// Seed scenario: why you should not use a Pod IP to talk to a microservice.
import { clusterIP, manifest, oneOf, podsOf, type Tutorial } from '../types.js';

let oldIP = '';
export const podIp: Tutorial = {
  name: 'pod-ip',
  title: 'Why not to use a Pod IP to reach a microservice',
  intro: 'currency-exchange runs as two pods behind a Service. Pods are ephemeral: let us see what happens to their IPs.',
  setup: [manifest('01-currency-exchange.yaml')],
  steps: [
    { kind: 'run', say: 'List the pods with their IPs and nodes (wide output).', accept: oneOf('get pods -o wide', 'get po -o wide', 'get pods -owide', 'get pods -l app=currency-exchange -o wide'), hint: 'get pods -o wide' },
    {
      kind: 'input',
      question: (s) => `Which IP does pod ${podsOf(s.cluster, 'currency-exchange')[0]?.metadata.name} have?`,
      answer: (s) => (oldIP = podsOf(s.cluster, 'currency-exchange')[0]?.status?.podIP ?? ''),
      explain: 'Each pod gets its own IP from its node\'s pod CIDR. A client could call it directly… until the pod goes away.',
    },
    { kind: 'auto', say: 'The pod crashes (or is evicted, or replaced by a rollout):', argv: (s) => ['delete', 'pod', podsOf(s.cluster, 'currency-exchange')[0]?.metadata.name] },
    { kind: 'run', say: 'List the pods again, with their IPs.', accept: oneOf('get pods -o wide', 'get po -o wide', 'get pods -owide', 'get pods -l app=currency-exchange -o wide'), hint: 'get pods -o wide' },
    {
      kind: 'choose',
      question: () => `Does any pod still have the old IP ${oldIP}?`,
      choices: () => ['yes', 'no'],
      answer: (s) => (podsOf(s.cluster, 'currency-exchange').some((p) => p.status?.podIP === oldIP) ? 'yes' : 'no'),
      explain: 'The ReplicaSet created a replacement with a new name and a new IP. A client hard-coded to the old IP is now broken.',
    },
    { kind: 'run', say: 'Now look at the Service in front of these pods.', accept: oneOf('get svc currency-exchange', 'get service currency-exchange', 'get services currency-exchange', 'get svc'), hint: 'get svc currency-exchange' },
    {
      kind: 'input',
      question: 'Which IP (CLUSTER-IP) does the currency-exchange Service have?',
      answer: (s) => clusterIP(s.cluster, 'currency-exchange'),
      explain: 'The ClusterIP is stable for the life of the Service, whatever happens to the pods: kube-proxy sends it to whichever pods are Ready now.',
    },
  ],
  outro: 'Talk to a Service (its ClusterIP, or better its DNS name), never to a Pod IP.',
};
