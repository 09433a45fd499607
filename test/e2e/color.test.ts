// Colour only on a terminal: off a TTY, or with NO_COLOR / --no-color, no escape code anywhere.
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

const COMMANDS = ['get svc', 'describe svc currency-exchange', 'graph', 'curl -v http://currency-exchange', 'dig currency-exchange.default.svc.cluster.local', 'tutorial --list'];

describe('colour', () => {
  const { run } = freshCluster();
  run('apply -f manifests/01-currency-exchange.yaml');

  it.each(COMMANDS)('%s prints no escape codes off a terminal, with or without NO_COLOR', (cmd) => {
    for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '' }]) {
      const r = run(cmd, { env });
      expect(r.stdout + r.stderr).not.toContain('\x1b[');
    }
  });

  it('--no-color wins over FORCE_COLOR', () => {
    const r = run('graph --no-color', { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('Service currency-exchange');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('the demo prints no escape codes off a terminal', () => {
    const r = run('demo', { env: { NO_COLOR: '' } });
    expect(r.stdout).toContain('$ kubesim get svc -A\n');
    expect(r.stdout).not.toContain('\x1b[');
  });
});
