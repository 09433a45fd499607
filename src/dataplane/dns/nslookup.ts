// `nslookup NAME [SERVER]` as BIND 9.18's nslookup prints it (the one in netshoot/dnsutils images): it uses the
// search list, asks A then AAAA, and prints each answer; failures as `** server can't find NAME: NXDOMAIN`.
import type { Cluster } from '../../store/cluster.js';
import type { Client } from '../client.js';
import type { DnsResponse, RRType } from './types.js';
import { resolve } from './resolver.js';
import { reverseName } from './records.js';
import type { DigOutput } from './dig.js';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function strip(name: string): string {
  return name.replace(/\.$/, '');
}

export function runNslookup(cluster: Cluster, client: Client, argv: string[]): DigOutput {
  let type: RRType | undefined;
  const positional: string[] = [];
  for (const a of argv) {
    const m = /^-(?:type|query|q|t)=(\w+)$/i.exec(a);
    if (m) type = m[1].toUpperCase() as RRType;
    else if (a.startsWith('-')) continue;
    else positional.push(a);
  }
  const name = positional[0];
  if (!name) return { stdout: '', stderr: 'nslookup: interactive mode is not supported here; give a name\n', exitCode: 1 };
  const server = positional[1];
  const reverse = IPV4.test(name) && !type;
  const qname = reverse ? reverseName(name) : name;
  const types: RRType[] = reverse ? ['PTR'] : type ? [type] : ['A', 'AAAA'];

  const results = types.map((t) => resolve(cluster, client, qname, { type: t, search: !reverse, server }));
  const serverIP = server ?? results[0].nameservers?.[0] ?? '';
  if (results[0].error === 'TIMEOUT') {
    return { stdout: `;; communications error to ${serverIP}#53: timed out\n`.repeat(3) + ';; no servers could be reached\n\n', stderr: '', exitCode: 1 };
  }
  let out = `Server:\t\t${serverIP}\nAddress:\t${serverIP}#53\n\n`;
  const first = results[0];
  if (first.error === 'NXDOMAIN' || first.error === 'SERVFAIL') {
    out += `** server can't find ${reverse ? qname.replace(/\.$/, '') : strip(name)}: ${first.error}\n\n`;
    return { stdout: out, stderr: '', exitCode: 1 };
  }
  const answered = results.filter((r) => !r.error);
  if (answered.length === 0) {
    out += `*** Can't find ${strip(name)}: No answer\n\n`;
    return { stdout: out, stderr: '', exitCode: 1 };
  }
  let nonAuthPrinted = false;
  for (const r of answered) {
    const resp = r.queries[r.queries.length - 1] as DnsResponse;
    if (!resp.authoritative && !nonAuthPrinted) {
      out += 'Non-authoritative answer:\n';
      nonAuthPrinted = true;
    }
    for (const rr of resp.answer) {
      if (rr.type === 'CNAME') out += `${strip(rr.name)}\tcanonical name = ${rr.data}\n`;
      else if (rr.type === 'A' || rr.type === 'AAAA') out += `Name:\t${strip(rr.name)}\nAddress: ${rr.data}\n`;
      else if (rr.type === 'PTR') out += `${strip(rr.name)}\tname = ${rr.data}\n`;
      else if (rr.type === 'SRV') out += `${strip(rr.name)}\tservice = ${rr.data}\n`;
      else if (rr.type === 'TXT') out += `${strip(rr.name)}\ttext = ${rr.data}\n`;
      else out += `${strip(rr.name)}\t${rr.type} = ${rr.data}\n`;
    }
  }
  out += '\n';
  return { stdout: out, stderr: '', exitCode: 0 };
}
