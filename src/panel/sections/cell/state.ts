import type { IMachineFacts, IRunRecord } from '../../../contracts/facts';
import { diagnose } from '../../../diagnosis';

/** Why the analysis did not read a code cell as Python. */
export type NotRead =
  { reason: 'cell-magic'; magic: string } | { reason: 'magics-only' };

/** Cell magics whose body is Python, which the analysis reads. */
const PYTHON_CELL_MAGICS = new Set([
  'time',
  'timeit',
  'prun',
  'capture',
  'debug',
  'python',
  'python3',
  'lprun',
  'memit',
  'mprun'
]);

/**
 * Whether the cell is code the analysis cannot read: a cell magic with another language's body
 * (`%%bash`, `%%html`, `%%writefile`...), or nothing but line magics and shell escapes. Such a
 * cell must not be told that it "already suits this machine": nothing in it was read.
 */
export function notRead(source: string): NotRead | null {
  const lines = source
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) {
    return null;
  }
  const magic = /^%%(\S+)/.exec(lines[0]);
  if (magic) {
    return PYTHON_CELL_MAGICS.has(magic[1])
      ? null
      : { reason: 'cell-magic', magic: `%%${magic[1]}` };
  }
  return lines.every(line => /^[%!]/.test(line))
    ? { reason: 'magics-only' }
    : null;
}

/**
 * True when the diagnosis (the one owner of "what limits a cell") finds the latest run waiting,
 * not computing: faster code would not shorten it. Only the runs are read here.
 */
export function isWaiting(
  cellId: string,
  runs: readonly IRunRecord[],
  machine: IMachineFacts | null,
  thresholdSeconds: number
): boolean {
  if (runs.length === 0) {
    return false;
  }
  return (
    diagnose({
      cellId,
      runs,
      machine,
      thresholdSeconds,
      shape: { heavy: null, pythonLoops: false }
    }).kind === 'waiting'
  );
}
