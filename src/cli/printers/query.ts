// Which objects a `get`/`describe` command line names: `TYPE[,TYPE…] [NAME…]`, `TYPE/NAME…`, `all`, with
// namespace, -A and -l applied, in kubectl's order (types as given, names as given, else sorted by name).
import { ApiError, ClientError, type KubeError } from '../../api/errors.js';
import { matchesRequirements, parseSelector, type Requirement } from '../../api/label-selector-parse.js';
import { qualifiedResource, resolveResourceType, type ResourceType } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { compareObjects, type Cluster, type ListedRows } from '../../store/cluster.js';
import { columnsFor } from './columns.js';

/** `kubectl get all`: the "all" category, in discovery order. */
export const ALL_RESOURCES = [
  'pods',
  'replicationcontrollers',
  'services',
  'daemonsets',
  'deployments',
  'replicasets',
  'statefulsets',
  'horizontalpodautoscalers',
  'cronjobs',
  'jobs',
];

export interface Group {
  rt: ResourceType;
  objs: KubeObject[];
  /** Instead of objs (then empty), for a table: the objects' row summaries as bytes, or objects decoded. */
  summarized?: ListedRows;
}

export interface QueryResult {
  groups: Group[];
  errors: KubeError[];
  /** More than one type asked for: tables print `kind/name`. */
  multipleTypes: boolean;
  /** One object named (`get svc web`, `get svc/web`): -o yaml prints it bare instead of a List. */
  singleItem: boolean;
}

export interface QueryOptions {
  namespace: string;
  allNamespaces: boolean;
  selector?: string;
  /** Only a table's cells are needed: a resource whose lines keep row summaries may answer with those. */
  tableOnly?: boolean;
}

function mustResolve(type: string): ResourceType {
  const rt = resolveResourceType(type);
  if (!rt) throw new ClientError(`the server doesn't have a resource type "${type}"`);
  return rt;
}

/** Split `svc,pods` (with `all` expanded) into resource types, keeping the first occurrence of each. */
function resolveTypes(list: string): { types: ResourceType[]; sawAll: boolean } {
  const types: ResourceType[] = [];
  let sawAll = false;
  for (const t of list.split(',').filter((x) => x !== '')) {
    if (t.toLowerCase() === 'all') {
      sawAll = true;
      for (const p of ALL_RESOURCES) types.push(resolveResourceType(p)!);
    } else types.push(mustResolve(t));
  }
  return { types: [...new Set(types)], sawAll };
}

export function queryObjects(cluster: Cluster, args: string[], o: QueryOptions): QueryResult {
  const errors: KubeError[] = [];
  const reqs = o.selector !== undefined ? parseSelector(o.selector) : undefined;
  const listNs = (rt: ResourceType) => (rt.namespaced && !o.allNamespaces ? o.namespace : undefined);
  const getOne = (rt: ResourceType, name: string): KubeObject | undefined => {
    const obj = cluster.get(rt.plural, rt.namespaced ? o.namespace : undefined, name);
    if (!obj) errors.push(ApiError.notFound(qualifiedResource(rt), name));
    return obj;
  };

  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw new ClientError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim get resource/<resource_name>' instead of 'kubesim get resource resource/<resource_name>'",
      );
    }
    if (reqs) throw new ClientError('name cannot be provided when a selector is specified');
    const groups: Group[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const rt = mustResolve(a.slice(0, i));
      const name = a.slice(i + 1);
      if (name === '') throw new ClientError(`arguments in resource/name form must have a single resource and name`);
      const obj = getOne(rt, name);
      let g = groups[groups.length - 1];
      if (!g || g.rt !== rt) groups.push((g = { rt, objs: [] }));
      if (obj) g.objs.push(obj);
    }
    const distinct = new Set(groups.map((g) => g.rt)).size;
    return { groups, errors, multipleTypes: distinct > 1, singleItem: args.length === 1 };
  }

  const [typeArg, ...names] = args;
  const { types, sawAll } = resolveTypes(typeArg);
  if (names.length && reqs) throw new ClientError('name cannot be provided when a selector is specified');
  const groups: Group[] = types.map((rt) => {
    let objs: KubeObject[];
    const summarized = o.tableOnly && !names.length && !reqs && columnsFor(rt.plural).summaryCells ? cluster.summaryRows(rt.plural, listNs(rt)) : undefined;
    if (summarized) return { rt, objs: [], summarized };
    if (names.length) objs = names.map((n) => getOne(rt, n)).filter((x): x is KubeObject => Boolean(x));
    else objs = (reqs && mayMatch(cluster, rt.plural, listNs(rt), reqs)) ?? cluster.list(rt.plural, listNs(rt));
    if (reqs) objs = objs.filter((x) => matchesRequirements(x.metadata.labels, reqs));
    return { rt, objs };
  });
  return {
    groups,
    errors,
    multipleTypes: sawAll || types.length > 1,
    singleItem: !sawAll && types.length === 1 && names.length === 1,
  };
}

/**
 * The objects (of one namespace, or all) that a selector requiring a label value may match, in list order: those
 * whose text mentions the value (an object has its labels' values in its JSON), found by searching the state
 * file, not by decoding every object. Undefined when no requirement names a value to search for (or the resource
 * cannot be searched): the caller lists them all. The caller still checks each one.
 */
function mayMatch(cluster: Cluster, plural: string, namespace: string | undefined, reqs: Requirement[]): KubeObject[] | undefined {
  // The longest value an equality asks for (likely the rarest), or else the values of an `in`.
  let values: string[] | undefined;
  for (const r of reqs) {
    if (r.op === '=' && r.value !== '' && (!values || values.length > 1 || r.value.length > values[0].length)) values = [r.value];
    else if (r.op === 'in' && r.values.length && !values && r.values.every((v) => v !== '')) values = r.values;
  }
  if (!values) return undefined;
  const found = new Set<KubeObject>();
  for (const v of values) {
    const objs = cluster.mentioning(plural, v);
    if (!objs) return undefined;
    for (const o of objs) if (namespace === undefined || o.metadata.namespace === namespace) found.add(o);
  }
  return [...found].sort(compareObjects);
}
