// kubectl label: update the labels on resources (see ../metadata-edit.ts).
import type { Command } from 'commander';
import { registerMetadataCommand } from '../metadata-edit.js';

export function register(program: Command): void {
  registerMetadataCommand(program, 'labels');
  program.commands
    .find((c) => c.name() === 'label')
    ?.addHelpText(
      'after',
      `
Examples:
  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubesim label pods foo unhealthy=true

  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
  kubesim label --overwrite pods foo status=unhealthy

  # Take a pod out of its Service: change the label the Service selects (its ReplicaSet starts a replacement)
  kubesim label --overwrite pod currency-exchange-7d4b9c6f5-x2x8k app=debug

  # Update all pods in the namespace
  kubesim label pods --all status=unhealthy

  # Remove the label named 'bar' if it exists
  kubesim label pods foo bar-`,
    );
}
