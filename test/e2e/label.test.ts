import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim label / annotate', () => {
  it("adds, refuses to overwrite without --overwrite, removes, and says when nothing changed", () => {
    const { run } = freshCluster();
    run('run web --image nginx');
    expect(run('label pod web tier=front')).toEqual({ stdout: 'pod/web labeled\n', stderr: '', code: 0 });
    expect(run('label pod web tier=back')).toEqual({ stdout: '', stderr: "error: 'tier' already has a value (front), and --overwrite is false\n", code: 1 });
    expect(run('label pod web tier=front').stdout).toBe('pod/web not labeled\n');
    expect(run('label pod web tier=back --overwrite').stdout).toBe('pod/web labeled\n');
    expect(run('label pods/web tier-').stdout).toBe('pod/web unlabeled\n');
    expect(JSON.parse(run('get pod web -o json').stdout).metadata.labels).toEqual({ run: 'web' });
    expect(run('label pod web').stderr).toBe("error: at least one label update is required\nSee 'kubesim label -h' for help and examples\n");
    expect(run('label pod nope a=b').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(run('annotate svc kubernetes note=hello')).toEqual({ stdout: 'service/kubernetes annotated\n', stderr: '', code: 0 });
    expect(JSON.parse(run('get svc kubernetes -o json').stdout).metadata.annotations).toEqual({ note: 'hello' });
    run('run other --image nginx --labels app=other');
    expect(run('label pods -l app=other team=x').stdout).toBe('pod/other labeled\n');
    expect(run('label pods --all owner=me').stdout).toBe('pod/other labeled\npod/web labeled\n');
  });

  it('relabelling a pod out of the selector takes it out of the endpoints and its ReplicaSet replaces it', () => {
    const { run } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml');
    const pods = () => JSON.parse(run('get pods -l app=currency-exchange -o json').stdout).items as any[];
    const ips = () => (JSON.parse(run('get ep currency-exchange -o json').stdout).subsets ?? []).flatMap((s: any) => s.addresses.map((a: any) => a.ip)).sort();
    const [first] = pods();
    expect(run(`label pod ${first.metadata.name} app=debug --overwrite`).stdout).toBe(`pod/${first.metadata.name} labeled\n`);
    const now = pods();
    expect(now).toHaveLength(2);
    expect(now.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
    expect(ips()).toEqual(now.map((p) => p.status.podIP).sort());
    expect(ips()).not.toContain(first.status.podIP);
  });
});
