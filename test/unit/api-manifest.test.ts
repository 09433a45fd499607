// Reading manifests: formats kubectl accepts, and hostile input refused quickly with a clear message.
import { describe, expect, it } from 'vitest';
import { parseManifestText, readManifests } from '../../src/api/manifest.js';
import { checkSchema } from '../../src/api/schema/index.js';
import { resourceTypeForKind } from '../../src/api/resources.js';

async function parse(text: string) {
  const r = await parseManifestText(text, 'f.yaml');
  return { objs: r.docs.map((d) => d.obj), errors: r.errors.map((e) => e.format()) };
}
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = Date.now();
  const v = await fn();
  return [v, Date.now() - t];
};

describe('formats', () => {
  it('multi-document YAML, `...` ends, empty documents, comments', async () => {
    const r = await parse('---\n# nothing\n---\nkind: A\n...\n---\n\n---\nkind: B\n');
    expect(r).toEqual({ objs: [{ kind: 'A' }, { kind: 'B' }], errors: [] });
  });
  it('JSON, flow style, List and *List', async () => {
    expect((await parse('{"kind":"A","spec":{"x":[1,2]}}')).objs).toEqual([{ kind: 'A', spec: { x: [1, 2] } }]);
    expect((await parse('{kind: A, metadata: {name: x}}')).objs).toEqual([{ kind: 'A', metadata: { name: 'x' } }]);
    expect((await parse('kind: List\nitems:\n- kind: A\n- kind: B\n')).objs).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    expect((await parse('kind: ServiceList\nitems: [{kind: Service}]\n')).objs).toEqual([{ kind: 'Service' }]);
  });
  it('YAML 1.1 booleans as go-yaml reads them; anchors and merge keys', async () => {
    expect((await parse('a: yes\nb: off\nc: "on"\n')).objs).toEqual([{ a: true, b: false, c: 'on' }]);
    expect((await parse('x: &l {app: web}\nw: *l\nz:\n  <<: *l\n  tier: db\n')).objs).toEqual([{ x: { app: 'web' }, w: { app: 'web' }, z: { app: 'web', tier: 'db' } }]);
  });
  it('a syntax error names file, line and column, keeping the documents before it', async () => {
    const r = await parse('kind: A\n---\na: b: c\n');
    expect(r).toEqual({ objs: [{ kind: 'A' }], errors: ['error: error parsing f.yaml: error converting YAML to JSON: yaml: line 3, column 4: mapping values are not allowed in this context'] });
    expect((await parse('a:\n\tb: 1\n')).errors).toEqual(['error: error parsing f.yaml: error converting YAML to JSON: yaml: line 2, column 1: found character that cannot start any token']);
  });
  it('a path that does not exist', async () => {
    await expect(readManifests(['/nonexistent/x.yaml'], false)).rejects.toThrow('the path "/nonexistent/x.yaml" does not exist');
  });
});

describe('hostile input', () => {
  it('refuses a billion-laughs alias bomb fast', async () => {
    let text = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    const [r, ms] = await timed(() => parse(text));
    expect(r.errors).toEqual(['error: error parsing f.yaml: error converting YAML to JSON: yaml: line 1, column 1: document contains excessive aliasing']);
    expect(ms).toBeLessThan(1000);
  });
  it('refuses nesting deeper than go-yaml allows, in YAML flow and JSON', async () => {
    const [r, ms] = await timed(() => parse('a: ' + '['.repeat(20000) + ']'.repeat(20000)));
    expect(r.errors).toEqual(['error: error parsing f.yaml: error converting YAML to JSON: yaml: exceeded max depth of 200']);
    expect(ms).toBeLessThan(2000);
    const [j] = await timed(() => parse('{"a":' + '['.repeat(20000) + ']'.repeat(20000) + '}'));
    expect(j.errors).toEqual(['error: error parsing f.yaml: error converting YAML to JSON: yaml: exceeded max depth of 200']);
    const block = Array.from({ length: 1500 }, (_, i) => ' '.repeat(i) + 'a:').join('\n');
    expect((await parse(block)).errors).toEqual(['error: error parsing f.yaml: error converting YAML to JSON: yaml: exceeded max depth of 200']);
    expect((await parse('a: ' + '['.repeat(150) + ']'.repeat(150))).errors).toEqual([]);
  });
  it('keeps __proto__ and constructor as plain keys: no prototype pollution', async () => {
    const r = await parse('kind: ConfigMap\n__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}\ndata: {__proto__: x}\n');
    const obj = r.objs[0] as any;
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['kind', '__proto__', 'constructor', 'data']);
    expect(obj.polluted).toBeUndefined();
    const j = await parse('{"kind":"ConfigMap","__proto__":{"polluted":true}}');
    expect((j.objs[0] as any).polluted).toBeUndefined();
    // The schema names them as the unknown fields they are.
    expect(checkSchema(r.objs[0] as any, resourceTypeForKind('ConfigMap')!).unknown).toEqual(['__proto__', 'constructor']);
  });
});

describe('schema (from the OpenAPI definitions)', () => {
  const svc = (spec: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec }) as any;
  const rt = resourceTypeForKind('Service')!;
  it('unknown fields by their full path; known ones kept', () => {
    const r = checkSchema(svc({ prots: [], ports: [{ port: 80, nodeport: 1 }], trafficDistribution: 'PreferClose' }), rt);
    expect(r.unknown).toEqual(['spec.prots', 'spec.ports[0].nodeport']);
    expect(r.cleaned.spec).toEqual({ ports: [{ port: 80 }], trafficDistribution: 'PreferClose' });
  });
  it.each([
    [{ ports: [{ port: 'eighty' }] }, 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32'],
    [{ ports: [{ port: 1.5 }] }, 'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.port of type int32'],
    [{ ports: {} }, 'json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort'],
    [{ selector: { app: 1 } }, 'json: cannot unmarshal number into Go struct field ServiceSpec.spec.selector of type string'],
    [{ allocateLoadBalancerNodePorts: 'yes' }, 'json: cannot unmarshal string into Go struct field ServiceSpec.spec.allocateLoadBalancerNodePorts of type bool'],
  ])('type error %j', (spec, message) => expect(checkSchema(svc(spec), rt).typeError).toBe(message));
  it('every field of a real Pod spec is known (probes, lifecycle, affinity, dnsConfig)', () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }] } } },
        dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
        containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '500m', memory: 1024 } }, lifecycle: { preStop: { exec: { command: ['sh'] } } }, readinessProbe: { httpGet: { path: '/', port: 'http' } } }],
      },
    };
    expect(checkSchema(pod as any, resourceTypeForKind('Pod')!)).toEqual({ unknown: [], cleaned: pod });
  });
});
