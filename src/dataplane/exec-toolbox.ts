// What `kubectl exec POD -- CMD` can run inside a simulated container: a small toolbox (cat, hostname, env,
// nslookup, dig, getent, sh -c). Anything else fails as runc fails on a missing binary.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { Client } from './client.js';
import { containerEnv } from './envvars.js';
import { podResolvConf, renderResolvConf } from './dns/resolvconf.js';
import { runDig } from './dns/dig.js';
import { runNslookup } from './dns/nslookup.js';
import { resolve } from './dns/resolver.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The pod's hostname: spec.hostname, else the pod name (cut to 63 characters, as the kubelet does). */
export function podHostname(pod: KubeObject): string {
  return (pod.spec?.hostname ?? pod.metadata.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
}

/** The kubelet-managed /etc/hosts. */
export function hostsFile(cluster: Cluster, pod: KubeObject): string {
  let s = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  const ip = pod.status?.podIP;
  const host = podHostname(pod);
  if (ip) {
    const sub = pod.spec?.subdomain;
    s += sub ? `${ip}\t${host}.${sub}.${pod.metadata.namespace}.svc.${cluster.config.clusterDomain}\t${host}\n` : `${ip}\t${host}\n`;
  }
  for (const ha of pod.spec?.hostAliases ?? []) {
    s += `\n# Entries added by HostAliases.\n${ha.ip}\t${(ha.hostnames ?? []).join('\t')}\n`;
  }
  return s;
}

function notFound(cmd: string): ExecResult {
  return {
    stdout: '',
    stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`,
    exitCode: 126,
  };
}

export interface ExecContext {
  cluster: Cluster;
  pod: KubeObject;
  container: any;
  client: Client;
  /** Optional curl implementation (the traffic engineer's runCurl), injected by the command. */
  curl?: (argv: string[]) => Promise<ExecResult>;
}

/** Run one command line inside the container. */
export async function execInPod(ctx: ExecContext, argv: string[]): Promise<ExecResult> {
  const { cluster, pod, client } = ctx;
  const [cmd, ...args] = argv;
  const base = cmd.replace(/^.*\//, '');
  const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
  switch (base) {
    case 'sh':
    case 'bash':
    case 'ash':
      if (args[0] === '-c' && args[1] !== undefined) {
        const words = args[1].match(/'[^']*'|"[^"]*"|\S+/g)?.map((w) => w.replace(/^['"]|['"]$/g, '')) ?? [];
        if (words.length === 0) return ok('');
        return execInPod(ctx, words);
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'cat': {
      let out = '';
      for (const f of args) {
        if (f === '/etc/resolv.conf') out += renderResolvConf(podResolvConf(cluster, pod));
        else if (f === '/etc/hostname') out += podHostname(pod) + '\n';
        else if (f === '/etc/hosts') out += hostsFile(cluster, pod);
        else return { stdout: out, stderr: `cat: ${f}: No such file or directory\n`, exitCode: 1 };
      }
      return ok(out);
    }
    case 'hostname':
      return ok(podHostname(pod) + '\n');
    case 'env':
    case 'printenv': {
      const env = containerEnv(cluster, pod, ctx.container, podHostname(pod));
      if (base === 'printenv' && args.length) {
        const vals = args.map((a) => env.find((e) => e.name === a)?.value);
        return { stdout: vals.filter((v) => v !== undefined).map((v) => v + '\n').join(''), stderr: '', exitCode: vals.every((v) => v !== undefined) ? 0 : 1 };
      }
      return ok(env.map((e) => `${e.name}=${e.value}\n`).join(''));
    }
    case 'nslookup':
      return runNslookup(cluster, client, args);
    case 'dig':
      return runDig(cluster, client, args, { int: (n) => cluster.random.int(n), now: cluster.now });
    case 'getent': {
      if ((args[0] !== 'hosts' && args[0] !== 'ahosts') || !args[1]) return { stdout: '', stderr: '', exitCode: args[0] === 'hosts' ? 0 : 1 };
      const name = args[1];
      const r = resolve(cluster, client, name, { type: 'A' });
      if (r.addresses.length === 0) return { stdout: '', stderr: '', exitCode: 2 };
      // glibc prints the canonical name (the CNAME target, else the name that answered) and the alias.
      const canonical = (r.cnames.length ? r.cnames[r.cnames.length - 1] : r.answeredBy ?? name).replace(/\.$/, '');
      const aliases = r.cnames.length ? ` ${(r.answeredBy ?? name).replace(/\.$/, '')}` : '';
      return ok(r.addresses.map((a) => `${a.padEnd(15)} ${canonical}${aliases}\n`).join(''));
    }
    case 'curl':
      if (ctx.curl) return ctx.curl(args);
      return notFound(cmd);
    case 'true':
      return ok('');
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    case 'echo':
      return ok(args.join(' ') + '\n');
    default:
      return notFound(cmd);
  }
}
