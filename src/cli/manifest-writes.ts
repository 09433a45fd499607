// apply -f / create -f / delete -f: read manifests (files, folders, stdin), and write each document through
// the API (admission.ts). Each document succeeds or fails on its own, as kubectl does; any failure → exit 1.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { KubeError, ClientError } from '../api/errors.js';
import { applyObject, createObject, typeOf } from '../api/admission.js';
import { qualifiedKind } from '../api/resources.js';

export interface ManifestDoc {
  file: string;
  obj: KubeObject;
}

function listFiles(path: string, recursive: boolean): string[] {
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
    if (statSync(full).isDirectory()) {
      if (recursive) out.push(...listFiles(full, true));
    } else if (/\.(ya?ml|json)$/.test(entry)) out.push(full);
  }
  return out;
}

export async function readManifests(paths: string[], recursive: boolean): Promise<ManifestDoc[]> {
  const YAML = await import('yaml');
  const docs: ManifestDoc[] = [];
  for (const p of paths) {
    for (const file of listFiles(p, recursive)) {
      const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
      for (const d of YAML.parseAllDocuments(text)) {
        if (d.errors.length) throw new ClientError(`error parsing ${file}: ${d.errors[0].message}`);
        const obj = d.toJS();
        if (obj == null) continue;
        const items = obj.kind === 'List' || obj.kind?.endsWith?.('List') ? obj.items ?? [] : [obj];
        for (const item of items) docs.push({ file: file === '-' ? 'STDIN' : file, obj: item });
      }
    }
  }
  return docs;
}

export interface WriteResult {
  lines: string[];
  errors: string[];
}

export function writeManifests(cluster: Cluster, docs: ManifestDoc[], mode: 'apply' | 'create', namespace: string, dryRun?: 'client' | 'server'): WriteResult {
  const lines: string[] = [];
  const errors: string[] = [];
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const { file, obj } of docs) {
    try {
      const rt = typeOf(obj);
      obj.metadata ??= {};
      if (rt.namespaced) obj.metadata.namespace ??= namespace;
      if (mode === 'create') {
        createObject(cluster, obj, { dryRun });
        lines.push(`${qualifiedKind(rt)}/${obj.metadata.name} created${suffix}`);
      } else {
        const { outcome } = applyObject(cluster, obj, { dryRun });
        lines.push(`${qualifiedKind(rt)}/${obj.metadata.name} ${outcome}${suffix}`);
      }
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      const text = e.format();
      errors.push(text.startsWith('Error from server') ? text.replace(/^(Error from server \([^)]*\): )/, `$1error when ${mode === 'create' ? 'creating' : 'applying'} "${file}": `) : text);
    }
  }
  return { lines, errors };
}
