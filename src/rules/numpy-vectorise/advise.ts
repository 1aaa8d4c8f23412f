/**
 * `numpy-vectorise`: a numeric loop that runs element by element in the interpreter and maps to
 * whole-array operations (no loop-carried values, no per-element branches, no recursion). The
 * lesson's first step for vector units: NumPy data types instead of built-in ones.
 */
import type { IRuleInput, IWorkLoop } from '../../advice/context';
import { usesAllCores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  loopEvidence,
  loopsPhrase,
  loopTarget,
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import { findFunction } from '../../advice/context';
import { functionHoldsTime, holdsTime, timeLoops } from '../../advice/hot';
import { mapsToArrays } from '../../advice/shapes';
import type { Confidence, IEvidence } from '../../contracts/advice';
import * as words from '../../advice/words';

/** Fires for element-wise numeric loops and pandas row loops. */
export function numpyVectorise(input: IRuleInput): Finding | null {
  const diagnosis = input.diagnosis;
  const loops = timeLoops(input).filter(mapsToArrays);
  const rowLines = [
    ...new Set([
      ...input.cell.analysis.rowLoops.filter(line =>
        holdsTime(diagnosis, input.cell.id, line, line)
      ),
      ...pandasPerElement(input)
    ])
  ].sort((a, b) => a - b);
  if (loops.length === 0 && rowLines.length === 0) {
    return null;
  }
  const evidence: IEvidence[] = [...measuredEvidence(input)];
  evidence.push(...loops.map(loop => loopEvidence(loop, input)));
  evidence.push(...operationEvidence(loops, input));
  evidence.push(
    ...rowLines.map(line => ({
      kind: 'code' as const,
      text: 'pandas row loop',
      line
    }))
  );
  const parts = [
    loops.length > 0 ? loopSentence(loops, input) : rowSentence(rowLines, input)
  ];
  parts.push(
    loops.length > 0
      ? 'NumPy does the same arithmetic on whole arrays in compiled code that uses the vector units.'
      : 'Whole-column operations do the same work in compiled code.'
  );
  const finding: Finding = {
    rule: 'numpy-vectorise',
    title:
      loops.length > 0
        ? `Vectorise the ${loops.length === 1 ? 'loop' : 'loops'} with NumPy`
        : 'Replace the row loop with column operations',
    why: parts.join(' '),
    evidence: [...evidence, ...machineEvidence(input, ['cores'])],
    confidence: confidence(input)
  };
  if (loops.length > 0) {
    finding.target = loopTarget(loops[0]);
  }
  return finding;
}

function confidence(input: IRuleInput): Confidence {
  if (!input.measurement) {
    return 'medium';
  }
  // A Python loop keeping all cores busy means something else does the work.
  return usesAllCores(input) && (input.machine?.cores ?? 1) > 1
    ? 'medium'
    : 'high';
}

function loopSentence(loops: readonly IWorkLoop[], input: IRuleInput): string {
  const counts = [...new Set(loops.map(loop => loop.count))];
  const times =
    counts.length === 1 && counts[0] !== null
      ? ` ${words.count(counts[0])} times${loops.length > 1 ? ' each' : ''}`
      : '';
  const operations = operationNames(loops);
  const doing =
    operations.length > 0
      ? `, doing arithmetic (${operations.join(', ')})`
      : ', doing arithmetic';
  return `${loopsPhrase(loops, input)} ${loops.length === 1 ? 'runs' : 'run'}${times} in the Python interpreter${doing} one number at a time; ${timing(input)}.`;
}

function rowSentence(lines: readonly number[], input: IRuleInput): string {
  return `The pandas code on ${words.lines(lines)} handles one row at a time in Python; ${timing(input)}.`;
}

/** The math calls and element reads the loops make: what the array version computes. */
function operationNames(loops: readonly IWorkLoop[]): string[] {
  const names = new Set<string>();
  for (const loop of loops) {
    loop.effective.mathCalls.forEach(name => names.add(name));
    loop.loop.elementIndexing.forEach(text => names.add(text));
  }
  return [...names].slice(0, 5);
}

function operationEvidence(
  loops: readonly IWorkLoop[],
  input: IRuleInput
): IEvidence[] {
  const evidence: IEvidence[] = [];
  for (const loop of loops) {
    const here = loop.cellId === input.cell.id;
    const items = [
      ...loop.effective.mathCalls,
      ...loop.loop.elementIndexing
    ].slice(0, 4);
    if (items.length > 0) {
      const text = `element-wise: ${items.join(', ')}`;
      evidence.push(
        here
          ? { kind: 'code', text, line: loop.loop.line }
          : { kind: 'code', text }
      );
    }
  }
  return evidence;
}

/** pandas methods that call a Python function once per element, row or group. */
const PER_ELEMENT = /\.(apply|map|applymap|transform|agg|aggregate)$/;

/**
 * Lines where pandas runs Python once per element or row, where the time is: `.apply(f)` /
 * `.map(f)` with a lambda or a notebook function, and loops reading rows with `.iloc[i]`.
 */
function pandasPerElement(input: IRuleInput): number[] {
  const diagnosis = input.diagnosis;
  const analysis = input.cell.analysis;
  const lines: number[] = [];
  for (const call of analysis.calls) {
    const fn = call.args[0]?.trim() ?? '';
    if (!PER_ELEMENT.test(call.name) || fn === '') {
      continue;
    }
    const ref = /^\w+$/.test(fn)
      ? findFunction(fn, input.cell.id, input.notebook)
      : null;
    const hot = ref
      ? functionHoldsTime(diagnosis, ref) ||
        holdsTime(diagnosis, input.cell.id, call.line, call.line)
      : fn.startsWith('lambda') &&
        holdsTime(diagnosis, input.cell.id, call.line, call.line);
    if (hot) {
      lines.push(call.line);
    }
  }
  for (const w of timeLoops(input)) {
    if (
      w.cellId === input.cell.id &&
      /\.(iloc|iat)\[\s*\w+\s*\]/.test(w.text)
    ) {
      lines.push(w.loop.line);
    }
  }
  return lines;
}
