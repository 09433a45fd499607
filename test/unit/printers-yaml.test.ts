// -o yaml: the text yaml-emit.ts writes is the yaml library's, byte for byte (kubectl's style as objects.ts asks the
// library for it), for real objects, for strings chosen to need every kind of spelling, and for random documents.
import { describe, expect, it } from 'vitest';
import { Document } from 'yaml';
import { asList, IMPLICIT, toYaml, toYamlByLibrary, toYamlBytes } from '../../src/cli/printers/objects.js';
import { emitYaml, MAY_BE_OTHER_TYPE, rulesOf } from '../../src/cli/printers/yaml-emit.js';
import { cluster, deployment } from './controllers-workloads-fixture.js';
import { reconcile } from '../../src/controllers/index.js';

const rules = rulesOf(new Document(null, { version: '1.1' }), (s) => IMPLICIT.test(s));
const noLibrary = () => {
  throw new Error('the library was asked');
};

// Texts that are strings to a plain reader but other types to YAML 1.1 or go-yaml, and texts that need quotes.
const TRICKY = [
  'line1\nline2', "it's", 'say "hi"', 'yes', '  lead', 'x: y', '#x', '- a', '---', 'ünï', 'tab\tin', '1e3', '0x1F', '', '12:30',
  'a #b', 'trail ', '{a}', '[x]', '@at', '%p', 'a"b\'c', '~', 'null', '=', '<<', 'a\n\nb\n', '  indented\nblock', 'ends with newline\n',
  '\u0085', 'emoji 😀', 'line\n  more', '2026-11-21', '1_000', '+12', '.5', '-', '?', '? x', ':x', 'a:', 'a: ', '...', '%TAG',
  'C:\\path', 'back\\slash', 'y', 'N', 'On', '0o17', '0b101', '1:20:30', '.inf', '-.Inf', '.NaN', '0.', '1.2.3', '1e', 'e1',
  'x\r\ny', '\u2028sep', 'nginx:1.27', 'containerd://0a1b', '10.244.1.2', '2026-11-21T10:00:00Z', 'Successfully assigned a to b',
];

describe('-o yaml without the library', () => {
  it('writes a cluster’s objects, one by one and as a List, as the library does, and asks it nothing for pods', async () => {
    const c = cluster();
    c.create(deployment('web', 3));
    reconcile(c);
    let n = 0;
    for (const plural of Object.keys(c.state.objects)) {
      const objs = c.list(plural);
      for (const o of objs) {
        expect(await toYaml(o)).toBe(await toYamlByLibrary(o));
        n++;
      }
      expect(await toYaml(asList(objs))).toBe(await toYamlByLibrary(asList(objs)));
    }
    expect(n).toBeGreaterThan(20);
    const pods = asList(c.list('pods'));
    expect(emitYaml(pods, rules, noLibrary)?.join('')).toBe(await toYamlByLibrary(pods));
    // What `apply` leaves on an object: its manifest as JSON and a newline, a literal block.
    const applied = { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n', note: 'two\nlines' }, name: 'web' } };
    expect(emitYaml(applied, rules, noLibrary)?.join('')).toBe(await toYamlByLibrary(applied));
    expect(emitYaml(applied, rules, noLibrary)?.join('')).toBe(
      'metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Service"}\n    note: |-\n      two\n      lines\n  name: web\n',
    );
  });

  it('writes a long List in pieces (no single string holds 250,000 pods), the same text as bytes', async () => {
    const c = cluster();
    c.create(deployment('web', 1));
    reconcile(c);
    const pod = c.list('pods')[0];
    const list = asList(Array.from({ length: 3000 }, (_, i) => ({ ...pod, metadata: { ...pod.metadata, name: `web-${i}` } })));
    const pieces = emitYaml(list, rules, noLibrary)!;
    expect(pieces.length).toBeGreaterThan(1);
    const text = await toYaml(list);
    expect(pieces.join('')).toBe(text);
    expect((await toYamlBytes(list)).toString()).toBe(text);
    const small = asList(c.list('pods'));
    expect(await toYaml(small)).toBe(await toYamlByLibrary(small));
  });

  it('spells every tricky string, as a value and as a key, in a map and in a list, as the library does', async () => {
    for (const s of TRICKY) {
      for (const doc of [{ a: s }, { [s]: 1 }, { a: [s] }, asList([{ data: { k: s, [s]: s } }, { b: 1 }] as any)]) {
        expect(await toYaml(doc)).toBe(await toYamlByLibrary(doc));
      }
    }
  });

  it('orders keys as the library is given them (integer-like ones first, as a JavaScript object keeps them)', async () => {
    for (const doc of [{ b: 1, '10': 2, '9': 3, a: 4 }, { '99999999999': 1, '5': 2, '1000000000000': 3 }, { '4294967295': 1, '4294967294': 2, z: 3 }]) {
      expect(await toYaml(doc)).toBe(await toYamlByLibrary(doc));
      expect(emitYaml(doc, rules, noLibrary)?.join('')).toBe(await toYamlByLibrary(doc));
    }
  });

  it('orders a map of more keys than a call can take as arguments (an integer-like one first)', () => {
    const data: Record<string, string> = {};
    for (let i = 199_999; i >= 0; i--) data[`k${String(i).padStart(6, '0')}`] = 'x';
    data['1'] = 'x';
    const lines = ['data:', '  "1": x', ...Array.from({ length: 200_000 }, (_, i) => `  k${String(i).padStart(6, '0')}: x`)];
    expect(emitYaml({ data }, rules, noLibrary)!.join('')).toBe(lines.join('\n') + '\n');
  });

  it('writes random documents as the library does', async () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
    const atoms = ['a', 'Z', '0', '9', ' ', ':', '#', "'", '"', '-', '?', '.', 'e', 'x', '\n', '\t', 'é', '\u0085', '😀', '%', '~', '<', '=', ',', '[', '{', '&', '*', '!', '|', '>', '@', '`', '/', '\\', '+', '_', 'y', 'n', 'o', '\r'];
    const str = () => {
      if (rnd() < 0.3) return pick(TRICKY);
      let s = '';
      for (let i = Math.floor(rnd() * 8); i > 0; i--) s += pick(atoms);
      return rnd() < 0.3 ? pick(TRICKY) + s : s;
    };
    const val = (d: number): unknown => {
      const r = rnd();
      if (d > 3 || r < 0.4) return str();
      if (r < 0.5) return pick([0, 1, -1, 42, 1.5, -0, 1e21, 2 ** 53, true, false, null, undefined]);
      if (r < 0.75) {
        const o: Record<string, unknown> = {};
        for (let i = Math.floor(rnd() * 4); i > 0; i--) o[rnd() < 0.7 ? pick(['a', 'name', 'x.y/z']) + i : str()] = val(d + 1);
        return o;
      }
      return Array.from({ length: Math.floor(rnd() * 4) }, () => val(d + 1));
    };
    for (let i = 0; i < 3000; i++) {
      const doc = rnd() < 0.5 ? asList(Array.from({ length: 3 }, () => val(1)) as any) : { a: val(1), b: val(1), c: { d: val(2) } };
      expect(await toYaml(doc)).toBe(await toYamlByLibrary(doc));
    }
  });

  it('tries the lists of other types only for texts that start as one of them can', () => {
    const typed = ['', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'true', 'True', 'false', 'on', 'On', 'off', 'OFF',
      '0b101', '-0b1', '017', '0o17', '12', '+12', '-12', '1_000', '0x1F', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1e3', '-1.5e-3', '1.5', '.5', '0.',
      'e1', 'E17', '<<', '1:20', '1:20:30', '1:20.5', '2026-11-21', '2026-11-21T10:00:00Z', '2026-11-21 10:00:00 +01:00'];
    const schema = new Document(null, { version: '1.1' }).schema as any;
    const tags = [...schema.tags, ...(schema.compat ?? [])].filter((t: any) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test);
    const other = (s: string) => IMPLICIT.test(s) || tags.some((t: any) => t.test.test(s));
    for (const w of typed) {
      expect(other(w), w).toBe(true);
      expect(MAY_BE_OTHER_TYPE.test(w), w).toBe(true);
    }
    const firsts = [...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)), 'é', '😀'].filter((c) => !MAY_BE_OTHER_TYPE.test(c));
    for (const c of firsts) for (const w of typed) expect(other(c + w.slice(1)), c + w.slice(1)).toBe(false);
  });
});
