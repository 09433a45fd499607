// Reading manifests as kubectl's resource builder does: files, folders (-R), stdin, multi-document YAML, JSON,
// `kind: List`. Everything read from outside is hostile until proven otherwise: sizes are capped, aliases and
// nesting bounded, bytes must be UTF-8 text, and the result is plain JSON data (no prototypes can be set).
// Errors come back per source, in kubectl's words, so valid documents elsewhere still get applied.
import { readFileSync, readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from './types.js';
import { ClientError, KubeError } from './errors.js';

/** One object read from a manifest, with the source kubectl names in its messages (`"svc.yaml"`, `STDIN`). */
export interface ManifestDoc {
  source: string;
  obj: KubeObject;
}

export interface ManifestRead {
  docs: ManifestDoc[];
  /** Errors from reading or parsing, in order; the documents before them are still usable. */
  errors: KubeError[];
}

/** A single manifest larger than this is refused rather than parsed (kubectl has no limit; we keep memory bounded). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** Aliases per document (go-yaml's limit too). */
const MAX_ALIASES = 100;
/**
 * Nesting depth. go-yaml allows 10000; we refuse past 200 before parsing (real manifests, CRDs included, stay far below), because the parser recurses per level
 * and V8 aborts the process (not a catchable error) when a regular expression is first compiled that deep.
 */
export const MAX_DEPTH = 200;

/** A cheap upper bound of a YAML/JSON text's nesting: block indentation levels plus open flow brackets. */
export function nestingDepth(text: string): number {
  let max = 0;
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    let j = i;
    while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 45)) j++; // spaces and `- ` sequence markers
    if (j < end && text.charCodeAt(j) !== 35) {
      const indent = j - i;
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      if (indents.length + flow > max) max = indents.length + flow;
      for (let k = j; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c === 91 || c === 123) {
          flow++;
          if (indents.length + flow > max) max = indents.length + flow;
        } else if ((c === 93 || c === 125) && flow > 0) flow--;
      }
    }
    i = end + 1;
  }
  return max;
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/;

/** Folder walk as kubectl does: only .json/.yaml/.yml files in a folder, subfolders only with -R; sorted. */
export function listManifestFiles(path: string, recursive: boolean): string[] {
  if (path === '-') return ['-'];
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ClientError(`the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    let child;
    try {
      child = statSync(full);
    } catch {
      continue; // a dangling link in a folder is skipped, as kubectl's walk does
    }
    if (child.isDirectory()) {
      if (recursive) out.push(...listManifestFiles(full, true));
    } else if (MANIFEST_EXTENSIONS.test(entry)) out.push(full);
  }
  return out;
}

function readCapped(file: string, readStdin: () => Buffer): Buffer {
  if (file === '-') {
    const data = readStdin();
    if (data.length > MAX_MANIFEST_BYTES) throw tooLarge('STDIN', data.length);
    return data;
  }
  const size = statSync(file).size;
  if (size > MAX_MANIFEST_BYTES) throw tooLarge(file, size);
  return readFileSync(file);
}

function tooLarge(source: string, size: number): ClientError {
  const mib = (n: number) => `${Math.floor(n / (1024 * 1024))} MiB`;
  return new ClientError(`error reading ${source}: the file is ${mib(size)}, more than the ${mib(MAX_MANIFEST_BYTES)} kubesim reads from one manifest`);
}

/** Read stdin without ever holding more than the cap (plus one chunk). */
export function readStdinCapped(): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(1 << 20);
  let fd = 0;
  let opened = false;
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e: any) {
        if (e?.code === 'EAGAIN' && !opened) {
          fd = openSync('/dev/stdin', 'r');
          opened = true;
          continue;
        }
        if (e?.code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > MAX_MANIFEST_BYTES) break;
    }
  } finally {
    if (opened) closeSync(fd);
  }
  return Buffer.concat(chunks);
}

/** Bytes → text, refusing what no YAML parser would take: invalid UTF-8 and control characters (binary files). */
function decodeText(bytes: Buffer, source: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // go-yaml's reader message for bytes that are not UTF-8.
    throw parseError(source, `yaml: invalid leading UTF-8 octet`, lineOfBadUtf8(bytes));
  }
  // A BOM is allowed at the start; other C0 controls (except tab, LF, CR) and DEL are not (YAML 1.2 §5.1).
  const m = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (m) {
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const col = m.index - before.lastIndexOf('\n');
    throw parseError(source, `yaml: control characters are not allowed`, { line, col });
  }
  return text.replace(/^\uFEFF/, '');
}

function lineOfBadUtf8(bytes: Buffer): { line: number; col: number } | undefined {
  // Find the first invalid sequence by decoding leniently and locating the replacement character.
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const i = lenient.indexOf('\uFFFD');
  if (i < 0) return undefined;
  const before = lenient.slice(0, i);
  return { line: before.split('\n').length, col: i - before.lastIndexOf('\n') };
}

function parseError(source: string, message: string, at?: { line: number; col: number }): ClientError {
  const where = at ? message.replace(/^yaml: /, `yaml: line ${at.line}, column ${at.col}: `) : message;
  return new ClientError(`error parsing ${source}: error converting YAML to JSON: ${where}`);
}

// go-yaml's words where they say the same thing; otherwise the yaml package's own (more precise) description.
const GO_YAML_WORDS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  TAB_AS_INDENT: 'found character that cannot start any token',
};

function describeYamlError(e: { code: string; message: string }): string {
  const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  if (e.code === 'DUPLICATE_KEY') return first.replace(/^Map keys must be unique/, 'mapping key already defined');
  const words = GO_YAML_WORDS[e.code];
  const own = first.charAt(0).toLowerCase() + first.slice(1);
  return words ?? own;
}

type Yaml = typeof import('yaml');

function parseAll(YAML: Yaml, text: string, lineCounter: InstanceType<Yaml['LineCounter']>) {
  return YAML.parseAllDocuments(text, {
    version: '1.1', // what go-yaml (and so kubectl) speaks: yes/no/on/off are booleans
    merge: true,
    uniqueKeys: true,
    lineCounter,
    prettyErrors: false,
    // Only tags that map to JSON: no timestamps (go-yaml keeps them strings for JSON), sets, pairs or binary.
    customTags: (tags) => tags.filter((t) => !/timestamp|binary|set|omap|pairs/.test(String((t as { tag?: string }).tag ?? ''))),
  });
}

/** Parse one source's text into objects (List items expanded). Throws the first error, after keeping what came before. */
function parseText(YAML: Yaml, text: string, source: string, docs: ManifestDoc[]): void {
  if (nestingDepth(text) > MAX_DEPTH) throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`);
  const trimmed = text.trimStart();
  // JSON first when it looks like JSON: exact, fast, and its own depth handling. Fall back to YAML's messages.
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(text);
      ok = true;
    } catch {
      /* fall through: YAML will report it with line and column */
    }
    if (ok) {
      addDoc(plainData(parsed, source), source, docs);
      return;
    }
  }
  const lineCounter = new YAML.LineCounter();
  let stream: ReturnType<Yaml['parseAllDocuments']>;
  try {
    stream = parseAll(YAML, text, lineCounter);
  } catch (e) {
    // The composer recurses per nesting level: a very deep document ends here, not in a crash.
    if (e instanceof RangeError) throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`);
    throw e;
  }
  const list = Array.isArray(stream) ? stream : [stream];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error?.code === 'RESOURCE_EXHAUSTION') throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`);
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw parseError(source, `yaml: ${describeYamlError(error)}`, { line: pos.line, col: pos.col });
    }
    // JSON keys are strings: a sequence or map used as a key (`? [a, b]`) cannot become JSON. Refuse it here,
    // before toJS() would stringify it (and print a Node warning on stderr).
    let badKey: { range?: [number, number, number] | null; items?: unknown } | undefined;
    YAML.visit(doc, {
      Pair(_, pair) {
        if (YAML.isCollection(pair.key)) {
          badKey = pair.key as typeof badKey;
          return YAML.visit.BREAK;
        }
      },
    });
    if (badKey) {
      const pos = badKey.range ? lineCounter.linePos(badKey.range[0]) : undefined;
      const what = YAML.isSeq(badKey) ? 'a sequence' : 'a mapping';
      throw parseError(source, `yaml: invalid map key: ${what} cannot be a key (keys must be strings or numbers)`, pos);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      const where = doc.contents?.range ? lineCounter.linePos(doc.contents.range[0]) : undefined;
      if (e instanceof RangeError) throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`, where);
      if (e instanceof ReferenceError || /alias/i.test(String((e as Error)?.message))) {
        throw parseError(source, 'yaml: document contains excessive aliasing', where);
      }
      throw parseError(source, `yaml: ${String((e as Error)?.message ?? e)}`, where);
    }
    if (value === null || value === undefined) continue; // empty document: skipped, as kubectl does
    addDoc(plainData(value, source), source, docs);
  }
}

function addDoc(value: unknown, source: string, docs: ManifestDoc[]): void {
  if (value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value;
    throw new ClientError(`error validating "${source}": error validating data: invalid object to validate: expected an object, got ${got}; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const obj = value as Record<string, unknown>;
  // `kind: List` and every `*List` wrap their objects in items; kubectl flattens them.
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) addDoc(item, source, docs);
    return;
  }
  docs.push({ source, obj: obj as unknown as KubeObject });
}

/**
 * Copy parsed data into plain JSON values. Own `__proto__`/`constructor` keys stay ordinary data (they reach the
 * schema check as unknown fields) and can never become prototypes. Depth and non-JSON values are refused here.
 */
export function plainData(value: unknown, source: string): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`);
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw parseError(source, `json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      return v;
    }
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object)) {
        Object.defineProperty(out, k, { value: walk((v as Record<string, unknown>)[k], depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v === undefined ? null : String(v);
  };
  try {
    return walk(value, 0);
  } catch (e) {
    if (e instanceof RangeError) throw parseError(source, `yaml: exceeded max depth of ${MAX_DEPTH}`);
    throw e;
  }
}

/** Parse text from a named source (used by tests and by -f). */
export async function parseManifestText(text: string, source: string): Promise<ManifestRead> {
  const YAML = await import('yaml');
  const docs: ManifestDoc[] = [];
  const errors: KubeError[] = [];
  try {
    parseText(YAML, text, source, docs);
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    errors.push(e);
  }
  return { docs, errors };
}

/**
 * Read every -f argument. A path that does not exist stops everything (kubectl checks paths first); a file that
 * cannot be read or parsed is an error for that file only.
 */
export async function readManifests(paths: string[], recursive: boolean, readStdin: () => Buffer = readStdinCapped): Promise<ManifestRead> {
  const files = paths.flatMap((p) => listManifestFiles(p, recursive));
  const YAML = await import('yaml');
  const docs: ManifestDoc[] = [];
  const errors: KubeError[] = [];
  for (const file of files) {
    const source = file === '-' ? 'STDIN' : file;
    try {
      const text = decodeText(readCapped(file, readStdin), source);
      parseText(YAML, text, source, docs);
    } catch (e) {
      if (e instanceof KubeError) errors.push(e);
      else if ((e as NodeJS.ErrnoException)?.code) errors.push(new ClientError(`error reading ${source}: ${(e as Error).message}`));
      else throw e;
    }
  }
  return { docs, errors };
}
