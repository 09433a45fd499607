// kubectl annotate: update the annotations on resources (see ../metadata-edit.ts).
import type { Command } from 'commander';
import { registerMetadataCommand } from '../metadata-edit.js';

export function register(program: Command): void {
  registerMetadataCommand(program, 'annotations');
}
