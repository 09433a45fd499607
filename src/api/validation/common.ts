// Shared pieces of every kind's validation: field-error constructors and ObjectMeta (name, labels, annotations).
import { renderValue, type FieldError } from '../errors.js';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';

export type Obj = Record<string, any>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const required = (field: string, detail?: string): FieldError => ({ field, type: 'Required value', detail });
export const forbidden = (field: string, detail: string): FieldError => ({ field, type: 'Forbidden', detail });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ field, type: 'Invalid value', value: renderValue(value), detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ field, type: 'Duplicate value', value: renderValue(value) });
export const tooLong = (field: string, detail: string): FieldError => ({ field, type: 'Too long', detail });
export function unsupported(field: string, value: unknown, supported: string[]): FieldError {
  const list = [...supported].sort().map((s) => JSON.stringify(s)).join(', ');
  return { field, type: 'Unsupported value', value: renderValue(value), detail: `supported values: ${list}` };
}

export type NameCheck = (name: string) => string[];

/** ValidateObjectMeta: name (by the kind's rule), labels, annotations. */
export function validateObjectMeta(meta: Obj, nameCheck: NameCheck, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const name = meta.name;
  if (!name && !meta.generateName) errs.push(required(`${path}.name`, 'name or generateName is required'));
  else if (typeof name === 'string' && name) for (const m of nameCheck(name)) errs.push(invalid(`${path}.name`, name, m));
  if (meta.generateName && typeof meta.generateName === 'string') {
    // generateName is checked with a placeholder suffix trimmed, as the API server does (MaskTrailingDash).
    const base = meta.generateName.replace(/-$/, '') || 'a';
    for (const m of nameCheck(base)) errs.push(invalid(`${path}.generateName`, meta.generateName, m));
  }
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  return errs;
}

export function validateLabels(labels: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(labels)) return errs;
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(field, k, m));
    for (const m of isValidLabelValue(String(v ?? ''))) errs.push(invalid(field, v, m));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(annotations)) return errs;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, m));
    size += k.length + String(v ?? '').length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(field, `may not be more than ${TOTAL_ANNOTATION_SIZE} bytes`));
  return errs;
}

export const subdomainName: NameCheck = isDNS1123Subdomain;

/** JSON with map keys sorted: equality of data, whatever order the keys came in. */
export function stableJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (isObj(x)) return Object.keys(x).sort().map((k) => [k, sort(x[k])]);
    return x;
  };
  return JSON.stringify(sort(v ?? null));
}

/** ValidateImmutableField: `field is immutable`, with the new value rendered. */
export function immutable(field: string, next: unknown, old: unknown): FieldError[] {
  if (stableJson(next) === stableJson(old)) return [];
  return [invalid(field, next ?? null, 'field is immutable')];
}
