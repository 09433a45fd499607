// Proxy summaries: the fields kube-proxy reads of a Service or an EndpointSlice (dataplane/kube-proxy/
// service-ports.ts), kept at the end of the object's line in the state file like a pod's row summary
// (row-summary.ts), so that the rules of a cluster of thousands of Services are built from a short string per
// object instead of decoding each. A summary holds the object's own fields, not kube-proxy's reading of them:
// decoding one gives back an object with only those fields, which service-ports.ts reads as it reads the object.
import type { KubeObject } from '../api/types.js';
import { SERVICE_NAME_LABEL } from '../api/labels.js';
import { SAFE_TAG, UNKNOWN } from './tags.js';

// `|` between fields, `;` between a list's items, `,` between an item's parts: none is in SAFE_TAG, so a value
// never holds one. A field that cannot be written so (a character outside SAFE_TAG, a value of the wrong type)
// makes the whole summary UNKNOWN, and readers decode the object. Absent and null are written alike (empty), and
// read back as absent: kube-proxy reads every one of these fields with `??` or `?.`.
const FIELD = '|';
const ITEM = ';';
const PART = ',';
const SERVICE_FIELDS = 11;
const SLICE_FIELDS = 4;

class Unwritable extends Error {}

/** A string field: '' when absent. */
function str(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string' && SAFE_TAG.test(v)) return v;
  throw new Unwritable();
}

/** A list item or a string that must not be empty (an empty one would read back as absent). */
function nonEmpty(v: unknown): string {
  const s = str(v);
  if (s === '') throw new Unwritable();
  return s;
}

function int(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  throw new Unwritable();
}

function bool(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new Unwritable();
}

function list<T>(v: unknown, item: (x: T) => string): string {
  if (v == null) return '';
  if (!Array.isArray(v)) throw new Unwritable();
  return v.map(item).join(ITEM);
}

function summary(fields: () => string[]): string {
  try {
    return fields().join(FIELD);
  } catch (e) {
    if (e instanceof Unwritable) return UNKNOWN;
    throw e;
  }
}

const readStr = (s: string): string | undefined => (s === '' ? undefined : s);
const readInt = (s: string): number | undefined => (s === '' ? undefined : Number(s));
const readBool = (s: string): boolean | undefined => (s === '' ? undefined : s === '1');
const readList = <T>(s: string, item: (x: string) => T): T[] | undefined => (s === '' ? undefined : s.split(ITEM).map(item));

function keyParts(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * A Service's `type|clusterIP|ports|externalIPs|ingress|loadBalancerSourceRanges|healthCheckNodePort|
 * externalTrafficPolicy|internalTrafficPolicy|sessionAffinity|timeoutSeconds`: ports as `name,protocol,port,nodePort`,
 * ingress (status.loadBalancer.ingress) as `ip,ipMode`.
 */
export function serviceSummary(svc: KubeObject): string {
  return summary(() => {
    const spec = svc.spec ?? {};
    return [
      str(spec.type),
      str(spec.clusterIP),
      list(spec.ports, (p: any) => [str(p?.name), str(p?.protocol), int(p?.port), int(p?.nodePort)].join(PART)),
      list(spec.externalIPs, nonEmpty),
      list(svc.status?.loadBalancer?.ingress, (i: any) => [str(i?.ip), str(i?.ipMode)].join(PART)),
      list(spec.loadBalancerSourceRanges, nonEmpty),
      int(spec.healthCheckNodePort),
      str(spec.externalTrafficPolicy),
      str(spec.internalTrafficPolicy),
      str(spec.sessionAffinity),
      int(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds),
    ];
  });
}

/** The Service a summary was made from, with only the fields it keeps; undefined for UNKNOWN or another shape. */
export function serviceOfSummary(key: string, s: string): KubeObject | undefined {
  const f = s.split(FIELD);
  if (f.length !== SERVICE_FIELDS) return undefined;
  const timeoutSeconds = readInt(f[10]);
  // Parts by index, not destructured: this runs once per object over thousands, in a command's cold code.
  const ingress = readList(f[4], (i) => {
    const p = i.split(PART);
    return { ip: readStr(p[0]), ipMode: readStr(p[1]) };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: keyParts(key),
    spec: {
      type: readStr(f[0]),
      clusterIP: readStr(f[1]),
      ports: readList(f[2], (port) => {
        const p = port.split(PART);
        return { name: readStr(p[0]), protocol: readStr(p[1]), port: readInt(p[2]), nodePort: readInt(p[3]) };
      }),
      externalIPs: readList(f[3], String),
      loadBalancerSourceRanges: readList(f[5], String),
      healthCheckNodePort: readInt(f[6]),
      externalTrafficPolicy: readStr(f[7]),
      internalTrafficPolicy: readStr(f[8]),
      sessionAffinity: readStr(f[9]),
      sessionAffinityConfig: timeoutSeconds === undefined ? undefined : { clientIP: { timeoutSeconds } },
    },
    status: { loadBalancer: { ingress } },
  };
}

/**
 * An EndpointSlice's `addressType|service-name label|ports|endpoints`: ports as `name,protocol,port`, endpoints
 * as `address,nodeName,ready,serving,terminating` (the first address only: kube-proxy reads no other; conditions
 * 1, 0 or empty when absent).
 */
export function sliceSummary(slice: KubeObject): string {
  return summary(() => [
    str(slice.addressType),
    str(slice.metadata?.labels?.[SERVICE_NAME_LABEL]),
    list(slice.ports, (p: any) => [str(p?.name), str(p?.protocol), int(p?.port)].join(PART)),
    list(slice.endpoints, (e: any) => {
      const c = e?.conditions;
      return [str(e?.addresses?.[0]), str(e?.nodeName), bool(c?.ready), bool(c?.serving), bool(c?.terminating)].join(PART);
    }),
  ]);
}

/** An endpoint's conditions, one frozen object per combination: thousands of endpoints share a few. */
const CONDITIONS: Array<{ ready?: boolean; serving?: boolean; terminating?: boolean }> = [];
for (const ready of ['', '0', '1']) {
  for (const serving of ['', '0', '1']) {
    for (const terminating of ['', '0', '1']) {
      CONDITIONS.push(Object.freeze({ ready: readBool(ready), serving: readBool(serving), terminating: readBool(terminating) }));
    }
  }
}
const tri = (s: string): number => (s === '' ? 0 : s === '0' ? 1 : 2);

/** The EndpointSlice a summary was made from, with only the fields it keeps; undefined for UNKNOWN or another shape. */
export function sliceOfSummary(key: string, s: string): KubeObject | undefined {
  const f = s.split(FIELD);
  if (f.length !== SLICE_FIELDS) return undefined;
  const service = readStr(f[1]);
  // A plain loop, parts by index: this runs for every endpoint of every slice, in a command's cold code.
  let endpoints: object[] | undefined;
  if (f[3] !== '') {
    const items = f[3].split(ITEM);
    endpoints = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const p = items[i].split(PART);
      endpoints[i] = { addresses: p[0] === '' ? [] : [p[0]], nodeName: readStr(p[1]), conditions: CONDITIONS[tri(p[2]) * 9 + tri(p[3]) * 3 + tri(p[4])] };
    }
  }
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...keyParts(key), labels: service === undefined ? undefined : { [SERVICE_NAME_LABEL]: service } },
    addressType: readStr(f[0]),
    ports: readList(f[2], (port) => {
      const p = port.split(PART);
      return { name: readStr(p[0]), protocol: readStr(p[1]), port: readInt(p[2]) };
    }),
    endpoints,
  };
}
