// Seed scenario: the DNS name forms of a Service, and why the FQDN matters across namespaces.
import { clusterIP, manifest, type Tutorial } from '../types.js';

const isDig = (name: string) => (a: string[]) => a[0] === 'dig' && a.includes(name);

export const fqdn: Tutorial = {
  name: 'fqdn',
  title: 'Service DNS names: short, namespaced and fully qualified',
  intro: 'currency-exchange runs in default; data runs in prod. Let us resolve them as a pod in default would.',
  setup: [manifest('01-currency-exchange.yaml'), manifest('10-prod-namespace.yaml')],
  steps: [
    { kind: 'run', say: 'Resolve the fully qualified name: dig +short currency-exchange.default.svc.cluster.local', accept: isDig('currency-exchange.default.svc.cluster.local'), hint: 'dig +short currency-exchange.default.svc.cluster.local' },
    {
      kind: 'input',
      question: 'Which address did it resolve to? (it is the Service\'s ClusterIP)',
      answer: (s) => clusterIP(s.cluster, 'currency-exchange'),
      explain: 'CoreDNS answers <service>.<namespace>.svc.cluster.local with the ClusterIP.',
    },
    { kind: 'run', say: 'Now the short name, through the pod\'s search path: dig +short +search currency-exchange', accept: isDig('currency-exchange'), hint: 'dig +short +search currency-exchange' },
    { kind: 'run', say: 'A Service in another namespace by its short name: dig +search data', accept: isDig('data'), hint: 'dig +search data' },
    {
      kind: 'choose',
      question: 'Did the short name data resolve from the default namespace?',
      choices: () => ['yes', 'no'],
      answer: (s) => (/NXDOMAIN/.test(s.output) ? 'no' : 'yes'),
      explain: 'The search path starts with default.svc.cluster.local: data.default.svc.cluster.local does not exist.',
    },
    { kind: 'run', say: 'Add the namespace: dig +short +search data.prod', accept: isDig('data.prod'), hint: 'dig +short +search data.prod' },
    {
      kind: 'input',
      question: 'Which address did data.prod resolve to?',
      answer: (s) => clusterIP(s.cluster, 'data', 'prod'),
      explain: 'name.namespace works from anywhere; in config files and scripts use the full name, ending with a dot to skip the search path.',
    },
  ],
  outro: 'Same namespace: name. Other namespace: name.namespace. Configs: name.namespace.svc.cluster.local.',
};
