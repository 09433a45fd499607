import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('a fresh cluster', () => {
  it('lists the kubernetes and kube-dns Services, as a new kind cluster does', () => {
    const { run } = freshCluster();
    const r = run('get svc -A');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE',
        'default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  0s',
        'kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   0s',
        '',
      ].join('\n'),
    );
  });

  it('refuses an unknown resource type in kubectl words, exit 1', () => {
    const { run } = freshCluster();
    const r = run('get svcs');
    expect(r).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "svcs"\n', code: 1 });
  });

  it('reports a missing object as the API server does', () => {
    const { run } = freshCluster();
    const r = run('get svc nope');
    expect(r).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', code: 1 });
  });
});

describe('usage errors', () => {
  it('suggests the nearest verb for an unknown command, as kubectl (cobra) does', () => {
    const { run } = freshCluster();
    expect(run('getx')).toEqual({
      stdout: '',
      stderr: 'error: unknown command "getx" for "kubesim"\n\nDid you mean this?\n\tget\n\nRun \'kubesim --help\' for usage.\n',
      code: 1,
    });
  });

  it('names the verb whose help to read for an unknown flag', () => {
    const { run } = freshCluster();
    expect(run('get --foo')).toEqual({ stdout: '', stderr: "error: unknown flag: --foo\nSee 'kubesim get --help' for usage.\n", code: 1 });
  });
});

describe('the built-in CoreDNS', () => {
  it('can be labelled like any pod: its objects carry the API defaults', () => {
    const { run } = freshCluster();
    const r = run('label -n kube-system pods -l k8s-app=kube-dns team=dns');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^pod\/coredns-[456789bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5} labeled\npod\/coredns-[456789bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5} labeled\n$/);
    expect(run('get pods -n kube-system -l team=dns -o name').stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
