// curl, as kubesim's clients run it (`kubesim curl …` and `kubesim exec POD -- curl …`): argument parsing,
// curl's output and exit codes, -v with every hop, -o json, and --count's distribution.
import type { Cluster } from '../store/cluster.js';
import type { Client } from './client.js';
import { traceRequest, type RequestResult, type RequestSpec, type TraceEnv } from './router/trace.js';
import { dataplaneState, recentTable, type RecentTable } from './kube-proxy/recent.js';
import { formatTable } from '../cli/printers/table.js';

export interface CurlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CurlOptions {
  /** Colour for -v (only when the caller's terminal wants it). */
  color?: boolean;
  /** Called as --count progresses (the CLI draws a bar on a TTY). */
  onProgress?: (done: number, total: number) => void;
}

interface Parsed {
  url?: string;
  method?: string;
  headers: Array<[string, string]>;
  verbose: boolean;
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  json: boolean;
  discardBody: boolean;
  insecure: boolean;
  count?: number;
  connectTimeout: number;
  error?: string;
}

export const MAX_COUNT = 1_000_000;
/** kubesim's curl gives up connecting after this many seconds unless --connect-timeout says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT = 3;

export function parseCurlArgs(argv: string[]): Parsed {
  const p: Parsed = { headers: [], verbose: false, silent: false, showError: false, include: false, head: false, json: false, discardBody: false, insecure: false, connectTimeout: DEFAULT_CONNECT_TIMEOUT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) p.error = `curl: option ${a}: requires parameter`;
      return v ?? '';
    };
    if (a.startsWith('--') && a.includes('=')) {
      const [k, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      argv.splice(i + 1, 0, v);
      argv[i] = k;
      i--;
      continue;
    }
    switch (a) {
      case '-v':
      case '--verbose':
        p.verbose = true;
        break;
      case '-s':
      case '--silent':
        p.silent = true;
        break;
      case '-S':
      case '--show-error':
        p.showError = true;
        break;
      case '-sS':
      case '-Ss':
        p.silent = p.showError = true;
        break;
      case '-i':
      case '--include':
        p.include = true;
        break;
      case '-I':
      case '--head':
        p.head = true;
        break;
      case '-k':
      case '--insecure':
        p.insecure = true;
        break;
      case '-H':
      case '--header': {
        const h = value();
        const c = h.indexOf(':');
        if (c > 0) p.headers.push([h.slice(0, c).trim(), h.slice(c + 1).trim()]);
        break;
      }
      case '-X':
      case '--request':
        p.method = value();
        break;
      case '-o':
      case '--output': {
        const v = value();
        if (v === 'json') p.json = true;
        else p.discardBody = true;
        break;
      }
      case '--count': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > MAX_COUNT) p.error = `error: --count must be between 1 and ${MAX_COUNT}, got ${JSON.stringify(v)}`;
        else p.count = n;
        break;
      }
      case '--connect-timeout': {
        const n = Number(value());
        if (!(n > 0)) p.error = 'curl: (2) option --connect-timeout: expected a proper numerical parameter';
        else p.connectTimeout = n;
        break;
      }
      default:
        if (a.startsWith('-') && a.length > 1) {
          // Bundled short flags: -sv, -vi …
          if (/^-[vsSiIk]+$/.test(a)) {
            for (const ch of a.slice(1)) applyFlag(p, ch);
            break;
          }
          p.error = `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`;
        } else if (p.url === undefined) p.url = a;
        else p.error = `curl: (3) URL rejected: only one URL is supported by kubesim's curl`;
    }
    if (p.error) break;
  }
  return p;
}

function applyFlag(p: Parsed, ch: string): void {
  if (ch === 'v') p.verbose = true;
  if (ch === 's') p.silent = true;
  if (ch === 'S') p.showError = true;
  if (ch === 'i') p.include = true;
  if (ch === 'I') p.head = true;
  if (ch === 'k') p.insecure = true;
}

/** The real environment: cluster.random for every choice, the nodes' recent lists and ingress-nginx's round robin in the state. */
function liveEnv(cluster: Cluster, touched: { dirty: boolean }): TraceEnv {
  const tables = new Map<string, RecentTable>();
  return {
    chooser: {
      statistic(fixed) {
        touched.dirty = true;
        const draw = cluster.random.uint32() & 0x7fffffff;
        return { matched: draw < fixed, draw };
      },
      pick(n) {
        touched.dirty = true;
        return cluster.random.int(n);
      },
    },
    recent(node) {
      let t = tables.get(node);
      if (!t) {
        const real = recentTable(cluster, node);
        t = {
          get dirty() {
            return real.dirty;
          },
          check: (name, ip, s) => real.check(name, ip, s),
          set: (name, ip) => {
            real.set(name, ip);
            if (real.dirty) touched.dirty = true;
          },
        } as RecentTable;
        tables.set(node, t);
      }
      return t;
    },
    port(kind) {
      touched.dirty = true;
      // Linux's ip_local_port_range for a client; --random-fully picks from the whole unprivileged range.
      return kind === 'ephemeral' ? 32768 + cluster.random.int(60999 - 32768 + 1) : 1024 + cluster.random.int(65535 - 1024 + 1);
    },
    roundRobin(key, n) {
      touched.dirty = true;
      const st = dataplaneState(cluster);
      const rr = (st.ingressRoundRobin ??= {});
      // nginx's round robin starts at a random position, then takes the endpoints in turn.
      const pos = rr[key] ?? cluster.random.int(n);
      rr[key] = (pos + 1) % n;
      return pos % n;
    },
    requestId() {
      touched.dirty = true;
      let s = '';
      for (let i = 0; i < 4; i++) s += cluster.random.uint32().toString(16).padStart(8, '0');
      return s;
    },
  };
}

interface Outcome {
  weight: number;
  result: RequestResult;
  /** recent --set entries this path writes: node → [list, ip]. */
  sets: Array<[string, string, string]>;
}

/**
 * Every way one request can go, with its probability: each statistic rule and each pick splits the path.
 * Nothing is written to the state while enumerating.
 */
function enumerate(cluster: Cluster, client: Client, spec: RequestSpec): Outcome[] {
  const out: Outcome[] = [];
  const stack: number[][] = [[]];
  while (stack.length) {
    const prefix = stack.pop()!;
    const made: Array<{ chosen: number; weights: number[] }> = [];
    const decide = (weights: number[]): number => {
      const k = made.length;
      const chosen = k < prefix.length ? prefix[k] : 0;
      made.push({ chosen, weights });
      return chosen;
    };
    const sets: Array<[string, string, string]> = [];
    const env: TraceEnv = {
      chooser: {
        statistic(fixed) {
          const p = fixed / 0x80000000;
          const c = decide([p, 1 - p]);
          return { matched: c === 0, draw: c === 0 ? 0 : 0x7fffffff };
        },
        pick(n) {
          return decide(new Array(n).fill(1 / n));
        },
      },
      recent(node) {
        const real = recentTable(cluster, node);
        const local = new Set<string>();
        return {
          dirty: false,
          check: (name, ip, s) => local.has(`${name} ${ip}`) || real.check(name, ip, s),
          set: (name, ip) => {
            local.add(`${name} ${ip}`);
            sets.push([node, name, ip]);
          },
        };
      },
      port: () => 0,
      roundRobin: (_k, n) => decide(new Array(n).fill(1 / n)),
      requestId: () => '',
    };
    const result = traceRequest(cluster, client, spec, env);
    let weight = 1;
    for (const d of made) weight *= d.weights[d.chosen];
    if (weight > 0) out.push({ weight, result, sets });
    for (let k = prefix.length; k < made.length; k++) {
      for (let alt = 1; alt < made[k].weights.length; alt++) {
        if (made[k].weights[alt] > 0) stack.push([...made.slice(0, k).map((d) => d.chosen), alt]);
      }
    }
    if (out.length > 100_000) break;
  }
  return out;
}

function countRequests(cluster: Cluster, client: Client, spec: RequestSpec, n: number, opts: CurlOptions, touched: { dirty: boolean }): CurlOutput {
  const tally = new Map<string, { count: number; result: RequestResult }>();
  let outcomes = enumerate(cluster, client, spec);
  let cumulative = cumulate(outcomes);
  // Requests per path of the current enumeration: a typed array bumped per request (no lookup by outcome, which
  // would dominate a loop run 100,000 times mostly before the optimizing compiler gets to it), added to the
  // tally when the paths change and at the end.
  let counts = new Float64Array(outcomes.length);
  const addCounts = () => {
    for (let k = 0; k < outcomes.length; k++) {
      if (counts[k] === 0) continue;
      const result = outcomes[k].result;
      const t = tally.get(result.outcome);
      if (t) t.count += counts[k];
      else tally.set(result.outcome, { count: counts[k], result });
    }
  };
  // One weighted pick per request, counted in runs up to the next progress report or the next pick of a path
  // that writes affinity (Random.countPicks).
  let stops = Uint8Array.from(outcomes, (o) => (o.sets.length ? 1 : 0));
  const step = Math.max(1, Math.floor(n / 100));
  for (let i = 0; i < n; ) {
    const { picks, stopped } = cluster.random.countPicks(cumulative, counts, Math.min(n - i, step - (i % step)), stops);
    i += picks;
    if (stopped >= 0) {
      // Affinity: this request wrote the node's recent list; later requests see it, so the paths change.
      let changed = false;
      for (const [node, name, ip] of outcomes[stopped].sets) {
        const table = recentTable(cluster, node);
        table.set(name, ip);
        changed ||= table.dirty;
      }
      if (changed) {
        touched.dirty = true;
        addCounts();
        outcomes = enumerate(cluster, client, spec);
        cumulative = cumulate(outcomes);
        counts = new Float64Array(outcomes.length);
        stops = Uint8Array.from(outcomes, (o) => (o.sets.length ? 1 : 0));
      }
    }
    if (opts.onProgress && i % step === 0) opts.onProgress(i, n);
  }
  addCounts();
  touched.dirty = true;
  const rows = [...tally.values()].sort((a, b) => b.count - a.count || (a.result.outcome < b.result.outcome ? -1 : 1));
  const table = rows.map(({ count, result }) => {
    const pod = result.pod && result.status !== undefined && result.status < 400 ? result.pod : undefined;
    return [pod ? pod.name : result.outcome, pod ? pod.node : '', pod ? pod.ip : '', String(count), ((100 * count) / n).toFixed(1) + '%'];
  });
  return { stdout: formatTable(['POD', 'NODE', 'IP', 'REQUESTS', 'SHARE'], table), stderr: '', exitCode: 0 };
}

function cumulate(outcomes: Outcome[]): Float64Array {
  const out = new Float64Array(outcomes.length);
  let s = 0;
  for (let k = 0; k < outcomes.length; k++) out[k] = s += outcomes[k].weight;
  return out;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function verboseLines(r: RequestResult, color: boolean): string[] {
  const lines: string[] = [];
  const tag = (k: string) => paint(color, 36, `[${k}]`);
  let connectedShown = false;
  for (const h of r.hops) {
    if (h.kind === 'connect') {
      lines.push(`*   Trying ${r.connectedIP}:${r.port}...`);
      lines.push(`* ${tag('connect')} ${h.text}`);
      continue;
    }
    const where = h.node ? paint(color, 33, h.node) + ' ' : '';
    const text = h.kind === 'error' ? paint(color, 31, h.text) : h.kind === 'rule' && h.action?.startsWith('DNAT') ? paint(color, 32, h.text) : h.text;
    lines.push(`* ${tag(h.kind)} ${h.kind === 'rule' ? where : ''}${text}`);
  }
  if (r.connectError) {
    lines.push(`* ${r.connectError}`);
    lines.push(`* Failed to connect to ${r.connectedIP} port ${r.port} after 0 ms: Couldn't connect to server`);
    lines.push('* Closing connection');
  } else if (r.statusLine || r.exitCode === 35 || r.exitCode === 60) {
    connectedShown = true;
    lines.push(`* Connected to ${r.host} (${r.connectedIP}) port ${r.port}`);
  }
  if (connectedShown && r.statusLine) {
    lines.push(`> ${r.requestLine}`);
    for (const [k, v] of r.requestHeaders) lines.push(`> ${k}: ${v}`);
    lines.push('> ');
    lines.push(`< ${r.statusLine}`);
    for (const [k, v] of r.responseHeaders ?? []) lines.push(`< ${k}: ${v}`);
    lines.push('< ');
  }
  return lines;
}

function asJson(r: RequestResult): string {
  return JSON.stringify({
    status: r.status ?? null,
    error: r.error ?? null,
    exitCode: r.exitCode,
    dns: r.dns,
    hops: r.hops,
    pod: r.pod ?? null,
  });
}

/** Run curl for `client` with curl's own arguments. Mutates the cluster's random state and recent lists. */
export async function runCurl(cluster: Cluster, client: Client, argv: string[], opts: CurlOptions = {}): Promise<CurlOutput> {
  const p = parseCurlArgs([...argv]);
  if (p.error) return { stdout: '', stderr: p.error + '\n', exitCode: 2 };
  if (!p.url) return { stdout: '', stderr: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 };
  const spec: RequestSpec = { url: p.url, method: p.method ?? (p.head ? 'HEAD' : 'GET'), headers: p.headers, connectTimeout: p.connectTimeout, insecure: p.insecure };
  const touched = { dirty: false };
  try {
    if (p.count) return countRequests(cluster, client, spec, p.count, opts, touched);
    const r = traceRequest(cluster, client, spec, liveEnv(cluster, touched));
    if (p.json) return { stdout: asJson(r) + '\n', stderr: '', exitCode: r.exitCode };
    let stdout = '';
    let stderr = '';
    if (p.verbose) stderr += verboseLines(r, Boolean(opts.color)).join('\n') + '\n';
    if (r.statusLine) {
      if (p.include || p.head) stdout += [r.statusLine, ...(r.responseHeaders ?? []).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
      if (!p.head && !p.discardBody) stdout += r.body ?? '';
      if (p.verbose) stderr += `* Connection #0 to host ${r.host} left intact\n`;
    }
    if (r.error && (!p.silent || p.showError)) stderr += r.error + '\n';
    return { stdout, stderr, exitCode: r.exitCode };
  } finally {
    // The command saves the state when anything random was drawn or a recent list changed.
    if (touched.dirty) cluster.stateChanges++; // saved with the state; no object changed, so no reconcile
  }
}
