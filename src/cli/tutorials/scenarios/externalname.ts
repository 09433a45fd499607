// Seed scenario: ExternalName, a Service that is only a DNS alias.
import { oneOf, manifest, type Tutorial } from '../types.js';

export const externalname: Tutorial = {
  name: 'externalname',
  title: 'ExternalName: a DNS alias for a service outside the cluster',
  intro: 'my-xn-service maps a cluster name to example.com; external-api to api.external.com.',
  setup: [manifest('07-externalname.yaml')],
  steps: [
    { kind: 'run', say: 'List the Services.', accept: oneOf('get svc', 'get services', 'get service'), hint: 'get svc' },
    {
      kind: 'choose',
      question: 'What CLUSTER-IP does my-xn-service have?',
      choices: () => ['<none>', 'None', '10.96.0.10'],
      answer: (s) => (s.cluster.get('services', 'default', 'my-xn-service')?.spec?.clusterIP ? 'None' : '<none>'),
      explain: 'An ExternalName Service has no ClusterIP, no endpoints and no kube-proxy rules: nothing is proxied.',
    },
    { kind: 'run', say: 'Ask the cluster DNS for its full name: my-xn-service.default.svc.cluster.local', accept: (a) => a[0] === 'dig' && a.some((w) => w.replace(/\.$/, '') === 'my-xn-service.default.svc.cluster.local'), hint: 'dig my-xn-service.default.svc.cluster.local' },
    {
      kind: 'choose',
      question: 'Which record type did CoreDNS answer with first?',
      choices: () => ['A', 'CNAME', 'SRV'],
      answer: (s) => (/\bCNAME\b/.test(s.output) ? 'CNAME' : 'A'),
      explain: 'A CNAME to example.com: the client then resolves example.com itself. Change externalName later and no workload needs reconfiguring.',
    },
  ],
  outro: 'ExternalName is a DNS redirection: pods use a cluster-style name for something outside the cluster.',
};
