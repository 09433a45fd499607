// What a tutorial is made of. Every step runs against the tutorial's own real simulated cluster; answers are
// checked against that cluster (or the real output of the command just run), never against canned text.
import type { Cluster } from '../../store/cluster.js';

/** The cluster as it is now, and everything the last command printed. */
export interface StepCtx {
  cluster: Cluster;
  output: string;
}

export type Text = string | ((s: StepCtx) => string);

export type Step =
  /** The user types a command; `accept` says whether it is the one the step asks for. */
  | { kind: 'run'; say: Text; accept: (argv: string[], s: StepCtx) => boolean; hint: Text; explain?: Text }
  /** kubesim runs a command for the user (an event: a pod crashing, a controller installed). */
  | { kind: 'auto'; say: Text; argv: string[] | ((s: StepCtx) => string[]); explain?: Text }
  /** A question with choices; the right one is computed from the state. */
  | { kind: 'choose'; question: Text; choices: (s: StepCtx) => string[]; answer: (s: StepCtx) => string; explain: Text }
  /** A question answered in free text (an IP, a count), compared with the state. */
  | { kind: 'input'; question: Text; answer: (s: StepCtx) => string; explain: Text };

export interface Tutorial {
  name: string;
  title: string;
  intro: string;
  /** Commands that build the starting cluster (shown, run for real). */
  setup: string[][];
  steps: Step[];
  outro: string;
}

/** `accept` for a fixed set of command lines (with or without the kubectl/kubesim prefix). */
export function oneOf(...lines: string[]): (argv: string[]) => boolean {
  const wanted = new Set(lines.map((l) => l.trim().split(/\s+/).join(' ')));
  return (argv) => wanted.has(argv.join(' '));
}

/** The pods of an app in a namespace, by name. */
export function podsOf(c: Cluster, app: string, ns = 'default'): any[] {
  return c.list('pods', ns).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

export function clusterIP(c: Cluster, name: string, ns = 'default'): string {
  return c.get('services', ns, name)?.spec?.clusterIP ?? '';
}

export function externalIP(c: Cluster, name: string, ns = 'default'): string {
  const ing = c.get('services', ns, name)?.status?.loadBalancer?.ingress?.[0];
  return ing?.ip ?? ing?.hostname ?? '<pending>';
}

export function endpointIPs(c: Cluster, name: string, ns = 'default'): string[] {
  return c
    .list('endpointslices', ns)
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name)
    .flatMap((s) => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready !== false).flatMap((e: any) => e.addresses ?? []));
}

export function manifest(file: string): string[] {
  return ['apply', '-f', `manifests/${file}`];
}
