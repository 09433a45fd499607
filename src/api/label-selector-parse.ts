// kubectl's `-l/--selector` strings (apimachinery labels.Parse): equality (`a=b`, `a==b`, `a!=b`) and
// set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`) requirements, comma-separated, all must hold.
import { ClientError } from './errors.js';

export type Requirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseSelector(text: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^([A-Za-z0-9_.\/-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') });
    } else if ((m = /^([A-Za-z0-9_.\/-]+)\s*(!=|==|=)\s*([A-Za-z0-9_.-]*)$/.exec(part))) {
      reqs.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
    } else if ((m = /^!\s*([A-Za-z0-9_.\/-]+)$/.exec(part))) {
      reqs.push({ key: m[1], op: '!exists' });
    } else if ((m = /^([A-Za-z0-9_.\/-]+)$/.exec(part))) {
      reqs.push({ key: m[1], op: 'exists' });
    } else {
      throw new ClientError(`unable to parse requirement: found '${part}', expected: identifier`);
    }
  }
  return reqs;
}

export function matchesRequirements(labels: Record<string, string> | undefined, reqs: Requirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.value;
      case '!=':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}
