// What kubectl's generators (create deployment|service, run, expose) share: --dry-run and -o handling, the
// generated object as kubectl prints it before the server sees it, and the server's raw error text.
import type { KubeObject } from '../../api/types.js';
import { ApiError, ClientError, InvalidError, KubeError, formatFieldError } from '../../api/errors.js';
import type { Globals } from '../context.js';

export type DryRun = 'client' | 'server' | undefined;

/** --dry-run=none|client|server (a bare --dry-run means client, as kubectl's deprecated form). */
export function parseDryRun(v: unknown): DryRun {
  if (v === undefined || v === false || v === 'none') return undefined;
  if (v === true || v === 'client') return 'client';
  if (v === 'server') return 'server';
  throw new ClientError(`Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`);
}

/** -o: yaml, json, name; anything else is refused the way kubectl's printer flags do. */
export function checkOutput(o: unknown): string | undefined {
  if (o === undefined || o === '') return undefined;
  const allowed = ['json', 'yaml', 'name', 'go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
  if (o === 'json' || o === 'yaml' || o === 'name') return o;
  throw new ClientError(`unable to match a printer suitable for the output format "${String(o)}", allowed formats are: ${allowed.join(',')}`);
}

/** Put the namespace in, as kubectl does only when -n was given (EnforceNamespace). */
export function withNamespace(obj: KubeObject, g: Globals): KubeObject {
  if (g.namespaceExplicit) obj.metadata = { ...obj.metadata, namespace: g.namespace };
  return obj;
}

/** The object to send to the server: the client-only nulls dropped, the namespace filled. */
export function forServer(obj: KubeObject, g: Globals): KubeObject {
  const copy = structuredClone(obj);
  if (copy.metadata.creationTimestamp === null) delete copy.metadata.creationTimestamp;
  copy.metadata.namespace = g.namespace;
  return copy;
}

/** The server's own message (kubectl's generators print `failed to create …: <message>` with it). */
export function serverMessage(e: unknown): string | undefined {
  if (e instanceof InvalidError) {
    const causes = [...new Set(e.causes.map(formatFieldError))];
    return `${e.kind} "${e.objectName}" is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`}`;
  }
  if (e instanceof ApiError) return e.message;
  return undefined;
}

export function wrapServerError(e: unknown, prefix: string): never {
  const m = serverMessage(e);
  if (m !== undefined) throw new ClientError(`${prefix}: ${m}`);
  throw e;
}

/** One line per object, as kubectl prints after a write (or the objects themselves with -o). */
export async function render(objs: KubeObject[], output: string | undefined, verb: string, dryRun: DryRun): Promise<string> {
  const { toYaml, toJson, nameOf } = await import('../printers/objects.js');
  if (output === 'yaml') return (await Promise.all(objs.map((o) => toYaml(o)))).join('---\n');
  if (output === 'json') return objs.map((o) => toJson(o)).join('');
  if (output === 'name') return objs.map((o) => nameOf(o)).join('\n') + '\n';
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return objs.map((o) => `${nameOf(o)} ${verb}${suffix}`).join('\n') + '\n';
}

/** kubectl's usage error: the message, then where to find help. */
export function usageError(message: string, command: string): KubeError {
  return new ClientError(`${message}\nSee 'kubesim ${command} -h' for help and examples`);
}

/** `k=v,k2=v2` (kubectl's --labels / --selector for generators). */
export function parseKeyValues(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part) continue;
    const i = part.indexOf('=');
    if (i <= 0) throw new ClientError(`invalid ${what}: ${JSON.stringify(part)}`);
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
