// -o yaml at the speed of -o json: kubectl's YAML (sigs.k8s.io/yaml: block style, sequences not indented under
// their key) written straight from the data for the values whose spelling is settled without a YAML library: maps,
// lists, integers, booleans, null, one-line strings and plain multi-line ones (a last-applied-configuration). The
// `yaml` library (objects.ts) spells the rest (control characters, fractions, odd whitespace…), one list item at a
// time, and the rules here are its own (yaml 2.x stringifyString), so the text is the same either way; only the
// time differs (the library builds a node per value: 2 ms per pod, a minute for a list of 100,000).
import type { Document as YamlDocument } from 'yaml';

/** A map key or string as go-yaml v2 would read back as something else (see objects.ts): double-quoted. */
export type ImplicitTest = (s: string) => boolean;

/** What the emitter asks of the library: which plain strings its YAML 1.1 schema would read as another type. */
export interface YamlRules {
  implicit: ImplicitTest;
  /** The library's schema check of a plain string (stringifyString's `actualString` test). */
  resolvesToOtherType: (s: string) => boolean;
}

export function rulesOf(doc: YamlDocument, implicit: ImplicitTest): YamlRules {
  const schema = doc.schema as unknown as { tags: any[]; compat?: any[] | null };
  const tags = [...schema.tags, ...(schema.compat ?? [])].filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test);
  return { implicit, resolvesToOtherType: (s) => tags.some((t) => t.test.test(s)) };
}

/**
 * The first characters of every text that YAML 1.1 reads as other than a string (null, bools, ints, floats, `e1`
 * too, timestamps, `<<`; go-yaml's list in objects.ts too), and the empty text: any other text is a string to
 * both, so neither list is tried (they are most of the time spent on a scalar).
 */
export const MAY_BE_OTHER_TYPE = /^(?:[-+.0-9~<NnYyTtOoFfEe]|$)/;

// Where a plain scalar cannot be used (the library's plainString): an indicator first, `: ` or ` #` inside, a
// space or colon last.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// What the library writes double-quoted or as a block (control characters, C1, lone surrogates, newlines),
// document markers, which it quotes by context, and `<<`, a merge key in YAML 1.1: left to the library.
const LIBRARY_ONLY = /[\x00-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]|^(?:%|---|\.\.\.)|^<<$/u;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;
// A key this long becomes an explicit `? key` in the library's output.
const MAX_IMPLICIT_KEY = 1000;

/** A string as one scalar, or undefined when the library must spell it. */
function scalarString(s: string, rules: YamlRules): string | undefined {
  if (LIBRARY_ONLY.test(s)) return undefined;
  const typed = MAY_BE_OTHER_TYPE.test(s);
  if (typed && (s === '' || rules.implicit(s))) return /^[\x20-\x7e]*$/.test(s) && !/["\\]/.test(s) ? `"${s}"` : undefined;
  if (!NOT_PLAIN.test(s) && !(typed && rules.resolvesToOtherType(s))) return s;
  // Quoted: single quotes, unless the text has a single quote and no double one (then double: the library's).
  if (s.includes("'") && !s.includes('"')) return undefined;
  return `'${s.replace(/'/g, "''")}'`;
}

/** An array index (below 2^32 - 1): a key JavaScript objects keep first, in numeric order. */
const isIndexKey = (k: string): boolean => /^(?:0|[1-9][0-9]{0,9})$/.test(k) && Number(k) < 4294967295;

/**
 * A multi-line map value as a literal block (`|` when it ends in one newline, else `|-`), its lines at `indent`,
 * blank lines bare. What the library would write otherwise (a value starting with a space or newline: an
 * indentation indicator; more whitespace at the end: other chomping; tabs and other control characters) is left
 * to it.
 */
function literalBlock(s: string, indent: string): string {
  if (/[\x00-\x09\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(s) || s[0] === ' ' || s[0] === '\n') throw UNSUPPORTED;
  const clip = s.endsWith('\n');
  const body = clip ? s.slice(0, -1) : s;
  if (/[\n ]$/.test(body)) throw UNSUPPORTED;
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, (m) => m + indent)}`;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Thrown (and caught in emitYaml) at the first value the library must spell. */
const UNSUPPORTED = new Error('a value for the yaml library');

/**
 * A map's keys in the order sortKeys (objects.ts) leaves them: sorted, but integer-like ones first, in numeric order
 * (a JavaScript object's own order, which sortKeys' copy keeps), without those whose value is undefined (not JSON).
 */
function keysOf(m: Record<string, unknown>): string[] {
  const keys = Object.keys(m); // integer-like keys first, ascending: only the others need sorting
  let ints = 0;
  while (ints < keys.length && isIndexKey(keys[ints])) ints++;
  if (ints === 0) keys.sort();
  else if (ints < keys.length) {
    const rest = keys.slice(ints).sort(); // written back one by one: a map's keys may be more than a call's arguments
    for (let i = 0; i < rest.length; i++) keys[ints + i] = rest[i];
  }
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (m[keys[i]] !== undefined) keys[n++] = keys[i];
  keys.length = n;
  return keys;
}

/** The text of one document, built up; each string's spelling worked out once (keys and values repeat). */
class Emitter {
  out = '';
  private readonly spelled = new Map<string, string | undefined>();

  constructor(private readonly rules: YamlRules) {}

  string(s: string): string {
    let t = this.spelled.get(s);
    if (t === undefined && !this.spelled.has(s)) this.spelled.set(s, (t = s.length > MAX_IMPLICIT_KEY ? undefined : scalarString(s, this.rules)));
    if (t === undefined) throw UNSUPPORTED;
    return t;
  }

  scalar(v: unknown): string {
    if (typeof v === 'string') return this.string(v);
    if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === null) return 'null';
    throw UNSUPPORTED;
  }

  /** What follows `key:` (or `- `) on the line at `indent`: ` scalar`, ` {}`/` []`, or the block below. */
  valueAfterKey(v: unknown, indent: string): void {
    if (Array.isArray(v)) {
      if (v.length === 0) this.out += ' []\n';
      else {
        this.out += '\n';
        for (const item of v) this.seqItem(item, indent); // sequences are not indented under their key
      }
    } else if (isMap(v)) {
      const keys = keysOf(v);
      if (keys.length === 0) this.out += ' {}\n';
      else {
        this.out += '\n';
        this.map(v, keys, indent + '  ', indent + '  ');
      }
    } else this.out += ' ' + (typeof v === 'string' && v.includes('\n') ? literalBlock(v, indent + '  ') : this.scalar(v)) + '\n';
  }

  /** A block map: its first key after `first` (an indentation, or the `- ` of the item it is), the rest at `indent`. */
  map(m: Record<string, unknown>, keys: string[], first: string, indent: string): void {
    for (let i = 0; i < keys.length; i++) {
      this.out += (i === 0 ? first : indent) + this.string(keys[i]) + ':';
      this.valueAfterKey(m[keys[i]], indent);
    }
  }

  /** `- item` at `indent`. */
  seqItem(item: unknown, indent: string): void {
    if (isMap(item)) {
      const keys = keysOf(item);
      if (keys.length === 0) this.out += indent + '- {}\n';
      else this.map(item, keys, indent + '- ', indent + '  ');
    } else if (Array.isArray(item)) {
      if (item.length === 0) this.out += indent + '- []\n';
      else throw UNSUPPORTED; // a list in a list: `- - x`, left to the library
    } else this.out += indent + '- ' + this.scalar(item) + '\n';
  }
}

/**
 * The document for `data` (a map: an object, or a List), keys sorted as Go's encoders sort them, in pieces of at
 * most a few MB (a List of 250,000 pods is more text than one JavaScript string can hold); undefined when a value
 * needs the library. The items of a top-level list of maps (a List's) are each written here or, failing that, by
 * `library` (its text for the map alone, indented here as an item of the list: the library writes it so nested,
 * too).
 */
export function emitYaml(data: unknown, rules: YamlRules, library: (item: unknown) => string): string[] | undefined {
  if (!isMap(data)) return undefined;
  const keys = keysOf(data);
  if (keys.length === 0) return undefined;
  const e = new Emitter(rules);
  const pieces: string[] = [];
  try {
    for (const k of keys) {
      const v = data[k];
      e.out += e.string(k) + ':';
      if (!Array.isArray(v) || v.length === 0) {
        e.valueAfterKey(v, '');
        continue;
      }
      e.out += '\n';
      for (const item of v) {
        if (e.out.length > PIECE) {
          pieces.push(e.out);
          e.out = '';
        }
        const before = e.out;
        try {
          e.seqItem(item, '');
        } catch (err) {
          // The library writes a map alone as it writes it nested, but for a key with a document marker (quoted
          // at the top level only): then the whole document is the library's.
          if (err !== UNSUPPORTED || !isMap(item) || Object.keys(item).some((key) => DOCUMENT_MARKER.test(key))) throw err;
          e.out = before + asItem(library(item));
        }
      }
    }
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
  pieces.push(e.out);
  return pieces;
}

const PIECE = 1 << 22; // characters

/** A document's text as an item of a top-level list: `- ` before its first line, two spaces before the others. */
function asItem(text: string): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => (i === 0 ? '- ' + l : l === '' ? l : '  ' + l)).join('\n') + '\n';
}
