// -o yaml / -o json / -o name: objects as kubectl prints unstructured data (map keys sorted, json indented 4).
import type { KubeObject } from '../../api/types.js';
import { qualifiedKind, resourceTypeForKind } from '../../api/resources.js';
import { escapeHtml } from './jsonpath.js';

/** Deep copy with every map's keys sorted, as Go's encoders print map[string]interface{}. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

/** What several objects print as: a v1 List with an empty resourceVersion. */
export function asList(objs: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
}

export function toJson(data: unknown): string {
  return escapeHtml(JSON.stringify(sortKeys(data), null, 4)) + '\n';
}

// An object as an item of a List: at the depth of `items`' elements, where this wrapper puts it.
const WRAPPER_START = '{\n    "items": [\n';
const WRAPPER_END = '\n    ]\n}';
const CHUNK_ITEMS = 4096; // pieces of text turned into bytes at a time
const EMPTY_ITEMS = '"items": []';

/**
 * toJson(asList(objs)), as UTF-8 bytes made item by item: the text of a List of 100,000 pods (400 MB) is near the
 * longest string JavaScript can hold, and more pods would not fit in one.
 */
export function jsonListBytes(objs: KubeObject[]): Buffer {
  const empty = toJson(asList([]));
  if (objs.length === 0) return Buffer.from(empty);
  // The List around the items, as toJson writes it: what comes before and after its empty `items`.
  const at = empty.indexOf(EMPTY_ITEMS);
  const parts: Buffer[] = [];
  let texts: string[] = [empty.slice(0, at) + '"items": [\n'];
  for (let i = 0; i < objs.length; i++) {
    // Indented as in the List: stringified inside a wrapper of that depth, which is then cut off.
    const text = escapeHtml(JSON.stringify({ items: [sortKeys(objs[i])] }, null, 4));
    texts.push(i === 0 ? '' : ',\n', text.slice(WRAPPER_START.length, text.length - WRAPPER_END.length));
    if (texts.length >= CHUNK_ITEMS) {
      parts.push(Buffer.from(texts.join('')));
      texts = [];
    }
  }
  texts.push('\n    ]' + empty.slice(at + EMPTY_ITEMS.length));
  parts.push(Buffer.from(texts.join('')));
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

// Strings go-yaml v2 would read back as something else (YAML 1.1 bools, nulls, numbers, timestamps): it
// double-quotes these; other strings that cannot be plain get single quotes.
export const IMPLICIT =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*|(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

export async function toYaml(data: unknown): Promise<string> {
  return (await yamlPieces(data)).join('');
}

/** toYaml's text as UTF-8 bytes, made piece by piece: a List of 250,000 pods is more text than one string holds. */
export async function toYamlBytes(data: unknown): Promise<Buffer> {
  const pieces = await yamlPieces(data);
  return pieces.length === 1 ? Buffer.from(pieces[0]) : Buffer.concat(pieces.map((p) => Buffer.from(p)));
}

async function yamlPieces(data: unknown): Promise<string[]> {
  const yaml = await import('yaml');
  const { emitYaml, rulesOf } = await import('./yaml-emit.js');
  const library = (v: unknown) => libraryYaml(yaml, sortKeys(v));
  return emitYaml(data, rulesOf(new yaml.Document(null, YAML_OPTIONS), (s) => IMPLICIT.test(s)), library) ?? [library(data)];
}

const YAML_OPTIONS = { version: '1.1', aliasDuplicateObjects: false } as const;

/** toYaml's text, all of it from the yaml library (what yaml-emit.ts must match). */
export async function toYamlByLibrary(data: unknown): Promise<string> {
  return libraryYaml(await import('yaml'), sortKeys(data));
}

/** The yaml library's text for data whose keys are sorted (yaml-emit.ts writes the same, faster, where it can). */
function libraryYaml(yaml: typeof import('yaml'), data: unknown): string {
  const doc = new yaml.Document(data, YAML_OPTIONS);
  yaml.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && (node.value === '' || IMPLICIT.test(node.value))) node.type = 'QUOTE_DOUBLE';
    },
  });
  // sigs.k8s.io/yaml style: sequences not indented under their key, no line folding.
  return doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true });
}

/** `service/web`, `deployment.apps/web` (cli-runtime NamePrinter). */
export function nameOf(obj: KubeObject): string {
  const rt = resourceTypeForKind(obj.kind);
  return `${rt ? qualifiedKind(rt) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}
