/**
 * The verify cell inserted with every rewrite: a few lines that hand the original cell and the new
 * code to the probe's verify harness (src/kernel/verify.py), which runs both on copies of the same
 * inputs, compares the results, times both and ends with one line `verify: equal=True|False
 * speedup=<x>x ...`.
 */
import { indent, pyBlock, pyString, pyStrings } from './cells';

/** What the verify cell compares and how. */
export interface IVerifySpec {
  /** The analysed cell's source, run as the "before". */
  original: string;
  /** The new code's run part (its definitions and compilation already ran in the template cell). */
  rewritten: string;
  /** Python expressions both versions must agree on (names, or the cell's last expression). */
  outputs: readonly string[];
  /** Free names the original mutates in place (appends, `+=`): deep-copied before each run. */
  mutated: readonly string[];
  /** Side effects the analysis saw in the original (external programs, files); shown as warnings. */
  sideEffects: readonly string[];
  /** Run each side in its own copy of the working directory and compare the files it wrote. */
  files: boolean;
  /** Compare what each side printed (numbers to a unit of their last printed digit). */
  printed?: boolean;
  /** Python code to run once the timing is done (close a cluster), or null. */
  cleanup: string | null;
}

/** The private module the probe lives in (PROBE_MODULE in src/kernel/install.ts). */
const PROBE = '__import__("sys").modules.get("_jlab_optimiser_probe")';

/** What the cell prints instead when the kernel has no probe (the setting is off, or a kernel the
 * front end has not reached): one line that says how to get the check. */
const NO_PROBE =
  "Optimiser check not run: this kernel has no optimiser probe. Turn on Settings > Optimiser > 'Measure executions in the kernel', then restart the kernel and run this cell again.";

/**
 * The verify cell's source for one rewrite: a call of the harness the probe installs in every
 * probed kernel (`verify` in src/kernel/verify.py), with the two versions as strings.
 */
export function verifySource(spec: IVerifySpec): string {
  const check = [
    `if hasattr(${PROBE}, "verify"):`,
    `    ${PROBE}.verify(`,
    `        original=${pyBlock(spec.original)},`,
    `        new=${pyBlock(spec.rewritten)},`,
    `        outputs=${pyStrings(spec.outputs)},`,
    `        mutated=${pyStrings(spec.mutated)},`,
    `        side_effects=${pyStrings(spec.sideEffects)},`,
    ...(spec.files ? ['        files=True,'] : []),
    ...(spec.printed === true ? ['        printed=True,'] : []),
    '        repeats=3,',
    '    )',
    'else:',
    `    print(${pyString(NO_PROBE)})`
  ];
  const body = spec.cleanup
    ? [
        'try:',
        ...check.map(line => `    ${line}`),
        'finally:',
        indent(spec.cleanup)
      ]
    : check;
  return [
    '# Optimiser check: runs your original cell and the new code on copies of the same inputs,',
    '# compares the results and times both in turn; the last line reads `verify: equal=... speedup=...`.',
    ...body
  ].join('\n');
}
