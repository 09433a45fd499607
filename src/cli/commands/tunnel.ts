// kubesim tunnel: what `minikube tunnel` does for a local cluster (provider local): routes the service CIDR to the
// control-plane node and gives every LoadBalancer Service an external IP (its ClusterIP). The tunnel stays
// "running" in the state, so LoadBalancer Services created later get an IP too, until `kubesim tunnel --stop`
// (or --cleanup, minikube's word) takes the IPs back. Cloud clusters have a load-balancer controller instead.
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('tunnel')
    .description('Give LoadBalancer Services of a local cluster an external IP, as minikube tunnel does')
    .option('--stop', 'Stop the tunnel: LoadBalancer Services go back to <pending>')
    .option('-c, --cleanup', 'Same as --stop')
    .addHelpText(
      'after',
      `
Examples:
  # On a local cluster (like kind or minikube), a LoadBalancer Service's EXTERNAL-IP stays <pending>
  export KUBESIM_STATE=/tmp/local.json
  kubesim cluster create --provider local
  kubesim apply -f manifests/06-loadbalancer.yaml
  kubesim get svc

  # Start the tunnel: every LoadBalancer Service (and any created later) gets an address
  kubesim tunnel
  kubesim get svc

  # Stop it: the Services go back to <pending>
  kubesim tunnel --stop

Notes:
  kubesim tunnel does not keep running in the foreground as minikube tunnel does: the tunnel is recorded in the
  cluster state and stays up until --stop. Cloud clusters (the default provider) need no tunnel.`,
    )
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      const { ClientError } = await import('../../api/errors.js');
      const { setTunnel, tunnelOf } = await import('../../controllers/service-lb.js');
      const stop = Boolean(opts.stop || opts.cleanup);
      const text = await updateCluster(g, (c) => {
        if (c.config.provider !== 'local') {
          throw new ClientError(`kubesim tunnel is for local clusters (provider local); this cluster's provider "${c.config.provider}" assigns LoadBalancer IPs itself`);
        }
        const lbNames = () =>
          c
            .list('services')
            .filter((s) => s.spec?.type === 'LoadBalancer' && !s.spec?.loadBalancerClass)
            .map((s) => s.metadata.name!);
        if (stop) {
          const was = tunnelOf(c)?.running;
          setTunnel(c, undefined);
          return was ? `Tunnel stopped: ${lbNames().length} LoadBalancer service(s) back to <pending>.` : 'No tunnel is running.';
        }
        const already = tunnelOf(c)?.running;
        if (!already) setTunnel(c, { running: true, startedAt: c.timestamp() });
        const node = c.list('nodes').find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? c.list('nodes')[0];
        const nodeIP = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';
        const names = lbNames();
        const lines = [already ? 'Tunnel already running.' : 'Tunnel successfully started'];
        for (const n of names) lines.push(`Starting tunnel for service ${n}.`);
        lines.push(
          'Status:',
          `\tmachine: ${c.config.name}`,
          `\troute: ${c.config.serviceCIDR} -> ${nodeIP}`,
          `\t${c.config.name}: Running`,
          `\tservices: [${names.join(', ')}]`,
          '    errors: ',
          `\t\t${c.config.name}: no errors`,
          '\t\trouter: no errors',
          '\t\tloadbalancer emulator: no errors',
        );
        return lines.join('\n');
      });
      out(text);
    });
}
