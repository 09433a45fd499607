// Object names for completion, read from the state file without creating or locking it (a missing or
// unreadable state just completes nothing): completion must never change anything or print an error.
import { readStateFile } from '../../store/statefile.js';
import type { ClusterState } from '../../store/state.js';

export function stateNames(statePath: string): (plural: string, namespace: string | undefined) => string[] {
  let state: ClusterState | undefined | null = null;
  return (plural, namespace) => {
    if (state === null) {
      try {
        state = readStateFile(statePath);
      } catch {
        state = undefined;
      }
    }
    const bucket = state?.objects?.[plural];
    if (!bucket) return [];
    return Object.values(bucket)
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .map((o) => o.metadata.name!)
      .sort();
  };
}
