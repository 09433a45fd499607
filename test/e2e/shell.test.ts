// kubesim shell driven through piped input (and once through a pseudo-terminal, for history).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXED_NOW, freshCluster } from '../helpers/cli.js';

const NS_TABLE = ['NAME              STATUS   AGE', 'default           Active   0s', 'kube-node-lease   Active   0s', 'kube-public       Active   0s', 'kube-system       Active   0s', ''].join('\n');

describe('kubesim shell with piped input', () => {
  it('runs each line, skips comments and blank lines, and an error does not end the session', () => {
    const { run } = freshCluster();
    const r = run('shell', { input: '# a comment\n\nget svcs\nget ns\n' });
    expect(r.stderr).toBe('error: the server doesn\'t have a resource type "svcs"\n');
    expect(r.stdout).toBe(NS_TABLE);
    expect(r.code).toBe(1); // the last failing line's code
  });

  it('accepts kubectl and kubesim prefixes, switches namespace with use (validated), and stops at exit', () => {
    const { run } = freshCluster();
    const r = run('shell', { input: 'use nope\nkubectl get svc\nuse kube-system\nkubesim get svc\nexit\nget ns\n' });
    expect(r.stderr).toBe('Error from server (NotFound): namespaces "nope" not found\n');
    expect(r.stdout).toBe(
      [
        'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s',
        'NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE',
        'kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   0s',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });

  it('quotes arguments like a shell, continues lines ending in a backslash, and --echo prints each command', () => {
    const { run } = freshCluster();
    const r = run('shell --echo', { input: "get ns -o 'custom-columns=NAME:.metadata.name'\nget \\\n  svc kubernetes \"-o\" name\n" });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      "$ get ns -o custom-columns=NAME:.metadata.name\nNAME\ndefault\nkube-node-lease\nkube-public\nkube-system\n$ get svc kubernetes -o name\nservice/kubernetes\n",
    );
    expect(r.code).toBe(0);
  });

  it('reports an unterminated quote and refuses a nested shell, then goes on', () => {
    const { run } = freshCluster();
    const r = run('shell', { input: "get ns 'oops\nshell\nget ns\n" });
    expect(r.stderr).toBe('error: unterminated quote\nerror: already in the kubesim shell\n');
    expect(r.stdout).toBe(NS_TABLE);
    expect(r.code).toBe(1);
  });

  it('without arguments and without a terminal, kubesim prints its help and exits 0', () => {
    const { run } = freshCluster();
    const r = run([]);
    expect(r.stdout).toMatch(/^Usage: kubesim \[options\] \[command\]\n/);
    expect(r.code).toBe(0);
  });
});

describe('kubesim shell on a terminal', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('keeps history beside the state file and takes pasted lines in order', () => {
    const { state } = freshCluster();
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} shell`, '/dev/null'], {
      input: 'get ns\nuse kube-system\nget svc\nexit\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, KUBESIM_STATE: state },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kubesim:default> ');
    expect(r.stdout).toContain('kube-dns   ClusterIP   10.96.0.10');
    const history = join(dirname(state), 'history');
    expect(existsSync(history)).toBe(true);
    expect(readFileSync(history, 'utf8')).toBe('get ns\nuse kube-system\nget svc\nexit\n');
  });
});
