// Generated malformed manifests for the fuzz test: each class mutates real-looking manifests in one way.
// Deterministic (seeded), so a failing input can be regenerated from its class and index.
import { stringify } from 'yaml';

export type Rng = { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean };

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

const BASES: any[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels: { app: 'api' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: { containers: [{ name: 'api', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'MODE', value: 'fast' }] }] },
      },
    },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'fast', 'app.properties': 'a=1\nb=2\n' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'one', labels: { run: 'one' } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'site' },
    spec: { rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  },
];

const base = (r: Rng) => structuredClone(r.pick(BASES));
const asText = (r: Rng, obj: unknown) => (r.chance(0.3) ? JSON.stringify(obj, null, r.chance(0.5) ? 2 : undefined) : stringify(obj));

/** Every [path, value] of an object tree. */
function paths(v: any, at: (string | number)[] = [], out: Array<(string | number)[]> = []): Array<(string | number)[]> {
  if (at.length) out.push(at);
  if (v && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k], [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

function setAt(obj: any, path: (string | number)[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = value;
}

const WRONG_VALUES: unknown[] = ['eighty', '', -1, 0, 3.5, 65536, true, null, [], {}, [1, 2], { a: 1 }, 'x'.repeat(300), ' leading space', 'UPPER', '10.0.0.300', 1e21];

function randomBytes(r: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r.int(256);
  return b;
}

export type Generator = (r: Rng) => string | Buffer;

export const CLASSES: Record<string, Generator> = {
  truncation: (r) => {
    const t = asText(r, base(r));
    return t.slice(0, 1 + r.int(t.length - 1));
  },
  'type swap': (r) => {
    const o = base(r);
    for (let i = 0, n = 1 + r.int(2); i < n; i++) setAt(o, r.pick(paths(o)), structuredClone(r.pick(WRONG_VALUES)));
    return asText(r, o);
  },
  'wrong port type': (r) => {
    const o = structuredClone(BASES[0]);
    o.spec.ports[0][r.pick(['port', 'targetPort', 'nodePort', 'protocol', 'name'])] = r.pick(['eighty', 80.5, -80, true, [80], { n: 80 }, '99999', null]);
    return stringify(o);
  },
  'random bytes': (r) => randomBytes(r, 1 + r.int(2000)),
  'byte flips': (r) => {
    const b = Buffer.from(asText(r, base(r)));
    for (let i = 0, n = 1 + r.int(4); i < n; i++) b[r.int(b.length)] = r.pick([0x00, 0xff, 0xc3, 0xfe, 0x80, 0x1b, 0x09, r.int(256)]);
    return b;
  },
  'non-UTF-8 text': (r) => {
    const o = base(r);
    const b = Buffer.from(stringify(o));
    const at = b.indexOf(Buffer.from(o.metadata.name));
    return Buffer.concat([b.subarray(0, at), Buffer.from(r.pick([[0xe9], [0xc3, 0x28], [0xa0, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xff, 0xfe]])), b.subarray(at)]);
  },
  'deep nesting': (r) => {
    const d = r.pick([100, 1000, 5000, 10_001, 50_000, 200_000]);
    const o = base(r);
    const shape = r.int(4);
    if (shape === 0) return stringify({ ...o, metadata: { name: 'deep' } }) + 'spec:\n  x: ' + '['.repeat(d) + ']'.repeat(d) + '\n';
    if (shape === 1) return JSON.stringify({ ...o }).replace(/}$/, `,"deep":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`);
    if (shape === 2) return 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n' + Array.from({ length: Math.min(d, 3000) }, (_, i) => ' '.repeat(2 * i + 2) + `k${i}:`).join('\n') + ' x\n';
    return '['.repeat(d);
  },
  'alias bomb': (r) => {
    const levels = 4 + r.int(7);
    const width = 5 + r.int(6);
    const lines = ['a0: &a0 ["lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
    const o = base(r);
    return stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }) + (r.chance(0.5) ? 'data:\n' : 'spec:\n') + lines.map((l) => '  ' + l).join('\n') + '\n';
  },
  'alias loops and undefined aliases': (r) =>
    r.pick([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *nope\n',
      'a: &a [*a]\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &d {<<: *d}\n',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nlabels: &l {a: b}\ndata: {<<: [${Array(200).fill('*l').join(',')}]}\n`,
    ]),
  'prototype keys': (r) => {
    const o = base(r);
    const key = r.pick(['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString']);
    const payload = r.pick([{ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 'polluted', 1]);
    const json = JSON.stringify(o);
    if (r.chance(0.5)) return json.replace(/\{/g, (m) => (r.chance(0.3) ? `{"${key}":${JSON.stringify(payload)},` : m));
    const text = stringify(o);
    const lines = text.split('\n');
    const at = r.int(lines.length - 1);
    const indent = /^\s*/.exec(lines[at])![0];
    lines.splice(at, 0, `${indent}${key}:${typeof payload === 'object' ? ' ' + JSON.stringify(payload) : ' ' + payload}`);
    return lines.join('\n');
  },
  'huge names': (r) => {
    const o = base(r);
    const n = r.pick([64, 254, 1000, 10_000, 100_000]);
    const alphabet = r.pick(['abcdefghij', 'abc-', 'a.b-c', 'ABC_', 'é中文', '0123456789']);
    const big = Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join('');
    const where = r.int(4);
    if (where === 0) o.metadata.name = big;
    else if (where === 1) o.metadata.labels = { [big]: 'v' };
    else if (where === 2) o.metadata.labels = { k: big };
    else o.metadata.namespace = big;
    return asText(r, o);
  },
  'wrong kinds and versions': (r) => {
    const o = base(r);
    const which = r.int(3);
    if (which !== 1) o.kind = r.pick(['Foo', 'service', 'SERVICE', '', 123, null, ['Service'], 'Servic', 'List', 'ServiceList', 'v1']);
    if (which !== 0) o.apiVersion = r.pick(['v9', 'apps/v1beta1', 'extensions/v1beta1', '', 1, null, 'v1/extra', 'networking.k8s.io/v1', 'apps/v1']);
    if (r.chance(0.2)) delete o.kind;
    if (r.chance(0.2)) delete o.apiVersion;
    if (o.kind === 'List') o.items = r.pick([[structuredClone(o)], 'x', [1, null], [{ kind: 'Foo' }], {}]);
    return asText(r, o);
  },
  'duplicate keys': (r) => {
    const o = base(r);
    if (r.chance(0.5)) {
      const t = JSON.stringify(o);
      return t.replace('"metadata":', r.pick(['"metadata":{"name":"dup"},"metadata":', '"kind":"Pod","metadata":', '"metadata":null,"metadata":']));
    }
    const lines = stringify(o).split('\n').filter(Boolean);
    const i = r.int(lines.length);
    lines.splice(i + 1, 0, lines[i].replace(/:.*$/, ': duplicate'));
    return lines.join('\n') + '\n';
  },
  'YAML syntax errors': (r) => {
    const lines = stringify(base(r)).split('\n').filter(Boolean);
    const i = r.int(lines.length);
    const breakers = [
      (l: string) => '\t' + l,
      (l: string) => l + ' "unclosed',
      (l: string) => l + ' [',
      (l: string) => l + ': :',
      (l: string) => '   ' + l,
      (l: string) => l.replace(':', ''),
      (l: string) => `${l} !!binary "%%%"`,
      (l: string) => `${l} !!js/function "function(){}"`,
      (l: string) => `${l} !custom x`,
      (l: string) => `%YAML 9.9\n---\n${l}`,
      (l: string) => `? [complex, key]\n: ${l}`,
      (l: string) => `${l}\n- item at wrong level`,
      (l: string) => `${l} &anchor &twice x`,
      (l: string) => `${l} @reserved`,
      (l: string) => `${l} \`backtick`,
    ];
    lines[i] = r.pick(breakers)(lines[i]);
    return lines.join('\n') + '\n';
  },
  'odd numbers': (r) => {
    const o = structuredClone(BASES[r.pick([0, 1])]);
    const v = r.pick(['1e400', '0x50', '0o120', '.inf', '-.inf', '.nan', '99999999999999999999', '-1', '1.5', '+80', '080', '0b101', '~']);
    let t = stringify(o);
    t = o.kind === 'Service' ? t.replace('port: 80', `port: ${v}`) : t.replace('replicas: 2', `replicas: ${v}`);
    return t;
  },
  'multi-document mixes': (r) => {
    const parts: string[] = [];
    for (let i = 0, n = 2 + r.int(4); i < n; i++) {
      const gens = [CLASSES['type swap'], CLASSES['YAML syntax errors'], CLASSES['wrong kinds and versions'], CLASSES['duplicate keys'], () => '', () => '# only a comment', () => '...'];
      parts.push(String(r.pick(gens)(r)));
    }
    return parts.join(r.pick(['\n---\n', '\n--- \n', '\n---\n...\n---\n']));
  },
  'not objects': (r) => r.pick(['- a\n- b\n', '"just a string"\n', '42\n', 'true\n', 'null\n', '[]', '{}', '---\n---\n', '', '\n\n', '# nothing\n', '...\n', 'kind: Service\n', 'apiVersion: v1\n', '{"apiVersion":"v1","kind":"Service"}', 'metadata: {name: x}\n']),
};
