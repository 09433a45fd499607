import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/cli/printers/age.js';
import { tabwrite } from '../../src/cli/printers/tabwriter.js';
import { formatTable } from '../../src/cli/printers/table.js';
import { executeJsonPath, parseJsonPath } from '../../src/cli/printers/jsonpath.js';
import { matchesRequirements, parseSelector } from '../../src/api/label-selector-parse.js';
import { asList, jsonListBytes, toJson, toYaml } from '../../src/cli/printers/objects.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('AGE (duration.HumanDuration)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 20 * s, '3m20s'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d, '7d'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [2 * y + 10 * d, '2y10d'],
    [3 * y, '3y'],
    [8 * y + 5 * d, '8y'],
  ])('%i ms → %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('tables', () => {
  it('pads each column to its longest cell + 3 (at least 6), the last column unpadded', () => {
    expect(formatTable(['NAME', 'AGE'], [['a', '5s'], ['longer-name', '10m']])).toBe('NAME          AGE\na             5s\nlonger-name   10m\n');
  });
  it('aligns describe columns per block of consecutive lines, as Go tabwriter does', () => {
    const text = 'Name:\tweb\nLabels:\ta=b\n\tc=d\nIPs:\n  IP:\t10.0.0.1\nPort:\thttp\t80/TCP\nTargetPort:\t8080/TCP\n';
    expect(tabwrite(text, 0, 2)).toBe(
      'Name:    web\nLabels:  a=b\n         c=d\nIPs:\n  IP:        10.0.0.1\nPort:        http  80/TCP\nTargetPort:  8080/TCP\n',
    );
  });
});

describe('JSONPath (kubectl templates)', () => {
  const list = {
    kind: 'List',
    items: [
      { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } }, status: { addresses: [{ type: 'InternalIP', address: '1.1.1.1' }, { type: 'Hostname', address: 'a' }] }, spec: { n: 3 } },
      { metadata: { name: 'b' }, status: { addresses: [{ type: 'InternalIP', address: '2.2.2.2' }] }, spec: { n: 1 } },
    ],
  };
  const run = (t: string, data: unknown = list) => executeJsonPath(parseJsonPath(t), data);
  it('joins the results of one action with spaces', () => expect(run('{.items[*].metadata.name}')).toBe('a b'));
  it('ranges with string literals', () => expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.spec.n}{"\\n"}{end}')).toBe('a\t3\nb\t1\n'));
  it('filters', () => expect(run('{.items[*].status.addresses[?(@.type=="InternalIP")].address}')).toBe('1.1.1.1 2.2.2.2'));
  it('numeric filters', () => expect(run('{.items[?(@.spec.n>2)].metadata.name}')).toBe('a'));
  it('indexes, negative indexes and slices', () => {
    expect(run('{.items[0].metadata.name}')).toBe('a');
    expect(run('{.items[-1].metadata.name}')).toBe('b');
    expect(run('{.items[0:1].metadata.name}')).toBe('a');
  });
  it('quoted and escaped keys', () => {
    expect(run("{.items[0].metadata.labels['app.kubernetes.io/name']}")).toBe('x');
    expect(run('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}')).toBe('x');
  });
  it('prints maps and lists as JSON, missing keys as nothing', () => {
    expect(run('{.items[1].status}')).toBe('{"addresses":[{"address":"2.2.2.2","type":"InternalIP"}]}');
    expect(run('x{.items[0].nope}y')).toBe('xy');
  });
  it('recursive descent', () => expect(run('{..name}')).toBe('a b'));
  it('text around actions is kept', () => expect(run('IP={.items[1].status.addresses[0].address}')).toBe('IP=2.2.2.2'));
  it('takes lists longer than a call can take as arguments (`.items[*]` of 200,000 objects)', () => {
    const big = { items: Array.from({ length: 200_000 }, (_, i) => ({ metadata: { name: `p${i}` } })) };
    const names = run('{.items[*].metadata.name}', big).split(' ');
    expect(names.length).toBe(200_000);
    expect(names[199_999]).toBe('p199999');
  });
  it('reports an index out of range as kubectl does', () => {
    expect(() => run('{.items[5]}')).toThrow(/array index out of bounds: index 5, length 2/);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['app=web,tier=back', false],
    ['env notin (prod)', true],
  ])('%s → %s', (sel, ok) => expect(matchesRequirements(labels, parseSelector(sel))).toBe(ok));
});

describe('yaml and json as kubectl prints them', () => {
  it('sorts keys, quotes ambiguous strings, indents json by 4', async () => {
    const obj = { spec: { b: '80', a: [1] }, kind: 'X', metadata: { creationTimestamp: '2026-11-21T10:00:00Z', resourceVersion: '', annotations: { x: '*' } } };
    expect(await toYaml(obj)).toBe(
      'kind: X\nmetadata:\n  annotations:\n    x: \'*\'\n  creationTimestamp: "2026-11-21T10:00:00Z"\n  resourceVersion: ""\nspec:\n  a:\n  - 1\n  b: "80"\n',
    );
    expect(toJson({ b: '<none>', a: 1 })).toBe('{\n    "a": 1,\n    "b": "\\u003cnone\\u003e"\n}\n');
  });

  it('writes a List item by item, as bytes, with the text toJson gives the whole List', () => {
    const objs: any[] = [
      { kind: 'A', metadata: { name: 'a', annotations: { note: 'x <y> & "z"\nnext line' } }, spec: { empty: {}, none: [], list: [1, { b: [] }], s: 'ünï 😀' } },
      { kind: 'B', metadata: { name: 'b' }, data: null },
      { kind: 'C', metadata: { name: 'c', labels: { '10': 'x', '9': 'y', a: 'z' } } },
    ];
    for (const list of [objs, objs.slice(0, 1), []]) expect(jsonListBytes(list).toString()).toBe(toJson(asList(list)));
  });
});
