// Schema migrations: an older state file is brought up to SCHEMA_VERSION when read. Version 1 is the first.
import { SCHEMA_VERSION, type ClusterState } from './state.js';

const MIGRATIONS: Record<number, (s: any) => any> = {
  // n: migrates a state of schema n to schema n + 1.
};

export function migrate(state: ClusterState, _path: string): ClusterState {
  let s: any = state;
  while (s.schemaVersion < SCHEMA_VERSION) {
    const step = MIGRATIONS[s.schemaVersion];
    if (!step) throw new Error(`no migration from schema ${s.schemaVersion}`);
    s = step(s);
  }
  return s;
}
