// Seed scenario: Service discovery by environment variables vs DNS.
import { manifest, podsOf, type Tutorial } from '../types.js';

const conv = (s: any) => podsOf(s.cluster, 'currency-conversion')[0]?.metadata.name ?? 'currency-conversion';
const execIn = (sub: string) => (a: string[], s: any) => a[0] === 'exec' && a.includes(conv(s)) && a.includes(sub);

export const discovery: Tutorial = {
  name: 'discovery',
  title: 'Service discovery: environment variables vs DNS',
  intro: 'currency-exchange exists before the currency-conversion pods start; backend is created after them.',
  setup: [manifest('01-currency-exchange.yaml'), manifest('02-currency-conversion.yaml')],
  steps: [
    { kind: 'run', say: (s) => `Print the environment of a currency-conversion pod: exec ${conv(s)} -- env`, accept: execIn('env'), hint: (s) => `exec ${conv(s)} -- env` },
    {
      kind: 'choose',
      question: 'Is CURRENCY_EXCHANGE_SERVICE_HOST set?',
      choices: () => ['yes', 'no'],
      answer: (s) => (/CURRENCY_EXCHANGE_SERVICE_HOST=/.test(s.output) ? 'yes' : 'no'),
      explain: 'The kubelet injects <NAME>_SERVICE_HOST and _PORT for every Service that existed when the pod started.',
    },
    { kind: 'auto', say: 'Now a new Service appears: backend.', argv: ['apply', '-f', 'manifests/09-backend-multiport.yaml'] },
    { kind: 'run', say: (s) => `Print the same pod's environment again.`, accept: execIn('env'), hint: (s) => `exec ${conv(s)} -- env` },
    {
      kind: 'choose',
      question: 'Is BACKEND_SERVICE_HOST set in that pod?',
      choices: () => ['yes', 'no'],
      answer: (s) => (/BACKEND_SERVICE_HOST=/.test(s.output) ? 'yes' : 'no'),
      explain: 'Environment variables are fixed when a pod starts: Services created later are missing until the pod is recreated.',
    },
    { kind: 'run', say: (s) => `DNS has no such problem: exec ${conv(s)} -- nslookup backend`, accept: execIn('nslookup'), hint: (s) => `exec ${conv(s)} -- nslookup backend` },
    {
      kind: 'choose',
      question: 'Did backend resolve?',
      choices: () => ['yes', 'no'],
      answer: (s) => (/Address:\s*10\./.test(s.output.split(/Name:/).slice(1).join('')) ? 'yes' : 'no'),
      explain: 'CoreDNS watches Services: a new Service is resolvable at once, from every pod. Prefer DNS names.',
    },
  ],
  outro: 'Environment variables only know the Services older than the pod; DNS knows them all.',
};
