/**
 * `numpy-vectorise`: a numeric loop that runs element by element in the interpreter and maps to
 * whole-array operations (no loop-carried values, no per-element branches, no recursion). The
 * lesson's first step for vector units: NumPy data types instead of built-in ones.
 */
import type { IRuleInput, IWorkLoop } from '../../advice/context';
import { usesAllCores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  cellOf,
  loopEvidence,
  loopsPhrase,
  loopTarget,
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import { functionHoldsTime, holdsTime, timeLoops } from '../../advice/hot';
import type { IElementWalk, IPandasCallback } from '../../advice/shapes';
import {
  elementWalks,
  mapsToArrays,
  pandasCallbacks,
  WALKING_BUILTINS
} from '../../advice/shapes';
import type { Confidence, IEvidence } from '../../contracts/advice';
import type { IMessage } from '../../contracts/messages';
import { linesMessage, message } from '../../contracts/messages';
import * as words from '../../advice/words';
import { isRandomDraw } from '../../analysis/vocabulary';

/** "line 4", or "line 19 of cell 1" for lines of another cell. */
function rowPlace(
  lines: readonly number[],
  cellId: string,
  input: IRuleInput
): IMessage {
  const own = linesMessage(lines, cellId);
  return cellId === input.cell.id
    ? own
    : message('code.lines-of-cell', {
        lines: own,
        cell: cellOf(input, cellId)
      });
}

/** The pandas callbacks (shapes.pandasCallbacks) where the time is: the call, or the function. */
function hotCallbacks(input: IRuleInput): IPandasCallback[] {
  return pandasCallbacks(input.cell, input.work, input.notebook).filter(
    callback =>
      holdsTime(
        input.diagnosis,
        callback.cell_id,
        callback.line,
        callback.line
      ) ||
      (callback.fn !== null && functionHoldsTime(input.diagnosis, callback.fn))
  );
}

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
  // The callbacks of a function the cell calls in another cell (`f_apply(df)`), when the cell's
  // own lines hold none.
  const elsewhere =
    rowLines.length === 0
      ? hotCallbacks(input).filter(
          (callback, _, all) =>
            callback.cell_id !== input.cell.id &&
            callback.cell_id === all[0].cell_id
        )
      : [];
  const rowCell = elsewhere.length > 0 ? elsewhere[0].cell_id : input.cell.id;
  if (elsewhere.length > 0) {
    rowLines.push(...elsewhere.map(callback => callback.line));
  }
  const walks =
    loops.length === 0 && rowLines.length === 0 ? timeWalks(input) : [];
  if (walks.length > 0) {
    return walkFinding(walks, input);
  }
  if (loops.length === 0 && rowLines.length === 0) {
    return null;
  }
  const evidence: IEvidence[] = [...measuredEvidence(input)];
  evidence.push(...loops.map(loop => loopEvidence(loop, input)));
  evidence.push(...operationEvidence(loops, input));
  evidence.push(
    ...rowLines.map(line =>
      rowCell === input.cell.id
        ? {
            kind: 'code' as const,
            text: message('numpy-vectorise.row-loop'),
            line
          }
        : {
            kind: 'code' as const,
            text: message('numpy-vectorise.row-loop-in', {
              lines: rowPlace([line], rowCell, input)
            })
          }
    )
  );
  const finding: Finding = {
    rule: 'numpy-vectorise',
    title:
      loops.length > 0
        ? message(
            loops.length === 1
              ? 'numpy-vectorise.title-loop'
              : 'numpy-vectorise.title-loops'
          )
        : message('numpy-vectorise.title-rows'),
    why:
      loops.length > 0
        ? message('numpy-vectorise.why-loops', {
            sentence: loopSentence(loops, input)
          })
        : message('numpy-vectorise.why-rows', {
            lines: rowPlace(rowLines, rowCell, input),
            timing: timing(input)
          }),
    evidence: [...evidence, ...machineEvidence(input, ['cores'])],
    confidence: confidence(input)
  };
  if (loops.length > 0) {
    finding.target = loopTarget(loops[0]);
  }
  return finding;
}

/** Built-ins called on NumPy arrays on the lines where the time is. */
function timeWalks(input: IRuleInput): IElementWalk[] {
  return elementWalks(input.cell.analysis, input.variables).filter(walk =>
    holdsTime(input.diagnosis, input.cell.id, walk.line, walk.line)
  );
}

/** `sum(big_array)` -> `np.sum(big_array)`: the array's own reduction, in compiled code. */
function walkFinding(
  walks: readonly IElementWalk[],
  input: IRuleInput
): Finding {
  const first = walks[0];
  const call = `${first.builtin}(${first.array})`;
  const replacement = `${WALKING_BUILTINS[first.builtin]}(${first.array})`;
  const size = input.variables[first.array]?.shape?.reduce((a, b) => a * b, 1);
  return {
    rule: 'numpy-vectorise',
    title: message('numpy-vectorise.title-walk', {
      replacement: words.code(replacement)
    }),
    why: message('numpy-vectorise.why-walk', {
      call: words.code(call),
      lines: linesMessage(
        walks.map(walk => walk.line),
        input.cell.id
      ),
      array: words.code(first.array),
      replacement: words.code(replacement),
      timing: timing(input)
    }),
    evidence: [
      ...measuredEvidence(input),
      ...walks.map(walk => ({
        kind: 'code' as const,
        text: message(
          size === undefined
            ? 'numpy-vectorise.walk'
            : 'numpy-vectorise.walk-count',
          {
            call: `${walk.builtin}(${walk.array})`,
            count: size === undefined ? '' : words.count(size)
          }
        ),
        line: walk.line
      })),
      ...machineEvidence(input, ['cores'])
    ],
    confidence: confidence(input),
    target: {
      kind: 'cell',
      cellId: input.cell.id,
      functionName: null,
      line: Math.min(...walks.map(walk => walk.line)),
      endLine: Math.max(...walks.map(walk => walk.line))
    }
  };
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

function loopSentence(
  loops: readonly IWorkLoop[],
  input: IRuleInput
): IMessage {
  const counts = [...new Set(loops.map(loop => loop.count))];
  const one = loops.length === 1;
  const times =
    counts.length === 1 && counts[0] !== null
      ? message(one ? 'numpy-vectorise.times' : 'numpy-vectorise.times-each', {
          count: words.count(counts[0])
        })
      : null;
  const operations = operationNames(loops);
  // Random numbers drawn one per call, and nothing else computed: say so, not "arithmetic".
  const drawsOnly =
    operations.length > 0 &&
    loops.every(loop => !loop.effective.arithmetic) &&
    loops.some(loop => loop.effective.mathCalls.some(isRandomDraw));
  const doing =
    operations.length > 0
      ? message(
          drawsOnly
            ? 'numpy-vectorise.doing-draws'
            : 'numpy-vectorise.doing-operations',
          { operations: operations.join(', ') }
        )
      : message('numpy-vectorise.doing');
  const params = {
    loops: loopsPhrase(loops, input),
    times,
    doing,
    timing: timing(input)
  };
  return one
    ? message('numpy-vectorise.loop-runs', params)
    : message('numpy-vectorise.loops-run', params);
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
      const text = message('numpy-vectorise.element-wise', {
        items: items.join(', ')
      });
      evidence.push(
        here
          ? { kind: 'code', text, line: loop.loop.line }
          : { kind: 'code', text }
      );
    }
  }
  return evidence;
}

/**
 * Lines of the cell where pandas runs Python once per element or row, where the time is:
 * `.apply(f)` / `.map(f)` with a lambda or a notebook function, and loops reading rows with
 * `.iloc[i]`.
 */
function pandasPerElement(input: IRuleInput): number[] {
  const lines = hotCallbacks(input)
    .filter(callback => callback.cell_id === input.cell.id)
    .map(callback => callback.line);
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
