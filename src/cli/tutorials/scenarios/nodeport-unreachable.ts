// Seed scenario: "I'm unable to access a NodePort service via http://<NodeIP>:<NodePort>".
import { manifest, oneOf, type Tutorial } from '../types.js';

const workerIP = (s: any) => s.cluster.get('nodes', undefined, 'kubesim-worker')?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';

export const nodeportUnreachable: Tutorial = {
  name: 'nodeport-unreachable',
  title: 'Why a NodePort is unreachable from your laptop',
  intro: 'frontend is a NodePort Service on port 30080, on every node. When does http://<NodeIP>:30080 work, and when not?',
  setup: [manifest('05-nodeport.yaml')],
  steps: [
    { kind: 'run', say: 'List the nodes with their IPs (wide output).', accept: oneOf('get nodes -o wide', 'get no -o wide', 'get node -o wide'), hint: 'get nodes -o wide' },
    {
      kind: 'input',
      question: 'Which InternalIP does kubesim-worker have?',
      answer: workerIP,
      explain: '172.18.0.x is a private address: the nodes\' own network, not the internet.',
    },
    { kind: 'run', say: (s) => `kubesim's "outside" client is a laptop on the nodes' network (as with kind in Docker). Call the node port from there: curl http://${workerIP(s)}:30080 --from outside`, accept: (argv, s) => argv[0] === 'curl' && argv.includes(`http://${workerIP(s)}:30080`) && argv.includes('outside'), hint: (s) => `curl http://${workerIP(s)}:30080 --from outside` },
    {
      kind: 'choose',
      question: (s) => `It answered. Is ${workerIP(s)} a public address, reachable from the internet?`,
      choices: () => ['yes, public', 'no, private (RFC 1918)'],
      answer: (s) => (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(workerIP(s)) ? 'no, private (RFC 1918)' : 'yes, public'),
      explain: 'NodeIP:NodePort works only where the node IP is reachable: the same network or VPC, or a node with a public IP, and firewalls or security groups must allow 30000-32767. From anywhere else the connection times out.',
    },
  ],
  outro: 'A NodePort is reachable only from where the node IPs are: for the internet, use a LoadBalancer or an Ingress.',
};
