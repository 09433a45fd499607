// iptables-save's text for a node's rules: the canonical form the kernel hands back (addresses with /32, `-p`
// before the matches, comments quoted, probabilities at the kernel's precision), chains in iptables-save's
// order (built-ins, then user chains by name), each chain's rules in the order they were appended.
import { BUILTIN_CHAINS, probabilityText, type Match, type Rule, type RuleSet, type SavedChain, type SavedRules, type Table, type Target } from './model.js';

const ORDER: Table[] = ['filter', 'nat'];

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ and " escaped. */
function saveString(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s;
  return '"' + s.replace(/[\\"']/g, (c) => '\\' + c) + '"';
}

// A comment is printed once per rule that carries it (a Service port's name on each of its endpoints' rules):
// its ` -m comment --comment …` text is made once per distinct comment.
const commentTexts = new Map<string, string>();
function commentText(comment: string): string {
  let t = commentTexts.get(comment);
  if (t === undefined) {
    if (commentTexts.size >= 100_000) commentTexts.clear();
    commentTexts.set(comment, (t = '-m comment --comment ' + saveString(comment)));
  }
  return t;
}

function hex(n: number): string {
  return '0x' + n.toString(16);
}

const statisticTexts = new Map<number, string>();

/** A match's text; the protocol's own match is written by writeRule, which knows the rule's protocol. */
function matchText(m: Exclude<Match, { m: 'proto' }>): string {
  switch (m.m) {
    case 'comment':
      return commentText(m.comment);
    case 'addrtype':
      return `-m addrtype --${m.dir}-type ${m.type}`;
    case 'statistic': {
      // One text per probability (the same few 1/n values on every Service).
      let t = statisticTexts.get(m.probability);
      if (t === undefined) statisticTexts.set(m.probability, (t = '-m statistic --mode random --probability ' + probabilityText(m.probability)));
      return t;
    }
    case 'recent': {
      let s = `-m recent --${m.op}`;
      if (m.seconds) s += ` --seconds ${m.seconds}`;
      if (m.reap) s += ' --reap';
      return s + ` --name ${m.name} --mask 255.255.255.255 --rsource`;
    }
    case 'mark':
      return `-m mark ${m.neg ? '! ' : ''}--mark ${hex(m.value)}/${hex(m.mask)}`;
    case 'conntrack':
      return `-m conntrack ${m.neg ? '! ' : ''}--ctstate ${m.states.join(',')}`;
    case 'nfacct':
      return `-m nfacct --nfacct-name ${m.name}`;
  }
}

/** A target's text; jumps and DNAT (one per endpoint rule) are written by writeRule, piece by piece. */
function targetText(t: Exclude<Target, { j: 'jump' | 'DNAT' }>): string {
  switch (t.j) {
    case 'MARK':
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'MASQUERADE':
      return '-j MASQUERADE' + (t.randomFully ? ' --random-fully' : '');
    case 'REJECT':
      return '-j REJECT --reject-with icmp-port-unreachable';
    default:
      return `-j ${t.j}`;
  }
}

/** The rule's line, kept on the rule: a trace prints the same rules request after request. */
export function ruleText(r: Rule): string {
  return (r.text ??= ruleLine(r.chain, r));
}

/**
 * Text appended as UTF-8 to a growing buffer: ASCII copied a character at a time in JS (a call into C++ per piece,
 * as Buffer.write is, costs more than the few characters of most pieces), anything else through Buffer.write.
 */
export class ByteWriter {
  buf: Buffer;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  /** Room for n more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
  str(s: string): void {
    const n = s.length;
    this.room(3 * n); // UTF-8: at most 3 bytes per UTF-16 unit
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.pos += buf.write(s, this.pos);
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }
  /** The text written since `start`. */
  text(start = 0): string {
    return this.buf.toString('utf8', start, this.pos);
  }
}

const scratch = new ByteWriter(1024);

/** A rule's line (`-A CHAIN …`), as writeRule writes it. */
export function ruleLine(chain: string, r: Omit<Rule, 'table' | 'chain' | 'text'>): string {
  scratch.pos = 0;
  writeRule(scratch, chain, r);
  return scratch.text();
}

/**
 * A rule's line (`-A CHAIN …`, no newline), written piece by piece: the pieces every endpoint's rules have (a jump,
 * a DNAT, the protocol match) without making a string for them.
 */
export function writeRule(w: ByteWriter, chain: string, r: Omit<Rule, 'table' | 'chain' | 'text'>): void {
  w.str('-A ');
  w.str(chain);
  if (r.src) {
    w.str(r.srcNeg ? ' ! -s ' : ' -s ');
    w.str(r.src.text);
  }
  if (r.dst) {
    w.str(r.dstNeg ? ' ! -d ' : ' -d ');
    w.str(r.dst.text);
  }
  if (r.proto) {
    w.str(' -p ');
    w.str(r.proto);
  }
  for (const m of r.matches) {
    if (m.m === 'proto') {
      w.str(' -m ');
      w.str(r.proto ?? 'tcp');
      if (m.dport !== undefined) {
        w.str(' --dport ');
        w.str(String(m.dport));
      }
    } else {
      w.byte(0x20);
      w.str(matchText(m));
    }
  }
  const t = r.target;
  if (t?.j === 'jump') {
    w.str(' -j ');
    w.str(t.chain);
  } else if (t?.j === 'DNAT') {
    w.str(' -j DNAT --to-destination ');
    w.str(t.to);
  } else if (t) {
    w.byte(0x20);
    w.str(targetText(t));
  }
}

/** asctime(): `Sat Nov 21 10:00:00 2026` (UTC: kubesim nodes run in UTC). */
export function ctime(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** A table's chains in iptables-save's order: the built-in ones, then the others by name. */
function chainOrder(table: Table, chains: Set<string>): { builtins: string[]; user: string[] } {
  const builtins = BUILTIN_CHAINS[table];
  // The default sort compares UTF-16 code units, as `<` does, without a JS comparator call per comparison.
  const user = [...chains].filter((c) => !builtins.includes(c)).sort();
  return { builtins, user };
}

/** A table's first lines: the banner, the table, and its chains (built-ins with their policy), newline ended. */
function tableHead(table: Table, stamp: string, builtins: string[], user: string[]): string {
  const out = [`# Generated by iptables-save v1.8.9 (nf_tables) on ${stamp}`, `*${table}`];
  for (const c of builtins) out.push(`:${c} ACCEPT [0:0]`);
  for (const c of user) out.push(`:${c} - [0:0]`);
  out.push('');
  return out.join('\n');
}

const tableTail = (stamp: string) => `COMMIT\n# Completed on ${stamp}\n`;

/**
 * The text iptables-save prints for a node: built-in chains, then user chains by name, each chain's rules in the
 * order written. From a RuleSet (each rule printed now) or SavedRules (lines made as the rules were written).
 */
export function iptablesSave(rs: RuleSet | SavedRules, now: Date, only?: Table): string {
  if ('text' in rs) {
    const chunks: Buffer[] = [];
    writeIptablesSave(rs, now, only, (bytes) => chunks.push(Buffer.from(bytes)));
    return Buffer.concat(chunks).toString('utf8'); // whole before decoding: a chunk may end inside a character
  }
  const stamp = ctime(now);
  const out: string[] = [];
  for (const table of ORDER) {
    if (only && only !== table) continue;
    const { builtins, user } = chainOrder(table, rs.chains[table]);
    out.push(tableHead(table, stamp, builtins, user));
    const byChain = rs.byChain[table];
    for (const chains of [builtins, user]) {
      for (const c of chains) {
        const list = byChain.get(c);
        // Not kept on the rule: iptables-save prints each rule once.
        if (list) for (const r of list) out.push(r.text ?? ruleLine(r.chain, r), '\n');
      }
    }
    out.push(tableTail(stamp));
  }
  return out.join('');
}

/** The bytes written out at once by writeIptablesSave: a few writes of a big node's megabytes. */
const OUT_CHUNK = 1 << 18;

/**
 * iptables-save's text for SavedRules, written out (`out`) in chunks: each chain's lines copied from where they
 * were written, in chain order, into one reused buffer (what `kubesim iptables-save` writes). `out` may not keep
 * the bytes it is given past its return (the buffer is written again).
 */
export function writeIptablesSave(rs: SavedRules, now: Date, only: Table | undefined, out: (bytes: Uint8Array) => void): void {
  const stamp = ctime(now);
  // Not one buffer for the whole text: a big node's is megabytes, every new page of it a fault to pay.
  const w = new ByteWriter(OUT_CHUNK);
  const flush = () => {
    if (w.pos) out(w.buf.subarray(0, w.pos));
    w.pos = 0;
  };
  // Spans copied through a plain Uint8Array view: its subarrays are cheaper to make than a Buffer's (Buffer.copy
  // makes one too), and a JS loop over the bytes is slower still.
  const text = new Uint8Array(rs.text.buffer, rs.text.byteOffset, rs.text.length);
  const copy = (spans: number[]) => {
    for (let i = 0; i < spans.length; i += 2) {
      const n = spans[i + 1] - spans[i];
      if (w.pos + n > w.buf.length) flush();
      w.room(n);
      w.buf.set(text.subarray(spans[i], spans[i + 1]), w.pos);
      w.pos += n;
    }
  };
  for (const table of ORDER) {
    if (only && only !== table) continue;
    const chains = rs.chains[table];
    const builtins = BUILTIN_CHAINS[table];
    const user: SavedChain[] = [];
    for (const c of chains.values()) if (c.declared && !builtins.includes(c.name)) user.push(c);
    // By name, UTF-16 code units (as the default sort): the chains themselves sorted, so no look-up by name after.
    user.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    w.str(tableHead(table, stamp, builtins, []));
    // As tableHead writes them, without a string per chain.
    for (const c of user) {
      if (w.pos + 3 * (c.name.length + 9) > w.buf.length) flush(); // the room str() asks for: no growing
      w.byte(0x3a); // ':'
      w.str(c.name);
      w.str(' - [0:0]\n');
    }
    for (const c of builtins) {
      const chain = chains.get(c);
      if (chain) copy(chain.spans);
    }
    for (const c of user) copy(c.spans);
    w.str(tableTail(stamp));
  }
  flush();
}
