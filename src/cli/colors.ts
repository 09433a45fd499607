// Status colours for human output (describe): only when globals(cmd).color is true, which already honours
// NO_COLOR, --no-color and a non-TTY stdout. Good states green, bad red, waiting yellow.
import { Chalk } from 'chalk';

const chalk = new Chalk({ level: 1 });

const GREEN = new Set(['Ready', 'Running', 'True', 'Active', 'Succeeded', 'Complete', 'Bound']);
const RED = new Set(['NotReady', 'False', 'Failed', 'Unknown', 'Terminated', 'CrashLoopBackOff', 'Error', 'Warning']);
const YELLOW = new Set(['Pending', '<pending>', 'Waiting', 'Terminating', 'ContainerCreating']);

export type Paint = (text: string) => string;

/** Colour a whole status word (`Running`, `True`, `<pending>`…); anything else is returned unchanged. */
export function statusPainter(enabled: boolean): Paint {
  if (!enabled) return (s) => s;
  return (s) => {
    const word = s.trim();
    if (GREEN.has(word)) return s.replace(word, chalk.green(word));
    if (RED.has(word)) return s.replace(word, chalk.red(word));
    if (YELLOW.has(word)) return s.replace(word, chalk.yellow(word));
    return s;
  };
}
