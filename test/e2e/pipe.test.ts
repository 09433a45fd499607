// Output into a pipe. `kubesim … | head`: the reader closes the pipe early. As kubectl (killed quietly by
// SIGPIPE), kubesim stops without an error or a stack trace, whichever command was writing. And a pipe that is
// full gets the rest of the output once its reader reads, whether it blocks the writer or not.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, FIXED_NOW, freshCluster } from '../helpers/cli.js';

describe('output into a pipe', () => {
  const { state, run } = freshCluster();
  const file = state.replace(/state\.json$/, 'many.yaml');
  // Enough Services that iptables-save and get print far more than a pipe holds (a few hundred KiB).
  const ports = [80, 81, 82, 83, 84, 85].map((p) => `  - name: p${p}\n    port: ${p}\n`).join('');
  writeFileSync(file, Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s-${i}\n  labels:\n    team: t-${i}\nspec:\n  type: NodePort\n  selector:\n    app: a\n  ports:\n${ports}`).join('---\n'));
  const applied = run(['apply', '-f', file]);

  const piped = (args: string) =>
    spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${args} | head -n 1`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, KUBESIM_STATE: state },
    });

  it.each(['iptables-save', 'get svc -A -o yaml', 'get svc -A'])('%s | head -n 1 prints its first line and no error', (args) => {
    expect(applied.code).toBe(0);
    const r = piped(args);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stdout.length).toBeGreaterThan(5);
  });

  // kubesim writes its output with fs.writeSync. A pipe is non-blocking when another process that shares it made it
  // so (here a Node process that created its process.stdout): a full pipe then answers EAGAIN, and the rest of the
  // output must wait for the reader instead of being lost.
  // iptables-save writes its output a chunk at a time through one reused buffer: what a stream holds must be a copy.
  it.each(['get svc -A -o yaml', 'iptables-save'])('a full non-blocking pipe still gets the whole output of %s, once its reader reads', (args) => {
    const ready = state.replace(/state\.json$/, `sibling-ready-${args.split(' ')[0]}`);
    const sibling = `"${process.execPath}" -e 'process.stdout.write(""); require("fs").writeFileSync(process.argv[1], ""); setTimeout(() => {}, 1500)' "${ready}"`;
    const r = spawnSync(
      'sh',
      ['-c', `{ ${sibling} & while [ ! -e "${ready}" ]; do sleep 0.05; done; "${process.execPath}" "${BIN}" ${args}; echo "exit $?" >&2; } | { sleep 1; cat; }`],
      { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, KUBESIM_STATE: state } },
    );
    expect(r.stderr).toBe('exit 0\n');
    expect(r.stdout).toBe(run(args.split(' ')).stdout);
  });

  it('the outputs are big enough to fill the pipe', () => {
    expect(run(['iptables-save']).stdout.length).toBeGreaterThan(256 * 1024);
    expect(run(['get', 'svc', '-A', '-o', 'yaml']).stdout.length).toBeGreaterThan(256 * 1024);
  });
});
