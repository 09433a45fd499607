// Bad and hostile manifests through the real binary: exact stderr, exit 1, the state file byte for byte as it was,
// and the valid documents of the same run still applied.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshCluster } from '../helpers/cli.js';

function setup() {
  const c = freshCluster();
  c.run('get ns'); // create the state file first
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bad-'));
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return name;
  };
  const apply = (args: string) => c.run(`apply ${args}`, { cwd: dir });
  return { ...c, dir, file, apply, snapshot: () => readFileSync(c.state, 'utf8') };
}

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';

describe('bad manifests: each refused in kubectl words, the state untouched', () => {
  const cases: Array<[string, string | Buffer, string, string?]> = [
    ['unknown field', SVC.replace('  ports:', '  prots:\n  - port: 1\n  ports:'), 'Error from server (BadRequest): error when creating "f.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.prots"'],
    ['wrong type', SVC.replace('port: 80', 'port: "eighty"'), 'Error from server (BadRequest): error when creating "f.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32'],
    ['missing kind and apiVersion', 'metadata:\n  name: x\n', 'error: error validating "f.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false'],
    ['missing kind', 'apiVersion: v1\nmetadata:\n  name: x\n', 'error: error validating "f.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false'],
    ['unsupported kind', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n', 'error: resource mapping not found for name: "x" namespace: "" from "f.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first'],
    ['removed apiVersion', 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n', 'error: resource mapping not found for name: "x" namespace: "" from "f.yaml": no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first'],
    ['YAML syntax error', SVC + '   name: x\n', 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 8, column 1: sequence item without - indicator'],
    ['tab indentation', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n', 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 4, column 1: found character that cannot start any token'],
    ['namespace missing', SVC.replace('  name: web\n', '  name: web\n  namespace: nope\n'), 'Error from server (NotFound): error when creating "f.yaml": namespaces "nope" not found'],
    ['invalid object', SVC.replace('port: 80', 'port: 0'), 'The Service "web" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ['not an object', '- a\n- b\n', 'error: error validating "f.yaml": error validating data: invalid object to validate: expected an object, got array; if you choose to ignore these errors, turn validation off with --validate=false'],
    ['name of 10,000 characters', SVC.replace('name: web', `name: ${'a'.repeat(10000)}`), `The Service "${'a'.repeat(10000)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(10000)}": must be no more than 63 characters`],
    ['non-UTF-8 bytes', Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 4, column 12: invalid leading UTF-8 octet'],
    ['binary file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]), 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 1, column 1: control characters are not allowed'],
  ];
  it.each(cases)('%s', (_name, content, stderr) => {
    const t = setup();
    const before = t.snapshot();
    t.file('f.yaml', content);
    const r = t.apply('-f f.yaml');
    expect(r).toEqual({ stdout: '', stderr: stderr + '\n', code: 1 });
    expect(t.snapshot()).toBe(before);
  });

  it('a file namespace that differs from -n', () => {
    const t = setup();
    const before = t.snapshot();
    t.file('f.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: a\n');
    expect(t.apply('-f f.yaml -n b')).toEqual({
      stdout: '',
      stderr: `error: the namespace from the provided object "a" does not match the namespace "b". You must pass '--namespace=a' to perform this operation.\n`,
      code: 1,
    });
    expect(t.snapshot()).toBe(before);
  });

  it('valid documents of the same run are applied; every error listed without the error: prefix', () => {
    const t = setup();
    t.file('f.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: ConfigMap\n');
    expect(t.apply('-f f.yaml')).toEqual({
      stdout: 'configmap/ok created\n',
      stderr:
        'resource mapping not found for name: "x" namespace: "" from "f.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n' +
        'error validating "f.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
      code: 1,
    });
  });

  it('--validate=warn applies with the unknown field dropped; --validate=false drops it silently', () => {
    const t = setup();
    t.file('f.yaml', SVC.replace('  ports:', '  prots: 1\n  ports:'));
    expect(t.apply('-f f.yaml --validate=warn')).toEqual({ stdout: 'service/web created\n', stderr: 'Warning: unknown field "spec.prots"\n', code: 0 });
    expect(t.run('get svc web -o yaml').stdout).not.toContain('prots');
    t.file('g.yaml', SVC.replace('name: web', 'name: web2').replace('  ports:', '  prots: 1\n  ports:'));
    expect(t.apply('-f g.yaml --validate=false')).toEqual({ stdout: 'service/web2 created\n', stderr: '', code: 0 });
  });

  it('empty documents only: nothing to apply', () => {
    const t = setup();
    t.file('f.yaml', '---\n# just a comment\n---\n');
    expect(t.apply('-f f.yaml')).toEqual({ stdout: '', stderr: 'error: no objects passed to apply\n', code: 1 });
  });
});

describe('hostile input: refused within a second, no crash, state untouched', () => {
  let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++) bomb += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  const hostile: Array<[string, string, string]> = [
    ['billion laughs', bomb, 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 1, column 1: document contains excessive aliasing'],
    ['deep flow nesting', 'a: ' + '['.repeat(100000) + ']'.repeat(100000), 'error: error parsing f.yaml: error converting YAML to JSON: yaml: exceeded max depth of 200'],
    ['deep JSON nesting', '{"a":' + '{"a":'.repeat(100000) + '1' + '}'.repeat(100001), 'error: error parsing f.yaml: error converting YAML to JSON: yaml: exceeded max depth of 200'],
    [
      '__proto__ and constructor keys',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n__proto__:\n  polluted: true\nconstructor:\n  prototype:\n    polluted: true\n',
      'Error from server (BadRequest): error when creating "f.yaml": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "__proto__", unknown field "constructor"',
    ],
  ];
  it.each(hostile)('%s', (_n, content, stderr) => {
    const t = setup();
    const before = t.snapshot();
    t.file('f.yaml', content);
    const start = Date.now();
    const r = t.apply('-f f.yaml');
    expect(Date.now() - start).toBeLessThan(1500); // one binary run, start-up included
    expect(r).toEqual({ stdout: '', stderr: stderr + '\n', code: 1 });
    expect(t.snapshot()).toBe(before);
  });

  it('a file over 64 MiB is refused by its size, unread', () => {
    const t = setup();
    const before = t.snapshot();
    writeFileSync(join(t.dir, 'big.yaml'), Buffer.alloc(65 * 1024 * 1024, 0x20));
    const start = Date.now();
    expect(t.apply('-f big.yaml')).toEqual({ stdout: '', stderr: 'error: error reading big.yaml: the file is 65 MiB, more than the 64 MiB kubesim reads from one manifest\n', code: 1 });
    expect(Date.now() - start).toBeLessThan(1500);
    expect(t.snapshot()).toBe(before);
  });
});
