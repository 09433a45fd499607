// kubectl's JSONPath templates (client-go util/jsonpath): text with `{…}` actions — field paths (`.a.b`,
// `['a.b']`, `..name` recursive, `*`), array indexes and slices (`[0]`, `[-1]`, `[1:3]`, `[*]`), filters
// (`[?(@.type=="InternalIP")]`), unions (`['a','b']`), string literals (`{"\n"}`) and `{range …}…{end}`.
// Missing keys print nothing (kubectl's --allow-missing-template-keys default).
import { ClientError } from '../../api/errors.js';

type Step =
  | { t: 'field'; names: string[] }
  | { t: 'wild' }
  | { t: 'recursive' }
  | { t: 'slice'; start?: number; end?: number; step?: number; index: boolean }
  | { t: 'filter'; left: Step[]; op?: string; right?: Operand };

type Operand = { t: 'path'; steps: Step[]; root: boolean } | { t: 'lit'; value: string | number | boolean | null };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[]; root: boolean }
  | { t: 'range'; steps: Step[]; root: boolean; body: Node[] }
  | { t: 'lit'; text: string };

export class JsonPathError extends ClientError {}

export interface JsonPath {
  template: string;
  nodes: Node[];
}

export function parseJsonPath(template: string): JsonPath {
  const fail = (why: string) => new JsonPathError(`error parsing jsonpath ${template}, ${why}`);
  const tokens: Array<{ text?: string; action?: string }> = [];
  let i = 0;
  let text = '';
  while (i < template.length) {
    const ch = template[i];
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    if (text) tokens.push({ text });
    text = '';
    // Find the matching `}`, skipping quoted strings.
    let j = i + 1;
    let quote = '';
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= template.length) throw fail('unclosed action');
    tokens.push({ action: template.slice(i + 1, j).trim() });
    i = j + 1;
  }
  if (text) tokens.push({ text });

  const stack: Node[][] = [[]];
  const ranges: Node[] = [];
  for (const tok of tokens) {
    const cur = stack[stack.length - 1];
    if (tok.text !== undefined) {
      cur.push({ t: 'text', text: tok.text });
      continue;
    }
    const a = tok.action!;
    if (a === 'end') {
      if (stack.length === 1) throw fail('not in range, nothing to end');
      stack.pop();
      ranges.pop();
      continue;
    }
    const rm = /^range\s+(.*)$/.exec(a);
    if (rm) {
      const p = parsePath(rm[1].trim(), fail);
      const node: Node = { t: 'range', ...p, body: [] };
      cur.push(node);
      stack.push((node as any).body);
      ranges.push(node);
      continue;
    }
    if (a.startsWith('"') || a.startsWith("'")) {
      cur.push({ t: 'lit', text: unquote(a, fail) });
      continue;
    }
    if (a === '') continue;
    cur.push({ t: 'path', ...parsePath(a, fail) });
  }
  if (stack.length > 1) throw fail('unclosed range');
  return { template, nodes: stack[0] };
}

function unquote(s: string, fail: (w: string) => Error): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw fail(`unterminated string`);
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" })[c] ?? '\\' + c);
}

function parsePath(src: string, fail: (w: string) => Error): { steps: Step[]; root: boolean } {
  let i = 0;
  let root = false;
  if (src[0] === '$') {
    root = true;
    i = 1;
  } else if (src[0] === '@') i = 1;
  const steps: Step[] = [];
  while (i < src.length) {
    const ch = src[i];
    if (ch === '.') {
      if (src[i + 1] === '.') {
        steps.push({ t: 'recursive' });
        i += 2;
        continue;
      }
      i++;
      if (src[i] === '*') {
        steps.push({ t: 'wild' });
        i++;
        continue;
      }
      let name = '';
      while (i < src.length && !'.['.includes(src[i])) {
        if (src[i] === '\\' && src[i + 1] === '.') {
          name += '.';
          i += 2;
        } else name += src[i++];
      }
      if (name !== '') steps.push({ t: 'field', names: [name] });
      continue;
    }
    if (ch === '[') {
      const close = findClose(src, i);
      if (close < 0) throw fail(`unterminated array`);
      const inner = src.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ t: 'wild' });
      else if (inner.startsWith('?')) steps.push(parseFilter(inner, fail));
      else if (inner.startsWith("'") || inner.startsWith('"')) {
        steps.push({ t: 'field', names: splitUnion(inner).map((n) => unquote(n.trim(), fail)) });
      } else {
        const m = /^(-?\d+)?\s*(?:(:)\s*(-?\d+)?\s*(?::\s*(-?\d+))?)?$/.exec(inner);
        if (!m) throw fail(`invalid array index ${inner}`);
        const num = (s?: string) => (s === undefined ? undefined : Number(s));
        if (!m[2]) steps.push({ t: 'slice', start: num(m[1]), index: true });
        else steps.push({ t: 'slice', start: num(m[1]), end: num(m[3]), step: num(m[4]), index: false });
      }
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // A bare name at the start (`{items[0]}`, `{metadata.name}` inside custom-columns).
    let name = '';
    while (i < src.length && !'.['.includes(src[i])) name += src[i++];
    steps.push({ t: 'field', names: [name] });
  }
  return { steps, root };
}

function findClose(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return j;
    }
  }
  return -1;
}

function splitUnion(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseFilter(inner: string, fail: (w: string) => Error): Step {
  const m = /^\?\s*\((.*)\)$/s.exec(inner);
  if (!m) throw fail(`invalid filter ${inner}`);
  const expr = m[1].trim();
  const opm = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/s.exec(expr);
  const operand = (s: string): Operand => {
    s = s.trim();
    if (s.startsWith('@') || s.startsWith('$')) return { t: 'path', ...parsePath(s, fail) };
    if (s.startsWith('"') || s.startsWith("'")) return { t: 'lit', value: unquote(s, fail) };
    if (s === 'true' || s === 'false') return { t: 'lit', value: s === 'true' };
    if (s === 'nil' || s === 'null') return { t: 'lit', value: null };
    if (/^-?\d+(\.\d+)?$/.test(s)) return { t: 'lit', value: Number(s) };
    throw fail(`unrecognized filter operand ${s}`);
  };
  if (!opm) {
    const left = operand(expr);
    if (left.t !== 'path') throw fail(`invalid filter ${inner}`);
    return { t: 'filter', left: left.steps };
  }
  const left = operand(opm[1]);
  if (left.t !== 'path') throw fail(`invalid filter ${inner}`);
  return { t: 'filter', left: left.steps, op: opm[2], right: operand(opm[3]) };
}

class ExecError extends Error {}

function evalSteps(inputs: unknown[], steps: Step[], root: unknown): unknown[] {
  let cur = inputs;
  for (const step of steps) cur = evalStep(cur, step, root);
  return cur;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function evalStep(inputs: unknown[], step: Step, root: unknown): unknown[] {
  const out: unknown[] = [];
  switch (step.t) {
    case 'field':
      for (const v of inputs) {
        if (!isObj(v)) continue;
        for (const n of step.names) if (n in v) out.push(v[n]);
      }
      return out;
    case 'wild':
      for (const v of inputs) {
        if (Array.isArray(v)) for (const x of v) out.push(x); // not push(...v): `.items` of 100,000 objects is more than a call's arguments can hold
        else if (isObj(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
      }
      return out;
    case 'recursive': {
      const walk = (v: unknown) => {
        const kids = Array.isArray(v) ? v : isObj(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
        if (kids.length === 0) return;
        out.push(v);
        for (const k of kids) walk(k);
      };
      for (const v of inputs) walk(v);
      return out;
    }
    case 'slice':
      for (const v of inputs) {
        if (!Array.isArray(v)) continue;
        const len = v.length;
        let start = step.start ?? 0;
        let end = step.index ? start + 1 : step.end ?? len;
        if (start < 0) start += len;
        if (end < 0 || (step.index && end === 0)) end += len;
        if (start === end) continue;
        if (start >= len || start < 0) throw new ExecError(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len || end < 0) throw new ExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
        if (start > end) throw new ExecError(`starting index ${start} is greater than ending index ${end}`);
        const stride = step.step && step.step > 0 ? step.step : 1;
        for (let i = start; i < end; i += stride) out.push(v[i]);
      }
      return out;
    case 'filter':
      for (const v of inputs) {
        const items = Array.isArray(v) ? v : [];
        for (const item of items) {
          const lefts = evalSteps([item], step.left, root);
          if (!step.op) {
            if (lefts.length) out.push(item);
            continue;
          }
          const rights = step.right!.t === 'lit' ? [step.right!.value] : evalSteps([step.right!.root ? root : item], step.right!.steps, root);
          if (lefts.length === 0 || rights.length === 0) continue;
          if (compare(lefts[0], step.op, rights[0])) out.push(item);
        }
      }
      return out;
  }
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b || (typeof a !== 'object' && String(a) === String(b) && typeof a === typeof b);
  if (op === '!=') return !compare(a, '==', b);
  if (op === '=~') return new RegExp(String(b)).test(String(a));
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
  return false;
}

/** Go's json.Marshal for one value: compact, map keys sorted, HTML characters escaped. */
export function goJson(v: unknown): string {
  return escapeHtml(JSON.stringify(sorted(v)) ?? 'null');
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
  return v;
}

export function escapeHtml(s: string): string {
  return s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** How kubectl prints one JSONPath result: maps and lists as JSON, scalars as text. */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}

/** The values one path finds in data (custom-columns uses these). */
export function findResults(path: { steps: Step[]; root: boolean }, data: unknown): unknown[] {
  return evalSteps([data], path.steps, data);
}

export function parseSinglePath(src: string): { steps: Step[]; root: boolean } {
  const parsed = parseJsonPath(src);
  const p = parsed.nodes.find((n) => n.t === 'path');
  if (!p || p.t !== 'path') throw new JsonPathError(`error parsing jsonpath ${src}, not a path`);
  return p;
}

export function executeJsonPath(jp: JsonPath, data: unknown): string {
  const run = (nodes: Node[], cur: unknown): string => {
    let s = '';
    for (const n of nodes) {
      if (n.t === 'text' || n.t === 'lit') s += n.text;
      else if (n.t === 'path') s += evalSteps([n.root ? data : cur], n.steps, data).map(textOf).join(' ');
      else for (const item of evalSteps([n.root ? data : cur], n.steps, data)) s += run(n.body, item);
    }
    return s;
  };
  try {
    return run(jp.nodes, data);
  } catch (e) {
    if (e instanceof ExecError) {
      throw new ClientError(
        `error executing jsonpath ${JSON.stringify(jp.template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${jp.template}`,
      );
    }
    throw e;
  }
}
