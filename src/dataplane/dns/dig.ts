// `dig` (BIND 9.18) as run from a client: argument parsing, the query (with +search as dig does it) and the
// output, laid out exactly as dig prints it (column rules of BIND's masterdump style 24/32/40/48, tab width 8).
import type { Cluster } from '../../store/cluster.js';
import type { Client } from '../client.js';
import type { DnsResponse, RRType, ResourceRecord } from './types.js';
import { clientResolvConf } from './resolvconf.js';
import { candidateNames, resolve, sendQuery } from './resolver.js';
import { reverseName } from './records.js';
import { messageSize } from './wire.js';

export const DIG_VERSION = '9.18.33';
const TYPES: RRType[] = ['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'SOA', 'NS', 'ANY'];
/** dig's default EDNS buffer size since 9.16 (DNS flag day 2020). */
const EDNS_UDP = 1232;
const TRIES = 3;

export interface DigOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Display {
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  stats: boolean;
}

export interface DigRequest {
  server?: string;
  name: string;
  type: RRType;
  short: boolean;
  search: boolean;
  ndots?: number;
  tcp: boolean;
  cookie: boolean;
  display: Display;
}

const USAGE = `Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "dig -h" (or "dig -h | more") for complete list of options
`;

function asType(s: string): RRType | undefined {
  const t = s.toUpperCase() as RRType;
  return TYPES.includes(t) ? t : undefined;
}

/** Parse dig's command line (the subset kubesim supports). Returns an error text for stderr on bad input. */
export function parseDigArgs(argv: string[]): DigRequest | { error: string } {
  const req: DigRequest = {
    name: '',
    type: 'A',
    short: false,
    search: false,
    tcp: false,
    cookie: true,
    display: { cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true },
  };
  let typeGiven = false;
  let nameGiven = false;
  const setAll = (on: boolean) => {
    for (const k of Object.keys(req.display) as Array<keyof Display>) req.display[k] = on;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('@')) {
      req.server = a.slice(1);
    } else if (a.startsWith('+')) {
      const m = /^\+(no)?([a-z]+)(?:=(.*))?$/.exec(a);
      const on = !m?.[1];
      const opt = m?.[2] ?? '';
      const val = m?.[3];
      switch (opt) {
        case 'short':
          req.short = on;
          if (on) {
            setAll(false);
            req.display.answer = true;
          }
          break;
        case 'search':
          req.search = on;
          break;
        case 'all':
          setAll(on);
          break;
        case 'cmd':
        case 'comments':
        case 'question':
        case 'answer':
        case 'authority':
        case 'additional':
        case 'stats':
          req.display[opt] = on;
          break;
        case 'tcp':
        case 'vc':
          req.tcp = on;
          break;
        case 'cookie':
          req.cookie = on;
          break;
        case 'ndots':
          if (val === undefined || !/^\d+$/.test(val)) return { error: `Invalid option: ${a}\n${USAGE}` };
          req.ndots = Number(val);
          break;
        case 'recurse':
        case 'showsearch':
        case 'time':
        case 'tries':
        case 'retry':
          break;
        default:
          return { error: `Invalid option: ${a}\n${USAGE}` };
      }
    } else if (a === '-x') {
      const ip = argv[++i];
      if (!ip || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return { error: `Invalid IP address ${ip ?? ''}\n` };
      req.name = reverseName(ip);
      req.type = 'PTR';
      nameGiven = typeGiven = true;
    } else if (a === '-t') {
      const t = asType(argv[++i] ?? '');
      if (!t) return { error: `invalid type: ${argv[i] ?? ''}\n` };
      req.type = t;
      typeGiven = true;
    } else if (a === '-q') {
      req.name = argv[++i] ?? '';
      nameGiven = true;
    } else if (a === '-c') {
      i++; // only IN exists here
    } else if (a === '-4' || a === '-6') {
      // address family of the transport: no visible difference here
    } else if (a.startsWith('-')) {
      return { error: `Invalid option: ${a}\n${USAGE}` };
    } else if (!typeGiven && asType(a)) {
      // As dig: a word that is a type name is the type (until one is set), wherever it stands.
      req.type = asType(a)!;
      typeGiven = true;
    } else if (a.toUpperCase() === 'IN') {
      // class
    } else if (!nameGiven) {
      req.name = a;
      nameGiven = true;
    }
  }
  if (!nameGiven) {
    req.name = '.';
    if (!typeGiven) req.type = 'NS';
  }
  return req;
}

/** Emit whitespace from `column` to `to` as BIND's indent(): tabs to tab stops, then spaces; at least one. */
function indent(column: number, to: number): [string, number] {
  if (to < column + 1) to = column + 1;
  const ntabs = Math.floor(to / 8) - Math.floor(column / 8);
  let s = '';
  let from = column;
  if (ntabs > 0) {
    s += '\t'.repeat(ntabs);
    from = Math.floor(to / 8) * 8;
  }
  s += ' '.repeat(to - from);
  return [s, to];
}

/** One RR as dig prints it: owner, TTL (col 24), class (32), type (40), data (48). */
export function formatRR(rr: ResourceRecord): string {
  let col = 0;
  let s = rr.name;
  col += rr.name.length;
  for (const [text, to] of [
    [String(rr.ttl), 24],
    ['IN', 32],
    [rr.type, 40],
    [rr.data, 48],
  ] as Array<[string, number]>) {
    const [ws, c] = indent(col, to);
    s += ws + text;
    col = c + text.length;
  }
  return s;
}

/** The question line: `;` then the name; columns counted from after the `;` (class 32, type 40). */
export function formatQuestion(name: string, type: RRType): string {
  let col = name.length;
  let s = ';' + name;
  for (const [text, to] of [
    ['IN', 32],
    [type, 40],
  ] as Array<[string, number]>) {
    const [ws, c] = indent(col, to);
    s += ws + text;
    col = c + text.length;
  }
  return s;
}

/** dig's `;; WHEN:` date, strftime "%a %b %d %H:%M:%S %Z %Y" in UTC. */
export function digDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export interface DigEnv {
  /** Random source for the message id and the client cookie (cluster.random: reproducible). */
  int: (n: number) => number;
  now: Date;
}

function hex16(env: DigEnv): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += env.int(256).toString(16).padStart(2, '0');
  return s;
}

/** Format one received response as dig prints it. */
export function formatDigResponse(req: DigRequest, resp: DnsResponse, server: string, env: DigEnv, cmdLines: string): string {
  const d = req.display;
  if (req.short) {
    return resp.answer.map((rr) => rr.data + '\n').join('');
  }
  const lines: string[] = [];
  const id = env.int(65536);
  // CoreDNS echoes the client's cookie back (an OPT option it passes through); upstream resolvers here don't.
  const echoCookie = req.cookie && resp.authoritative;
  const cookie = req.cookie ? hex16(env) : '';
  let out = cmdLines;
  if (d.comments) {
    lines.push(';; Got answer:');
    if (/(^|\.)local\.$/.test(resp.question.name)) {
      lines.push(';; WARNING: .local is reserved for Multicast DNS');
      lines.push(';; You are currently testing what happens when an mDNS query is leaked to DNS');
    }
    const flags = ['qr', ...(resp.authoritative ? ['aa'] : []), 'rd', ...(resp.recursionAvailable ? ['ra'] : [])].join(' ');
    lines.push(`;; ->>HEADER<<- opcode: QUERY, status: ${resp.rcode}, id: ${id}`);
    lines.push(`;; flags: ${flags}; QUERY: 1, ANSWER: ${resp.answer.length}, AUTHORITY: ${resp.authority.length}, ADDITIONAL: ${resp.additional.length + 1}`);
    if (!resp.recursionAvailable) lines.push(';; WARNING: recursion requested but not available');
    lines.push('');
    lines.push(';; OPT PSEUDOSECTION:');
    lines.push(`; EDNS: version: 0, flags:; udp: ${EDNS_UDP}`);
    if (echoCookie) lines.push(`; COOKIE: ${cookie} (echoed)`);
  }
  const section = (title: string, show: boolean, body: string[]) => {
    if (!show || body.length === 0) return;
    if (d.comments) lines.push(`;; ${title} SECTION:`);
    lines.push(...body);
    if (d.comments) lines.push('');
  };
  section('QUESTION', d.question, [formatQuestion(resp.question.name, resp.question.type)]);
  section('ANSWER', d.answer, resp.answer.map(formatRR));
  section('AUTHORITY', d.authority, resp.authority.map(formatRR));
  section('ADDITIONAL', d.additional, resp.additional.map(formatRR));
  if (d.stats) {
    const size = messageSize(resp, { compress: !resp.authoritative, optionBytes: echoCookie ? 12 : 0 });
    lines.push(';; Query time: 0 msec');
    lines.push(`;; SERVER: ${server}#53(${server}) (${req.tcp ? 'TCP' : 'UDP'})`);
    lines.push(`;; WHEN: ${digDate(env.now)}`);
    lines.push(`;; MSG SIZE  rcvd: ${size}`);
    lines.push('');
  }
  out += lines.map((l) => l + '\n').join('');
  return out;
}

/**
 * Run dig from a client. `argv` are dig's own arguments (echoed in the banner). Exit codes as dig: 0 for any
 * reply (NXDOMAIN included), 9 for no reply, 1 for usage errors.
 */
export function runDig(cluster: Cluster, client: Client, argv: string[], env: DigEnv): DigOutput {
  const parsed = parseDigArgs(argv);
  if ('error' in parsed) return { stdout: '', stderr: parsed.error, exitCode: 1 };
  const req = parsed;
  const rc = clientResolvConf(cluster, client);
  let servers = rc.nameservers;
  if (req.server !== undefined) {
    let ip = req.server;
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
      // dig looks a server name up with the system resolver first.
      const r = resolve(cluster, client, ip, { type: 'A' });
      if (r.addresses.length === 0) return { stdout: '', stderr: `dig: couldn't get address for '${req.server}': not found\n`, exitCode: 10 };
      ip = r.addresses[0];
    }
    servers = [ip];
  }
  const banner = req.display.cmd ? `\n; <<>> DiG ${DIG_VERSION} <<>> ${argv.join(' ')}\n${req.server !== undefined ? '; (1 server found)\n' : ''};; global options: +cmd\n` : '';
  const names = req.search ? candidateNames(req.name, { ...rc, ndots: req.ndots ?? rc.ndots }, true) : [req.name.endsWith('.') ? req.name : req.name + '.'];
  let last: { resp: DnsResponse; server: string } | undefined;
  for (const name of names) {
    let got: { resp: DnsResponse; server: string } | undefined;
    for (const server of servers) {
      const resp = sendQuery(cluster, client, server, name, req.type);
      if (resp) {
        got = { resp, server };
        break;
      }
    }
    if (!got) {
      const server = servers[0] ?? '127.0.0.1';
      let stdout = `;; communications error to ${server}#53: timed out\n`.repeat(TRIES);
      if (!req.short && req.display.cmd) stdout += banner;
      stdout += ';; no servers could be reached\n';
      return { stdout, stderr: '', exitCode: 9 };
    }
    last = got;
    // dig's +search moves to the next search name only on NXDOMAIN (and SERVFAIL); NODATA ends the search.
    if (got.resp.rcode !== 'NXDOMAIN' && got.resp.rcode !== 'SERVFAIL') break;
  }
  return { stdout: formatDigResponse(req, last!.resp, last!.server, env, banner), stderr: '', exitCode: 0 };
}
