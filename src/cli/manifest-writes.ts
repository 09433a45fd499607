// apply -f / create -f / delete -f: read manifests (src/api/manifest.ts), check each document as kubectl does on
// the client (apiVersion/kind set, kind known, namespace consistent), then as the server does (schema: unknown
// fields and wrong types), then write it through the API (admission.ts). Each document succeeds or fails on its
// own, as kubectl does; every document is read and checked before anything is written.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, ClientError, KubeError, InvalidError } from '../api/errors.js';
import { applyObject, createObject, typeOf } from '../api/admission.js';
import { qualifiedKind, type ResourceType } from '../api/resources.js';
import type { ManifestDoc } from '../api/manifest.js';

export type { ManifestDoc };
export type ValidateMode = 'strict' | 'warn' | 'ignore';

export function parseValidateMode(v: string | boolean | undefined): ValidateMode {
  if (v === undefined || v === true || v === 'true' || v === 'strict') return 'strict';
  if (v === false || v === 'false' || v === 'ignore') return 'ignore';
  if (v === 'warn') return 'warn';
  throw new ClientError(`invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`);
}

export function parseDryRun(v: string | boolean | undefined): 'client' | 'server' | undefined {
  if (v === undefined || v === false || v === 'none') return undefined;
  if (v === 'client' || v === 'server') return v;
  if (v === true) return 'client';
  throw new ClientError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** A document that passed the client-side checks, with its resource type and effective namespace. */
export interface CheckedDoc {
  source: string;
  obj: KubeObject;
  rt: ResourceType;
}

/** kubectl's client-side checks, in its order; returns the documents to send and the errors for the rest. */
export function checkDocs(docs: ManifestDoc[], namespace: string, namespaceExplicit: boolean, validate: ValidateMode): { ok: CheckedDoc[]; errors: KubeError[] } {
  const ok: CheckedDoc[] = [];
  const errors: KubeError[] = [];
  for (const { source, obj } of docs) {
    const missing = [typeof obj.apiVersion === 'string' && obj.apiVersion ? '' : 'apiVersion not set', typeof obj.kind === 'string' && obj.kind ? '' : 'kind not set'].filter(Boolean);
    if (missing.length) {
      const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
      errors.push(
        validate === 'ignore'
          ? new ClientError(`unable to decode "${source}": Object 'Kind' is missing in '${JSON.stringify(obj)}'`)
          : new ClientError(`error validating "${source}": error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false`),
      );
      continue;
    }
    const meta = obj.metadata && typeof obj.metadata === 'object' && !Array.isArray(obj.metadata) ? obj.metadata : undefined;
    const name = typeof meta?.name === 'string' ? meta.name : '';
    const fileNs = typeof meta?.namespace === 'string' ? meta.namespace : '';
    let rt: ResourceType;
    try {
      rt = typeOf(obj);
    } catch {
      errors.push(new MappingError(`resource mapping not found for name: "${name}" namespace: "${fileNs}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`));
      continue;
    }
    const copy = structuredClone(obj);
    copy.metadata = meta ? copy.metadata : ({} as KubeObject['metadata']);
    if (rt.namespaced) {
      if (fileNs && namespaceExplicit && fileNs !== namespace) {
        errors.push(new ClientError(`the namespace from the provided object "${fileNs}" does not match the namespace "${namespace}". You must pass '--namespace=${fileNs}' to perform this operation.`));
        continue;
      }
      copy.metadata.namespace = fileNs || namespace;
    }
    ok.push({ source, obj: copy, rt });
  }
  return { ok, errors };
}

/** kubectl prints several errors one per line without the `error: ` prefix; a single one with it. */
export class MappingError extends ClientError {}

export function formatErrors(errors: KubeError[]): string {
  if (errors.length === 1) return errors[0].format();
  return errors.map((e) => (e instanceof ClientError ? e.message : e.format())).join('\n');
}

export interface WriteResult {
  lines: string[];
  objects: KubeObject[];
  errors: KubeError[];
  warnings: string[];
}

export interface WriteOptions {
  mode: 'apply' | 'create';
  dryRun?: 'client' | 'server';
  validate: ValidateMode;
}

/** Server side: schema check (strict decoding), then admission; errors carry the file as kubectl adds it. */
export async function writeManifests(cluster: Cluster, docs: CheckedDoc[], o: WriteOptions): Promise<WriteResult> {
  const { checkSchema } = await import('../api/schema/index.js');
  const lines: string[] = [];
  const objects: KubeObject[] = [];
  const errors: KubeError[] = [];
  const warnings: string[] = [];
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  for (const { source, obj, rt } of docs) {
    const existed = Boolean(obj.metadata.name && cluster.get(rt.plural, rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name));
    const verb = o.mode === 'create' || !existed ? 'creating' : 'applying';
    try {
      const schema = checkSchema(obj, rt);
      if (schema.typeError) throw new ApiError('BadRequest', `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${schema.typeError}`);
      if (schema.unknown.length && o.validate === 'strict') {
        throw new ApiError('BadRequest', `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: strict decoding error: ${schema.unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
      }
      if (o.validate === 'warn') for (const f of schema.unknown) warnings.push(`Warning: unknown field "${f}"`);
      const clean = schema.cleaned;
      if (o.mode === 'create') {
        const created = createObject(cluster, clean, { dryRun: o.dryRun });
        objects.push(created);
        lines.push(`${qualifiedKind(rt)}/${created.metadata.name} created${suffix}`);
      } else {
        const { outcome, object } = applyObject(cluster, clean, { dryRun: o.dryRun });
        objects.push(object);
        lines.push(`${qualifiedKind(rt)}/${object.metadata.name} ${outcome}${suffix}`);
      }
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      errors.push(e instanceof ApiError && !(e instanceof InvalidError) ? new ApiError(e.reason, `error when ${verb} "${source}": ${e.message}`, e.code) : e);
    }
  }
  return { lines, objects, errors, warnings };
}

export interface ManifestCommandOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string | boolean;
  validate?: string | boolean;
  output?: string;
}

/**
 * The whole of `apply -f` / `create -f`: read every document, check them all, then write the good ones under the
 * state lock; print results on stdout, warnings and errors on stderr; exit 1 if anything failed.
 */
export async function runManifestCommand(g: import('./context.js').Globals, o: ManifestCommandOptions, mode: 'apply' | 'create'): Promise<void> {
  const { out, err, updateCluster } = await import('./context.js');
  if (!o.filename?.length) throw new ClientError(mode === 'apply' ? 'must specify one of -f and -k' : 'must specify one of -f and -k');
  const output = o.output;
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output)) {
    throw new ClientError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const dryRun = parseDryRun(o.dryRun);
  const validate = parseValidateMode(o.validate);
  const { readManifests } = await import('../api/manifest.js');
  const read = await readManifests(o.filename, Boolean(o.recursive));
  const checked = checkDocs(read.docs, g.namespace, g.namespaceExplicit, validate);
  const errors: KubeError[] = [...read.errors, ...checked.errors];
  let result: WriteResult = { lines: [], objects: [], errors: [], warnings: [] };
  if (checked.ok.length) result = await updateCluster(g, (c) => writeManifests(c, checked.ok, { mode, dryRun, validate }));
  else if (!errors.length) throw new ClientError(`no objects passed to ${mode}`);
  for (const e of result.errors) errors.push(e);
  if (result.warnings.length) err(result.warnings.join('\n'));
  if (output === 'name' || output === undefined) {
    if (output === 'name') {
      const { nameOf } = await import('./printers/objects.js');
      if (result.objects.length) out(result.objects.map(nameOf).join('\n'));
    } else if (result.lines.length) out(result.lines.join('\n'));
  } else if (result.objects.length) {
    const { toYaml, toJson, asList } = await import('./printers/objects.js');
    const data = result.objects.length === 1 ? result.objects[0] : asList(result.objects);
    out(output === 'json' ? toJson(data) : await toYaml(data));
  }
  if (errors.length) {
    err(formatErrors(errors));
    process.exitCode = 1;
  }
}

/** For other verbs that only need the objects a manifest names (scale -f, delete -f): the first error stops. */
export async function readManifests(paths: string[], recursive: boolean): Promise<ManifestDoc[]> {
  const { readManifests: read } = await import('../api/manifest.js');
  const r = await read(paths, recursive);
  if (r.errors.length) throw r.errors[0];
  return r.docs;
}
