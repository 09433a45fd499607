// Every tutorial run to completion with scripted answers (one per line on stdin). Answers that depend on the
// cluster (an IP, a pod name) are read from the tutorial's own state with `get -o jsonpath` just before they
// are needed: the tutorial stops when the piped answers run out and resumes on the next run, as a user would.
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

type Answer = string | ((q: (args: string) => string) => string);

function play(name: string, answers: Answer[]) {
  const { run, state } = freshCluster();
  const tstate = join(dirname(state), 'tutorials', name, 'state.json');
  const q = (args: string) => run(`--state ${tstate} ${args}`).stdout.trim();
  const outputs: string[] = [];
  let batch: string[] = [];
  const flush = () => {
    const r = run(['tutorial', name], { input: batch.map((a) => a + '\n').join('') });
    outputs.push(r.stdout + r.stderr);
    batch = [];
    return r;
  };
  for (const a of answers) {
    if (typeof a === 'function') {
      if (batch.length || outputs.length === 0) flush(); // the first run also builds the cluster
      batch.push(a(q));
    } else batch.push(a);
  }
  const last = flush();
  return { outputs, last, run };
}

function expectCompleted(name: string, p: ReturnType<typeof play>) {
  const all = p.outputs.join('\n');
  expect(all).not.toContain('✗');
  expect(all).not.toContain('internal error');
  expect(p.last.code).toBe(0);
  expect(p.last.stdout).toContain(`Tutorial "${name}" complete.`);
  expect(p.run('tutorial --list').stdout).toMatch(new RegExp(`^${name} +done `, 'm'));
}

const jp = (args: string, path: string) => (q: (a: string) => string) => q(`get ${args} -o jsonpath=${path}`);
const conv = jp('pods -l app=currency-conversion', '{.items[0].metadata.name}');

// `kubesim tunnel` belongs to the service-networking work; lb-pending needs it.
const hasTunnel = /^  tunnel /m.test(freshCluster().run('--help').stdout);

describe('kubesim tutorial', () => {
  it('pod-ip', () => {
    const p = play('pod-ip', ['get pods -o wide', jp('pods -l app=currency-exchange', '{.items[0].status.podIP}'), 'get pods -o wide', 'no', 'get svc currency-exchange', jp('svc currency-exchange', '{.spec.clusterIP}')]);
    expectCompleted('pod-ip', p);
    expect(p.outputs[0]).toContain('$ kubesim apply -f manifests/01-currency-exchange.yaml\ndeployment.apps/currency-exchange created\n');
    expect(p.outputs[1]).toContain('Resuming at step 2 of 7');
  });

  it('clusterip-always', () => {
    expectCompleted('clusterip-always', play('clusterip-always', ['get svc', '2', jp('svc web', '{.spec.clusterIP}'), 'kubectl get svc web -o yaml', jp('svc web', '{.spec.ports[0].nodePort}')]));
  });

  it.skipIf(!hasTunnel)('lb-pending', () => {
    expectCompleted('lb-pending', play('lb-pending', ['get svc web', '<pending>', 'curl http://web', 'tunnel', 'get svc web', jp('svc web', '{.status.loadBalancer.ingress[0].ip}')]));
  });

  it('nodeport-unreachable', () => {
    expectCompleted('nodeport-unreachable', play('nodeport-unreachable', ['get nodes -o wide', '172.18.0.3', 'curl http://172.18.0.3:30080 --from outside', '2']));
  });

  it('externalname', () => {
    expectCompleted('externalname', play('externalname', ['get svc', '<none>', 'dig my-xn-service.default.svc.cluster.local', 'CNAME']));
  });

  it('fqdn', () => {
    expectCompleted('fqdn', play('fqdn', ['dig +short currency-exchange.default.svc.cluster.local', jp('svc currency-exchange', '{.spec.clusterIP}'), 'dig +short +search currency-exchange', 'dig +search data', 'no', 'dig +short +search data.prod', jp('svc data -n prod', '{.spec.clusterIP}')]));
  });

  it('scaling-endpoints', () => {
    expectCompleted('scaling-endpoints', play('scaling-endpoints', ['get endpoints currency-exchange', '2', 'scale deployment currency-exchange --replicas=4', 'get endpoints currency-exchange', '4', 'curl --count 200 http://currency-exchange', 'scale deployment currency-exchange --replicas=1', 'no']));
  });

  it('headless', () => {
    expectCompleted('headless', play('headless', ['get svc nginx', 'None', 'dig +short nginx.default.svc.cluster.local', '2', 'get pods -o wide', 'dig +short nginx-sts-0.nginx.default.svc.cluster.local', jp('pod nginx-sts-0', '{.status.podIP}')]));
  });

  it('ingress-vs-lb', () => {
    const addr = jp('ingress gateway-ingress', '{.status.loadBalancer.ingress[0].ip}');
    expectCompleted('ingress-vs-lb', play('ingress-vs-lb', ['get svc -A', '1', 'get ingress', addr, (q) => `curl http://${addr(q)}/currency-conversion --from outside`, 'currency-conversion', 'graph ingress gateway-ingress']));
  });

  it('discovery', () => {
    expectCompleted('discovery', play('discovery', [(q) => `exec ${conv(q)} -- env`, 'yes', (q) => `exec ${conv(q)} -- env`, 'no', (q) => `exec ${conv(q)} -- nslookup backend`, 'yes']));
  });

  it('a wrong command gets a hint, then is run for the user after three tries; --reset starts over', () => {
    const { run } = freshCluster();
    const r = run('tutorial externalname', { input: 'get pods\nget nodes\nget ns\n' });
    expect(r.stdout).toContain('✗ That is not the command this step needs. Hint: try  kubesim get svc\n');
    expect(r.stdout).toContain('✗ Not quite. Here is the command, run for you:\n$ kubesim get svc\n');
    expect(r.stderr).toBe('error: no more answers (one per line on stdin); progress is saved: run the tutorial again to resume\n');
    expect(run('tutorial --list').stdout).toMatch(/^externalname +in progress \(1\/4\) /m);
    const again = run('tutorial externalname --reset', { input: '' });
    expect(again.stdout).toContain('Setting up a fresh cluster for this tutorial:');
    expect(run('tutorial nope').stderr).toBe('error: unknown tutorial "nope": kubesim tutorial --list shows them\n');
    expect(run('tutorial').stderr).toBe("error: you must name a tutorial: kubesim tutorial NAME (kubesim tutorial --list shows them)\nSee 'kubesim tutorial --help' for usage.\n");
  });
});
