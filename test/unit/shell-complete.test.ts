// The completion engine behind the shell's Tab key and `kubesim __complete`.
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/cli/main.js';
import { completeWords, type CompletionContext } from '../../src/cli/shell/complete.js';
import { splitLine } from '../../src/cli/shell/words.js';

const NAMES: Record<string, string[]> = {
  'services/default': ['currency-conversion', 'currency-exchange', 'kubernetes'],
  'services/prod': ['data'],
  'pods/default': ['currency-exchange-65495dd765-d6llv'],
  'namespaces/': ['default', 'kube-system', 'prod'],
  'nodes/': ['kubesim-control-plane', 'kubesim-worker'],
};
const ctx: CompletionContext = {
  program: (await loadProgram()),
  namespace: 'default',
  names: (plural, ns) => NAMES[`${plural}/${ns ?? ''}`] ?? [],
  builtins: ['use', 'exit', 'quit', 'help'],
  tutorials: ['fqdn', 'headless'],
};
const complete = (line: string) => {
  const { words, trailingSpace } = splitLine(line);
  const current = trailingSpace || words.length === 0 ? '' : words.pop()!;
  return completeWords(words, current, ctx);
};

describe('completeWords', () => {
  it('completes verbs and shell builtins, never hidden commands', () => {
    expect(complete('ge')).toEqual(['get']);
    expect(complete('us')).toEqual(['use']);
    expect(complete('__')).toEqual([]);
  });
  it('completes resource types, then object names of that type in the namespace', () => {
    expect(complete('get sv')).toEqual(['svc']);
    expect(complete('get svc cur')).toEqual(['currency-conversion', 'currency-exchange']);
    expect(complete('kubectl get svc cur')).toEqual(['currency-conversion', 'currency-exchange']);
    expect(complete('get svc -n prod ')).toEqual(['data']);
    expect(complete('get svc --namespace=prod d')).toEqual(['data']);
    expect(complete('describe svc/k')).toEqual(['svc/kubernetes']);
  });
  it('completes flags and flag values', () => {
    expect(complete('get svc --out')).toEqual(['--output']);
    expect(complete('get svc -o y')).toEqual(['yaml']);
    expect(complete('get pods -n ')).toEqual(['default', 'kube-system', 'prod']);
    expect(complete('--all')).toEqual(['--all-namespaces']);
  });
  it('completes namespaces for use, nodes for cordon, tutorials and shells', () => {
    expect(complete('use p')).toEqual(['prod']);
    expect(complete('tutorial h')).toEqual(['headless']);
    expect(complete('completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('graph svc currency-e')).toEqual(['currency-exchange']);
  });
});

describe('splitLine', () => {
  it('splits like a shell: quotes, escapes, comments', () => {
    expect(splitLine(`get svc -o 'jsonpath={.a b}' "x\\"y" a\\ b # comment`).words).toEqual(['get', 'svc', '-o', 'jsonpath={.a b}', 'x"y', 'a b']);
    expect(splitLine(`get 'x`).unterminated).toBe(true);
    expect(splitLine('get ').trailingSpace).toBe(true);
  });
});
