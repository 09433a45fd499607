// kubesim completion: scripts the shells accept, and __complete answering from the cluster.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim completion', () => {
  it('prints a bash script bash accepts', () => {
    const { run } = freshCluster();
    const r = run('completion bash');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete -o default -F _kubesim kubesim');
    const check = spawnSync('bash', ['-n'], { input: r.stdout, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('prints zsh and fish scripts, and refuses other shells in kubectl words', () => {
    const { run } = freshCluster();
    expect(run('completion zsh').stdout).toMatch(/^#compdef kubesim\n/);
    expect(run('completion fish').stdout).toContain("complete -c kubesim -f -a '(__kubesim_complete)'");
    expect(run('completion tcsh')).toEqual({ stdout: '', stderr: 'error: Unsupported shell type "tcsh".\n', code: 1 });
  });

  it('completes object names from the cluster through __complete, as the scripts call it', () => {
    const { run } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml -f manifests/10-prod-namespace.yaml');
    expect(run(['__complete', '--', 'get', 'svc', '']).stdout).toBe('currency-exchange\nkubernetes\n');
    expect(run(['__complete', '--', 'get', 'svc', '-n', 'prod', '']).stdout).toBe('data\n');
    expect(run(['__complete', '--', 'get', 'deploy/']).stdout).toBe('deploy/currency-exchange\n');
    expect(run(['__complete', '--', 'describe', 'nod']).stdout).toBe('nodes\n');
  });

  it('runs the bash function end to end', () => {
    const { run, state } = freshCluster();
    run('apply -f manifests/01-currency-exchange.yaml');
    const script = run('completion bash').stdout;
    const bin = `${process.execPath} ${process.cwd()}/bin/kubesim`;
    const probe = `${script}\nkubesim() { ${bin} "$@"; }\nCOMP_WORDS=(kubesim get svc cur); COMP_CWORD=3; _kubesim; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', probe], { encoding: 'utf8', env: { ...process.env, KUBESIM_STATE: state } });
    expect(r.stdout).toBe('currency-exchange\n');
  });
});
