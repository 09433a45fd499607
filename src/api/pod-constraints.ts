// A pod's scheduling constraints (what the scheduler's node filters read of it: tolerations, nodeSelector, required
// node affinity) in the commonest case: none but the two tolerations admission adds to every pod
// (DefaultTolerationSeconds). Every pod of a Deployment that asks for no placement has exactly these, so the
// scheduler can judge thousands of such waiting pods from this one fact (kept in their line summaries,
// store/row-summary.ts) without decoding them.
import type { KubeObject } from './types.js';

/** The NoExecute taints DefaultTolerationSeconds makes every pod tolerate (for 300 s) unless it says otherwise. */
export const ADMISSION_TOLERATION_KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export const admissionToleration = (key: string) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });

/** A pod whose only constraints are admission's tolerations: every node filter judges such pods as it judges this one. */
export const ADMISSION_ONLY_POD: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { tolerations: ADMISSION_TOLERATION_KEYS.map(admissionToleration) } };

const TOLERATION_FIELDS = new Set(['key', 'operator', 'effect', 'tolerationSeconds']);

/**
 * Whether the filters would judge the pod as they judge ADMISSION_ONLY_POD: no nodeSelector (or an empty one), no
 * required node affinity terms, and as tolerations exactly admission's two (each once, any order, whatever its
 * tolerationSeconds, which no filter reads).
 */
export function hasOnlyAdmissionConstraints(pod: KubeObject): boolean {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return false;
  const selector = spec.nodeSelector;
  if (selector != null && (typeof selector !== 'object' || Object.keys(selector).length)) return false;
  const affinity = spec.affinity;
  if (affinity != null) {
    const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms != null && (!Array.isArray(terms) || terms.length)) return false;
  }
  const tolerations = spec.tolerations;
  if (!Array.isArray(tolerations) || tolerations.length !== ADMISSION_TOLERATION_KEYS.length) return false;
  const seen = new Set<string>();
  for (const t of tolerations) {
    if (!t || typeof t !== 'object' || t.operator !== 'Exists' || t.effect !== 'NoExecute' || !ADMISSION_TOLERATION_KEYS.includes(t.key)) return false;
    for (const f of Object.keys(t)) if (!TOLERATION_FIELDS.has(f)) return false;
    seen.add(t.key);
  }
  return seen.size === ADMISSION_TOLERATION_KEYS.length;
}
