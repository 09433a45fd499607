import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

const EP_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

describe("the seed's practical example: currency-exchange behind a ClusterIP Service", () => {
  it('follows the pods through scale, delete and a failed readiness probe', () => {
    const { run } = freshCluster();
    const json = (args: string) => {
      const r = run(`${args} -o json`);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const podIPs = () => new Map<string, string>(json('get pods -l app=currency-exchange').items.map((p: any) => [p.metadata.name, p.status.podIP]));
    const epIPs = (field: 'addresses' | 'notReadyAddresses') => (json('get ep currency-exchange').subsets ?? []).flatMap((s: any) => (s[field] ?? []).map((a: any) => a.ip)).sort();

    expect(run('apply -f manifests/01-currency-exchange.yaml')).toEqual({ stdout: 'deployment.apps/currency-exchange created\nservice/currency-exchange created\n', stderr: '', code: 0 });

    // A ClusterIP from the dynamic band (10.96.1.1 and up of 10.96.0.0/12).
    const svc = run('get svc currency-exchange');
    const m = /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\ncurrency-exchange\s+ClusterIP\s+(10\.\d+\.\d+\.\d+)\s+<none>\s+80\/TCP\s+0s\n$/.exec(svc.stdout);
    expect(m).not.toBeNull();
    const ip = ipToInt(m![1]);
    expect(ip).toBeGreaterThanOrEqual(ipToInt('10.96.1.1'));
    expect(ip).toBeLessThanOrEqual(ipToInt('10.111.255.254'));

    // Both pods, on the container port the named targetPort `http` resolves to.
    let pods = podIPs();
    expect(pods.size).toBe(2);
    const ep = run('get ep currency-exchange');
    expect(ep.stderr).toBe(EP_WARNING);
    const two = [...pods.values()].sort().map((x) => `${x}:8000`).join(',');
    expect(ep.stdout).toMatch(new RegExp(`^NAME\\s+ENDPOINTS\\s+AGE\\ncurrency-exchange\\s+${two.replace(/\./g, '\\.')}\\s+0s\\n$`));
    expect(epIPs('addresses')).toEqual([...pods.values()].sort());

    // Scale to 3: the new pod's IP joins.
    expect(run('scale deployment currency-exchange --replicas 3').stdout).toBe('deployment.apps/currency-exchange scaled\n');
    const before = pods;
    pods = podIPs();
    expect(pods.size).toBe(3);
    const added = [...pods.keys()].filter((n) => !before.has(n));
    expect(added).toHaveLength(1);
    expect(epIPs('addresses')).toEqual([...pods.values()].sort());

    // Delete a pod: its IP leaves, the replacement (new name, new IP) joins.
    const victim = [...pods.keys()][0];
    const victimIP = pods.get(victim)!;
    expect(run(`delete pod ${victim}`).stdout).toBe(`pod "${victim}" deleted\n`);
    const after = podIPs();
    expect(after.size).toBe(3);
    expect(after.has(victim)).toBe(false);
    const replacement = [...after.keys()].filter((n) => !pods.has(n));
    expect(replacement).toHaveLength(1);
    expect(after.get(replacement[0])).not.toBe(victimIP);
    expect(epIPs('addresses')).toEqual([...after.values()].sort());
    expect(epIPs('addresses')).not.toContain(victimIP);

    // A failing readiness probe moves the pod to notReadyAddresses (and out of the slice's ready endpoints).
    const sick = replacement[0];
    expect(run(`probe fail ${sick}`).code).toBe(0);
    expect(epIPs('notReadyAddresses')).toEqual([after.get(sick)]);
    expect(epIPs('addresses')).toEqual([...after.values()].filter((x) => x !== after.get(sick)).sort());
    const slice = json('get endpointslices -l kubernetes.io/service-name=currency-exchange').items;
    expect(slice).toHaveLength(1);
    expect(slice[0].metadata.name).toMatch(/^currency-exchange-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const cond = slice[0].endpoints.find((e: any) => e.targetRef.name === sick).conditions;
    expect(cond).toEqual({ ready: false, serving: false, terminating: false });
  });
});

describe('allocation errors through the CLI', () => {
  it("refuses a taken ClusterIP and an out-of-range one in the API server's words", () => {
    const { run } = freshCluster();
    const r = run('create service clusterip dns2 --tcp 53 --clusterip 10.96.0.10');
    expect(r).toEqual({ stdout: '', stderr: 'error: failed to create ClusterIP service: Service "dns2" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated\n', code: 1 });
    const out = run('create service clusterip web --tcp 80 --clusterip 10.0.0.5');
    expect(out.stderr).toBe(
      'error: failed to create ClusterIP service: Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.5"]: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n',
    );
    expect(run('create service nodeport a --tcp 80 --node-port 30080').stdout).toBe('service/a created\n');
    expect(run('create service nodeport b --tcp 80 --node-port 30080').stderr).toBe(
      'error: failed to create NodePort service: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    );
    // Deleting a Service releases its node port.
    run('delete svc a');
    expect(run('create service nodeport b --tcp 80 --node-port 30080').stdout).toBe('service/b created\n');
    expect(run('get svc b').stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nb\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30080\/TCP\s+0s\n$/);
  });
});

describe('LoadBalancer and Ingress addresses', () => {
  it('cloud: the LoadBalancer gets 203.0.113.x with the service-controller events, and the Ingress its address', () => {
    const { run } = freshCluster();
    run('apply -f manifests/03-ingress-nginx-controller.yaml');
    run('apply -f manifests/01-currency-exchange.yaml -f manifests/02-currency-conversion.yaml -f manifests/04-ingress.yaml');
    const svc = run('get svc -n ingress-nginx');
    expect(svc.stdout).toMatch(/\ningress-nginx-controller\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+203\.0\.113\.1\s+80:3\d{4}\/TCP,443:3\d{4}\/TCP\s+0s\n$/);
    expect(run('get ing').stdout).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\ngateway-ingress\s+nginx\s+\*\s+203\.0\.113\.1\s+80\s+0s\n$/);
    const events = run('get events -n ingress-nginx').stdout;
    expect(events).toMatch(/Normal\s+EnsuringLoadBalancer\s+service\/ingress-nginx-controller\s+Ensuring load balancer\n/);
    expect(events).toMatch(/Normal\s+EnsuredLoadBalancer\s+service\/ingress-nginx-controller\s+Ensured load balancer\n/);
  });

  it('without an Ingress controller nothing happens: ADDRESS stays empty', () => {
    const { run } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml -f manifests/02-currency-conversion.yaml -f manifests/04-ingress.yaml');
    expect(run('get ing').stdout).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\ngateway-ingress\s+nginx\s+\*\s+80\s+0s\n$/);
  });
});
