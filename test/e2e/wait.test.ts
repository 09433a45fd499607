// kubesim wait: kubectl's messages, answered at once (the simulation is always settled).
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim wait', () => {
  const { run } = freshCluster();
  run('apply -f manifests/05-nodeport.yaml');

  it('prints a "condition met" line per object', () => {
    const r = run('wait --for=condition=Ready pod -l app=frontend --timeout=60s');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pod\/frontend-[a-z0-9]+-[a-z0-9]{5} condition met\npod\/frontend-[a-z0-9]+-[a-z0-9]{5} condition met\n$/);
    expect(run('wait --for=condition=Available deployment/frontend')).toEqual({ stdout: 'deployment.apps/frontend condition met\n', stderr: '', code: 0 });
    expect(run(['wait', '--for=jsonpath={.spec.type}=NodePort', 'svc/frontend']).stdout).toBe('service/frontend condition met\n');
  });

  it('times out at once with kubectl\'s message when the condition does not hold', () => {
    const started = Date.now();
    expect(run('wait --for=jsonpath={.spec.type}=LoadBalancer svc/frontend --timeout=30s')).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on services/frontend\n',
      code: 1,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run('wait --for=condition=Ready pod -l app=nope')).toEqual({ stdout: '', stderr: 'error: no matching resources found\n', code: 1 });
  });

  it('--for=delete succeeds for what is gone, fails for what is there', () => {
    expect(run('wait --for=delete pod/gone')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(run('wait --for=delete svc/frontend').stderr).toBe('error: timed out waiting for the condition on services/frontend\n');
    expect(run('wait --for=bogus svc/frontend').stderr).toBe('error: unrecognized condition: "bogus"\n');
    expect(run('wait --for=delete svc/frontend --timeout=soon').stderr).toBe('error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n');
  });
});
