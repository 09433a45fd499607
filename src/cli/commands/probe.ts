// kubesim probe fail|pass POD: set the simulated readiness-probe result of a pod's containers. The kubelet then
// turns the pod's Ready condition False (or back True), and Services stop (or resume) sending it traffic.
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';

export function register(program: Command): void {
  const probe = program
    .command('probe')
    .description("Fail or pass a pod's readiness probe (kubesim only)")
    .addHelpText(
      'after',
      `
Examples:
  # Make a pod's readiness probe fail: it stays Running but leaves the Service's endpoints
  kubesim probe fail currency-exchange-7d4b9c6f5-x2x8k
  kubesim get ep currency-exchange

  # Make it pass again: the pod is back behind the Service
  kubesim probe pass currency-exchange-7d4b9c6f5-x2x8k`,
    );
  for (const action of ['fail', 'pass'] as const) {
    probe
      .command(action)
      .description(action === 'fail' ? 'Make the readiness probe of every container of POD fail: the pod becomes not ready' : 'Make the readiness probe of POD succeed again: the pod becomes ready')
      .argument('<pod>', 'pod name (pod/NAME also accepted)')
      .addHelpText(
        'after',
        action === 'fail'
          ? `
Examples:
  # The pod turns 0/1 READY and leaves the endpoints of every Service selecting it
  kubesim probe fail currency-exchange-7d4b9c6f5-x2x8k

  # In another namespace
  kubesim probe fail -n prod pod/data-5f7c8d9b6-abcde`
          : `
Examples:
  # The pod turns READY again and rejoins the endpoints of its Services
  kubesim probe pass currency-exchange-7d4b9c6f5-x2x8k`,
      )
      .action(async (pod: string, _opts, cmd: Command) => {
        const g = globals(cmd);
        const { probe: setProbe } = await import('../../controllers/workload-commands.js');
        out(await updateCluster(g, (c) => setProbe(c, g.namespace, pod.replace(/^(pods?|po)\//, ''), action === 'pass')));
      });
  }
}
