// kubesim exec POD [-c CONTAINER] -- CMD [ARGS…]: run a command in a simulated container (see
// src/dataplane/exec-toolbox.ts for what exists there). Errors and exit codes as kubectl's.
import type { Command } from 'commander';
import { globals, readCluster, updateCluster } from '../context.js';
import { writeErr, writeOut } from '../stdio.js';
import type { Cluster } from '../../store/cluster.js';
import { ApiError, ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('exec')
    .description('Execute a command in a container')
    .argument('[pod]', 'pod name (POD or pod/POD)')
    .argument('[command...]', 'the command, after --')
    .option('-c, --container <name>', 'Container name. If omitted, the first container in the pod will be chosen')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .option('-q, --quiet', 'Only print output from the remote session')
    .addHelpText(
      'after',
      `
Examples:
  # The DNS configuration a pod gets
  kubesim exec currency-conversion-6c9f8d7b5-abcde -- cat /etc/resolv.conf

  # The Service environment variables injected at the pod's start
  kubesim exec currency-conversion-6c9f8d7b5-abcde -- env

  # Resolve and call a Service from inside a pod
  kubesim exec currency-conversion-6c9f8d7b5-abcde -- nslookup currency-exchange
  kubesim exec currency-conversion-6c9f8d7b5-abcde -- curl -s http://currency-exchange

  # Through a shell, in a named container
  kubesim exec currency-conversion-6c9f8d7b5-abcde -c currency-conversion -- sh -c 'hostname'

Notes:
  The container has a small toolbox: env, cat /etc/resolv.conf (and /etc/hosts), hostname, nslookup, dig, curl.`,
    )
    .action(async (podArg: string | undefined, command: string[], opts: { container?: string; quiet?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const raw: string[] = (cmd.parent as any)?.rawArgs ?? [];
      const dashes = raw.indexOf('--');
      if (!podArg) throw new ClientError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
      if (dashes < 0) {
        if (command.length) throw new ClientError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
        throw new ClientError('you must specify at least one command for the container');
      }
      if (command.length === 0) throw new ClientError('you must specify at least one command for the container');
      const { execInPod } = await import('../../dataplane/exec-toolbox.js');
      // curl draws from the cluster's random source and writes the nodes' recent lists (ClientIP affinity): run it
      // under the state lock and save, as `kubesim curl` does. Every other command only reads.
      const shell = /^(sh|bash|ash)$/.test(command[0].replace(/^.*\//, '')) && command[1] === '-c';
      const program = (shell ? (command[2] ?? '').trim().split(/\s+/)[0].replace(/^['"]/, '') : command[0]).replace(/^.*\//, '');
      const inPod = async (cluster: Cluster) => {
        const name = podArg.replace(/^(pods?|po)\//, '');
        const pod = cluster.get('pods', g.namespace, name);
        if (!pod) throw ApiError.notFound('pods', name);
        const containers: any[] = pod.spec?.containers ?? [];
        let container = containers[0];
        if (opts.container) {
          container = containers.find((c) => c.name === opts.container);
          if (!container) throw new ApiError('BadRequest', `container ${opts.container} is not valid for pod ${name}`);
        } else if (containers.length > 1 && !opts.quiet) {
          writeErr(`Defaulted container "${container.name}" out of: ${containers.map((c) => c.name).join(', ')}\n`);
        }
        const phase = pod.status?.phase;
        if (phase === 'Succeeded' || phase === 'Failed') throw new ClientError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
        const running = (pod.status?.containerStatuses ?? []).find((s: any) => s.name === container?.name)?.state?.running;
        if (phase !== 'Running' || (pod.status?.containerStatuses && !running)) {
          throw new ClientError(`unable to upgrade connection: container not found ("${container?.name ?? ''}")`);
        }
        const client = { kind: 'pod' as const, pod, namespace: g.namespace, ip: pod.status?.podIP ?? '', node: pod.spec?.nodeName ?? '', throwaway: false };
        // curl inside the pod: the traffic engineer's runCurl, from this pod.
        const curl = async (argv: string[]) => {
          const { runCurl } = await import('../../dataplane/curl-tool.js');
          return runCurl(cluster, client, argv);
        };
        return execInPod({ cluster, pod, container, client, curl }, command);
      };
      const r = program === 'curl' ? await updateCluster(g, inPod) : await inPod(await readCluster(g));
      writeOut(r.stdout);
      writeErr(r.stderr);
      if (r.exitCode !== 0) writeErr(`command terminated with exit code ${r.exitCode}\n`);
      process.exitCode = r.exitCode;
    });
}
