// Seed scenario: the practical example, scaling up and down and watching the Endpoints follow.
import { clusterIP, endpointIPs, manifest, oneOf, type Tutorial } from '../types.js';

let ipBefore = '';
const getEp = oneOf('get endpoints currency-exchange', 'get ep currency-exchange', 'get endpointslices -l kubernetes.io/service-name=currency-exchange');

export const scalingEndpoints: Tutorial = {
  name: 'scaling-endpoints',
  title: 'Scaling changes a Service\'s endpoints',
  intro: 'The Endpoints of a Service list the IPs of its Ready pods; kube-proxy turns them into rules on every node.',
  setup: [manifest('01-currency-exchange.yaml')],
  steps: [
    { kind: 'run', say: 'Show the endpoints of currency-exchange.', accept: getEp, hint: 'get endpoints currency-exchange' },
    {
      kind: 'input',
      question: 'How many pod addresses does it list?',
      answer: (s) => {
        ipBefore = clusterIP(s.cluster, 'currency-exchange');
        return String(endpointIPs(s.cluster, 'currency-exchange').length);
      },
      explain: 'Two replicas, two Ready pods, two endpoints.',
    },
    { kind: 'run', say: 'Scale the Deployment to 4 replicas.', accept: (a) => a[0] === 'scale' && a.includes('--replicas=4') && a.some((w) => /currency-exchange$/.test(w)), hint: 'scale deployment currency-exchange --replicas=4' },
    { kind: 'run', say: 'Show the endpoints again.', accept: getEp, hint: 'get endpoints currency-exchange' },
    {
      kind: 'input',
      question: 'How many addresses now?',
      answer: (s) => String(endpointIPs(s.cluster, 'currency-exchange').length),
      explain: 'Each new pod is added as soon as it is Ready, and kube-proxy adds it to its rules.',
    },
    { kind: 'run', say: 'Send 200 requests and see how they spread.', accept: (a) => a[0] === 'curl' && a.includes('--count'), hint: 'curl --count 200 http://currency-exchange' },
    { kind: 'run', say: 'Scale back down to 1.', accept: (a) => a[0] === 'scale' && a.includes('--replicas=1') && a.some((w) => /currency-exchange$/.test(w)), hint: 'scale deployment currency-exchange --replicas=1' },
    {
      kind: 'choose',
      question: 'Did the Service\'s ClusterIP change while we scaled?',
      choices: () => ['yes', 'no'],
      answer: (s) => (clusterIP(s.cluster, 'currency-exchange') === ipBefore || !ipBefore ? 'no' : 'yes'),
      explain: 'Removed pods leave the endpoints at once; clients keep using the same ClusterIP and DNS name.',
    },
  ],
  outro: 'Scaling changes the endpoints, never the Service: clients do not notice.',
};
