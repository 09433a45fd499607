import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim expose', () => {
  it('derives name, selector, labels and port from a deployment, and prints kubectl YAML on a client dry run', () => {
    const { run } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml');
    expect(run('expose deployment currency-exchange --name ce --port 8080 --target-port http --type NodePort --dry-run=client -o yaml')).toEqual({
      stdout: [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: currency-exchange',
        '  name: ce',
        'spec:',
        '  ports:',
        '  - port: 8080',
        '    protocol: TCP',
        '    targetPort: http',
        '  selector:',
        '    app: currency-exchange',
        '  type: NodePort',
        'status:',
        '  loadBalancer: {}',
        '',
      ].join('\n'),
      stderr: '',
      code: 0,
    });
    expect(run('expose deploy/currency-exchange --name ce')).toEqual({ stdout: 'service/ce exposed\n', stderr: '', code: 0 });
    const svc = JSON.parse(run('get svc ce -o json').stdout);
    expect(svc.spec.ports).toEqual([{ port: 8000, protocol: 'TCP', targetPort: 8000 }]);
    expect(svc.spec.selector).toEqual({ app: 'currency-exchange' });
    expect(run('get ep ce').stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nce\s+10\.244\.\d+\.\d+:8000,10\.244\.\d+\.\d+:8000\s+0s\n$/);
  });

  it('names ports port-1, port-2 and splits a port served over two protocols', () => {
    const { run } = freshCluster();
    const r = run('expose -n kube-system deployment coredns --name dns2 --dry-run=client -o yaml');
    expect(r.stdout).toContain(
      ['  ports:', '  - name: port-1-udp', '    port: 53', '    protocol: UDP', '    targetPort: 53', '  - name: port-1-tcp', '    port: 53', '    protocol: TCP', '    targetPort: 53', '  - name: port-2', '    port: 9153', '    protocol: TCP', '    targetPort: 9153'].join('\n'),
    );
    expect(r.stdout).toContain('  namespace: kube-system\n');
  });

  it("fails in kubectl's words", () => {
    const { run } = freshCluster();
    run('run bare --image nginx');
    run('run nolabels --image nginx --port 80 --labels a=b');
    expect(run('expose pod bare')).toEqual({ stdout: '', stderr: "error: couldn't find port via --port flag or introspection\n", code: 1 });
    expect(run('expose svc kubernetes --name k2 --port 443').stderr).toBe("error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n");
    expect(run('expose deployment nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(run('expose node kubesim-worker').stderr).toBe('error: cannot expose a Node\n');
    expect(run('expose pod nolabels --session-affinity Sticky').stderr).toBe('error: unknown session affinity: Sticky\n');
    expect(run('expose deployment').stderr).toBe("error: resource(s) were provided, but no name was specified\nSee 'kubesim expose -h' for help and examples\n");
    expect(run('expose').stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\nSee 'kubesim expose -h' for help and examples\n",
    );
  });
});
