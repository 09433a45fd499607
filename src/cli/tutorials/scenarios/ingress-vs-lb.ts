// Seed scenario: Ingress vs LoadBalancer: one load balancer and path routing for many Services.
import { externalIP, manifest, oneOf, type Tutorial } from '../types.js';

const address = (s: any) => s.cluster.get('ingresses', 'default', 'gateway-ingress')?.status?.loadBalancer?.ingress?.[0]?.ip ?? externalIP(s.cluster, 'ingress-nginx-controller', 'ingress-nginx');

export const ingressVsLb: Tutorial = {
  name: 'ingress-vs-lb',
  title: 'Ingress vs LoadBalancer: one entry point for many Services',
  intro: 'Two microservices, both ClusterIP, an NGINX ingress controller and one Ingress routing by path.',
  setup: [manifest('01-currency-exchange.yaml'), manifest('02-currency-conversion.yaml'), manifest('03-ingress-nginx-controller.yaml'), manifest('04-ingress.yaml')],
  steps: [
    { kind: 'run', say: 'List the Services in all namespaces.', accept: oneOf('get svc -A', 'get services -A', 'get svc --all-namespaces', 'get services --all-namespaces'), hint: 'get svc -A' },
    {
      kind: 'input',
      question: 'How many Services of type LoadBalancer are there?',
      answer: (s) => String(s.cluster.list('services').filter((x) => x.spec?.type === 'LoadBalancer').length),
      explain: 'Only the ingress controller\'s. Exposing each microservice as a LoadBalancer would cost one cloud load balancer each.',
    },
    { kind: 'run', say: 'Look at the Ingress.', accept: oneOf('get ingress', 'get ing', 'get ingresses', 'get ingress gateway-ingress'), hint: 'get ingress' },
    {
      kind: 'input',
      question: 'Which ADDRESS does the Ingress have?',
      answer: address,
      explain: 'The ingress controller\'s load balancer IP: one address shared by every route.',
    },
    { kind: 'run', say: (s) => `From outside, request /currency-conversion on that address: curl http://${address(s)}/currency-conversion --from outside`, accept: (a, s) => a[0] === 'curl' && a.includes(`http://${address(s)}/currency-conversion`) && a.includes('outside'), hint: (s) => `curl http://${address(s)}/currency-conversion --from outside` },
    {
      kind: 'choose',
      question: 'Which Service\'s pod answered?',
      choices: () => ['currency-exchange', 'currency-conversion', 'ingress-nginx-controller'],
      answer: (s) => (/currency-conversion-/.test(s.output) ? 'currency-conversion' : /currency-exchange-/.test(s.output) ? 'currency-exchange' : 'ingress-nginx-controller'),
      explain: 'The controller matched the path /currency-conversion (Prefix) and proxied to that Service\'s pods.',
    },
    { kind: 'run', say: 'Draw the whole path.', accept: (a) => a[0] === 'graph', hint: 'graph ingress gateway-ingress' },
  ],
  outro: 'LoadBalancer: one Service, one external IP. Ingress: one IP, HTTP routing by host and path to many Services.',
};
