// delete through the real binary: the argument forms, selectors, --all, -f, NotFound and --ignore-not-found.
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

const CMS = ['a', 'b', 'c'].map((n, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n  labels:\n    tier: ${i < 2 ? 'web' : 'db'}\n`).join('---\n');

function cluster() {
  const c = freshCluster();
  c.run('apply -f -', { input: CMS });
  return c;
}

describe('delete', () => {
  it('TYPE NAME…: deletes what exists, reports what does not, exit 1', () => {
    const { run } = cluster();
    expect(run('delete cm a nope')).toEqual({ stdout: 'configmap "a" deleted\n', stderr: 'Error from server (NotFound): configmaps "nope" not found\n', code: 1 });
    expect(run('delete cm nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', code: 0 });
  });
  it('TYPE/NAME forms and group-qualified kinds', () => {
    const { run } = cluster();
    run('apply -f manifests/05-nodeport.yaml');
    expect(run('delete configmap/a deploy/frontend svc/frontend').stdout).toBe('configmap "a" deleted\ndeployment.apps "frontend" deleted\nservice "frontend" deleted\n');
  });
  it('-l selector and --all', () => {
    const { run } = cluster();
    expect(run('delete cm -l tier=web').stdout).toBe('configmap "a" deleted\nconfigmap "b" deleted\n');
    expect(run('delete cm -l tier=web')).toEqual({ stdout: 'No resources found\n', stderr: '', code: 0 });
    expect(run('delete cm --all').stdout).toBe('configmap "c" deleted\n');
    expect(run('delete cm --all').stdout).toBe('No resources found\n');
  });
  it('-f deletes what the manifests name; --dry-run deletes nothing', () => {
    const { run } = cluster();
    run('apply -f manifests/07-externalname.yaml');
    expect(run('delete -f manifests/07-externalname.yaml --dry-run=client').stdout).toBe('service "my-xn-service" deleted (dry run)\nservice "external-api" deleted (dry run)\n');
    expect(run('delete -f manifests/07-externalname.yaml').stdout).toBe('service "my-xn-service" deleted\nservice "external-api" deleted\n');
    expect(run('get svc external-api').stderr).toBe('Error from server (NotFound): services "external-api" not found\n');
  });
  it('usage errors in kubectl words', () => {
    const { run } = cluster();
    expect(run('delete cm')).toEqual({ stdout: '', stderr: 'error: resource(s) were provided, but no name was specified\n', code: 1 });
    expect(run('delete svcs x')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "svcs"\n', code: 1 });
  });
});
