import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim tunnel (local clusters)', () => {
  it('leaves EXTERNAL-IP <pending> until the tunnel runs, then gives each LoadBalancer its ClusterIP', () => {
    const { run } = freshCluster();
    expect(run('cluster create --provider local').code).toBe(0);
    run('apply -f manifests/06-loadbalancer.yaml');
    const pending = run('get svc web').stdout;
    const m = /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+LoadBalancer\s+(10\.\d+\.\d+\.\d+)\s+<pending>\s+80:(3\d{4})\/TCP\s+0s\n$/.exec(pending);
    expect(m).not.toBeNull();
    const t = run('tunnel');
    expect(t).toEqual({
      stdout: [
        'Tunnel successfully started',
        'Starting tunnel for service web.',
        'Status:',
        '\tmachine: kubesim',
        '\troute: 10.96.0.0/12 -> 172.18.0.2',
        '\tkubesim: Running',
        '\tservices: [web]',
        '    errors: ',
        '\t\tkubesim: no errors',
        '\t\trouter: no errors',
        '\t\tloadbalancer emulator: no errors',
        '',
      ].join('\n'),
      stderr: '',
      code: 0,
    });
    expect(run('get svc web').stdout).toContain(`web    LoadBalancer   ${m![1]}`);
    expect(run('get svc web -o jsonpath={.status.loadBalancer.ingress[0].ip}').stdout.trimEnd()).toBe(m![1]);
    // While it runs, new LoadBalancer Services get an address too.
    run('create service loadbalancer lb2 --tcp 80');
    const lb2 = JSON.parse(run('get svc lb2 -o json').stdout);
    expect(lb2.status.loadBalancer.ingress).toEqual([{ ip: lb2.spec.clusterIP, ipMode: 'VIP' }]);
    expect(run('tunnel --stop').stdout).toBe('Tunnel stopped: 2 LoadBalancer service(s) back to <pending>.\n');
    expect(run('get svc web').stdout).toContain('<pending>');
  });

  it('refuses on a cloud cluster, whose controller assigns addresses itself', () => {
    const { run } = freshCluster();
    expect(run('tunnel')).toEqual({ stdout: '', stderr: 'error: kubesim tunnel is for local clusters (provider local); this cluster\'s provider "cloud" assigns LoadBalancer IPs itself\n', code: 1 });
  });

  it('routes traffic to the LoadBalancer address through the tunnel to the control-plane node, not a cloud load balancer', () => {
    const { run } = freshCluster();
    run('cluster create --provider local');
    run('apply -f manifests/06-loadbalancer.yaml');
    run('tunnel');
    const ip = run('get svc web -o jsonpath={.status.loadBalancer.ingress[0].ip}').stdout;
    const r = run(['curl', '-v', '--from', 'outside', `http://${ip}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`* [lb] tunnel: the host routes 10.96.0.0/12 to node kubesim-control-plane 172.18.0.2; its kube-proxy rules take ${ip}:80\n`);
    expect(r.stderr).not.toContain('cloud load balancer');
    // kube-proxy on the control-plane node masquerades: the pod sees that node as the source.
    expect(r.stdout).toMatch(/^RemoteAddr: 172\.18\.0\.2:\d+$/m);
  });
});
