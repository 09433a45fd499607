// kubesim probe fail|pass POD: set the simulated readiness-probe result of a pod's containers. The kubelet then
// turns the pod's Ready condition False (or back True), and Services stop (or resume) sending it traffic.
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';

export function register(program: Command): void {
  const probe = program.command('probe').description("Fail or pass a pod's readiness probe (kubesim only)");
  for (const action of ['fail', 'pass'] as const) {
    probe
      .command(action)
      .description(action === 'fail' ? 'Make the readiness probe of every container of POD fail: the pod becomes not ready' : 'Make the readiness probe of POD succeed again: the pod becomes ready')
      .argument('<pod>', 'pod name (pod/NAME also accepted)')
      .action(async (pod: string, _opts, cmd: Command) => {
        const g = globals(cmd);
        const { probe: setProbe } = await import('../../controllers/workload-commands.js');
        out(await updateCluster(g, (c) => setProbe(c, g.namespace, pod.replace(/^(pods?|po)\//, ''), action === 'pass')));
      });
  }
}
