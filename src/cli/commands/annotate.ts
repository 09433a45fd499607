// kubectl annotate: update the annotations on resources (see ../metadata-edit.ts).
import type { Command } from 'commander';
import { registerMetadataCommand } from '../metadata-edit.js';

export function register(program: Command): void {
  registerMetadataCommand(program, 'annotations');
  program.commands
    .find((c) => c.name() === 'annotate')
    ?.addHelpText(
      'after',
      `
Examples:
  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  kubesim annotate pods foo description='my frontend'

  # Overwrite an existing value
  kubesim annotate --overwrite pods foo description='my frontend running nginx'

  # Update all pods in the namespace
  kubesim annotate pods --all description='my frontend running nginx'

  # Remove the annotation named 'description' if it exists
  kubesim annotate pods foo description-`,
    );
}
