// Seed scenario: "I'm unable to access a NodePort service via http://<NodeIP>:<NodePort>".
import { manifest, oneOf, type Tutorial } from '../types.js';

const workerIP = (s: any) => s.cluster.get('nodes', undefined, 'kubesim-worker')?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';

export const nodeportUnreachable: Tutorial = {
  name: 'nodeport-unreachable',
  title: 'Why a NodePort is unreachable from your laptop',
  intro: 'frontend is a NodePort Service on port 30080. Let us call it from outside the cluster, then from the nodes\' network.',
  setup: [manifest('05-nodeport.yaml')],
  steps: [
    { kind: 'run', say: 'List the nodes with their IPs (wide output).', accept: oneOf('get nodes -o wide', 'get no -o wide', 'get node -o wide'), hint: 'get nodes -o wide' },
    {
      kind: 'input',
      question: 'Which InternalIP does kubesim-worker have?',
      answer: workerIP,
      explain: '172.18.0.x is a private address: the nodes\' own network, not the internet.',
    },
    { kind: 'auto', say: 'Your laptop, outside that network, calls the node port:', argv: (s) => ['curl', `http://${workerIP(s)}:30080`, '--from', 'outside'] },
    {
      kind: 'choose',
      question: 'Why did it fail?',
      choices: () => ['the node IP is private: not reachable from outside', 'the Service has no ClusterIP', 'node ports only work on the control plane'],
      answer: () => 'the node IP is private: not reachable from outside',
      explain: 'NodeIP:NodePort works only where the node IP is reachable (same network or VPC, or a public node IP) and firewalls allow 30000-32767.',
    },
    { kind: 'run', say: 'Now call it from another node, on the same network: add --from node/kubesim-worker2.', accept: (argv, s) => argv[0] === 'curl' && argv.includes(`http://${workerIP(s)}:30080`) && argv.includes('node/kubesim-worker2'), hint: (s) => `curl http://${workerIP(s)}:30080 --from node/kubesim-worker2` },
  ],
  outro: 'A NodePort is reachable only from where the node IPs are: for the internet, use a LoadBalancer or an Ingress.',
};
