// The API's schema, as the API server's decoder applies it: every field of the real API is known (the tree is
// generated from the official OpenAPI definitions by scripts/gen-k8s-schema.mjs), a field that is not is an
// "unknown field" (strict decoding), and a value of the wrong JSON type is Go's unmarshal error. The decoded
// object keeps only known fields, as a Go struct would. Loaded lazily: only writes pay for it.
import type { KubeObject } from '../types.js';
import { apiVersionOf, type ResourceType } from '../resources.js';
import tree from './fields.gen.json' with { type: 'json' };

type Code = string | [string, Code];
type Defs = Record<string, Record<string, Code>>;
const defs = tree.defs as unknown as Defs;
const kinds = tree.kinds as Record<string, string>;

export interface SchemaResult {
  /** Go's first type error, e.g. `json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`. */
  typeError?: string;
  /** Paths of unknown fields, as strict decoding names them (`spec.ports[0].prots`). */
  unknown: string[];
  /** The object as decoded: unknown fields and nulls dropped. */
  cleaned: KubeObject;
}

/** `IoK8sApiCoreV1ServicePort` → `ServicePort`; the Go package is the version (`v1.ServicePort`). */
function goName(def: string): { struct: string; qualified: string } {
  const m = /V(\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(def);
  if (!m) return { struct: def, qualified: def };
  return { struct: m[2], qualified: `v${m[1]}.${m[2]}` };
}

function goType(code: Code): string {
  if (Array.isArray(code)) return code[0] === '[]' ? `[]${goType(code[1])}` : `map[string]${goType(code[1])}`;
  switch (code) {
    case 's':
      return 'string';
    case 'b':
      return 'bool';
    case 'i32':
      return 'int32';
    case 'i64':
      return 'int64';
    case 'f64':
      return 'float64';
    case 'ios':
      return 'intstr.IntOrString';
    case 'q':
      return 'resource.Quantity';
    case 'any':
      return 'interface {}';
    default:
      return code.startsWith('#') ? goName(code.slice(1)).qualified : code;
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

class TypeError_ extends Error {}

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function checkSchema(obj: KubeObject, rt: ResourceType): SchemaResult {
  const root = kinds[`${apiVersionOf(rt)}/${rt.kind}`];
  if (!root) return { unknown: [], cleaned: obj };
  const unknown: string[] = [];
  // `goPath` is encoding/json's field path (no indices); `strictPath` the strict decoder's (with indices).
  const walk = (v: unknown, code: Code, goPath: string, strictPath: string, struct: string): unknown => {
    const fail = (got: string) => {
      throw new TypeError_(`json: cannot unmarshal ${got} into Go struct field ${struct}.${goPath} of type ${goType(code)}`);
    };
    if (v === null) return null;
    if (Array.isArray(code)) {
      if (code[0] === '[]') {
        if (!Array.isArray(v)) fail(jsonKind(v));
        return (v as unknown[]).map((x, i) => walk(x, code[1], goPath, `${strictPath}[${i}]`, struct));
      }
      if (typeof v !== 'object' || Array.isArray(v)) fail(jsonKind(v));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) {
        const inner = walk(x, code[1], goPath, `${strictPath}[${k}]`, struct);
        put(out, k, inner === null && code[1] === 's' ? '' : inner);
      }
      return out;
    }
    switch (code) {
      case 'any':
        return v;
      case 's':
        if (typeof v !== 'string') fail(jsonKind(v));
        return v;
      case 'b':
        if (typeof v !== 'boolean') fail(jsonKind(v));
        return v;
      case 'i32':
      case 'i64': {
        if (typeof v !== 'number') fail(jsonKind(v));
        const n = v as number;
        const limit = code === 'i32' ? 2 ** 31 : 2 ** 63;
        if (!Number.isInteger(n) || n >= limit || n < -limit) fail(`number ${n}`);
        return n;
      }
      case 'f64':
        if (typeof v !== 'number') fail(jsonKind(v));
        return v;
      case 'ios':
        if (typeof v === 'string') return v;
        if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) >= 2 ** 31) {
          throw new TypeError_(`json: cannot unmarshal ${typeof v === 'number' ? `number ${v}` : jsonKind(v)} into Go value of type int32`);
        }
        return v;
      case 'q':
        if (typeof v !== 'string' && typeof v !== 'number') throw new TypeError_('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
        return v;
    }
    const def = code.slice(1);
    const fields = defs[def];
    if (!fields) return v;
    if (typeof v !== 'object' || Array.isArray(v)) fail(jsonKind(v));
    const name = goName(def).struct;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) {
      const fieldCode = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
      const sp = strictPath ? `${strictPath}.${k}` : k;
      if (fieldCode === undefined) {
        unknown.push(sp);
        continue;
      }
      // Go names a type error by the innermost struct and the path from the object's root.
      const inner = walk(x, fieldCode, goPath ? `${goPath}.${k}` : k, sp, name);
      if (inner !== null) put(out, k, inner);
    }
    return out;
  };
  try {
    const cleaned = walkRoot(walk, obj, root);
    return { unknown, cleaned };
  } catch (e) {
    if (e instanceof TypeError_) return { typeError: e.message, unknown, cleaned: obj };
    throw e;
  }
}

function walkRoot(walk: (v: unknown, code: Code, goPath: string, strictPath: string, struct: string) => unknown, obj: KubeObject, root: string): KubeObject {
  return walk(obj, '#' + root, '', '', goName(root).struct) as KubeObject;
}
