/**
 * The `verify:` line, the one line a verify cell prints for the panel to read:
 * `verify: equal=True|False speedup=<x>x original=<s>s new=<s>s ...`. The writer is the probe's
 * verify harness (`verify` in src/kernel/verify.py, called by the verify cell); the reader is
 * `parseVerifyLine`. verify.spec.ts checks the two agree.
 */

/** What the line starts with. */
export const VERIFY_PREFIX = 'verify:';

/** The `verify:` line printed by a verify cell. */
export interface IVerifyResult {
  equal: boolean;
  /** The new code's speed-up over the original, as the verify cell measured it. */
  speedup: number | null;
  /** The whole line, shown as it was printed. */
  line: string;
}

/**
 * Reads the verify cell's result: the last printed line that starts with `verify:`.
 * The last line wins: a cell run twice in one output shows its latest result.
 */
export function parseVerifyLine(text: string): IVerifyResult | null {
  const lines = text.split(/\r?\n/).map(line => line.trim());
  const line = [...lines]
    .reverse()
    .find(candidate => candidate.startsWith(VERIFY_PREFIX));
  if (!line) {
    return null;
  }
  const fields = new Map<string, string>();
  for (const token of line.slice(VERIFY_PREFIX.length).trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) {
      fields.set(token.slice(0, eq), token.slice(eq + 1));
    }
  }
  const equal = fields.get('equal');
  if (equal !== 'True' && equal !== 'False') {
    return null;
  }
  const speedup = Number.parseFloat(
    (fields.get('speedup') ?? '').replace(/x$/, '')
  );
  return {
    equal: equal === 'True',
    speedup: Number.isFinite(speedup) ? speedup : null,
    line
  };
}
