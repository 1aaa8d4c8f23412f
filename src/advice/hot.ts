/**
 * Where the time is, for the rules: the code shape is read only there. With a line profile that is
 * the hot lines (in this cell or in the cells defining the functions it calls); without one, the
 * whole cell and everything it calls.
 */
import type { IDiagnosis } from '../diagnosis';
import type { IRuleInput } from './context';
import type { IFunctionRef, IWorkLoop } from './work';

/** True when the lines `line..endLine` of cell `cellId` hold hot time (or nothing is known). */
export function holdsTime(
  diagnosis: IDiagnosis,
  cellId: string,
  line: number,
  endLine: number
): boolean {
  if (diagnosis.hotLines.length === 0) {
    return true;
  }
  return diagnosis.hotLines.some(
    hot => hot.cell_id === cellId && hot.line >= line && hot.line <= endLine
  );
}

/** True when a function's definition holds hot time. */
export function functionHoldsTime(
  diagnosis: IDiagnosis,
  ref: IFunctionRef
): boolean {
  return holdsTime(diagnosis, ref.cellId, ref.def.line, ref.def.endLine);
}

/**
 * Names the hot lines call (in this cell, or in the cells holding them); every call of the cell
 * and of the functions it reaches when there is no profile.
 */
export function hotCalls(input: IRuleInput): Set<string> {
  const diagnosis = input.diagnosis;
  const names = new Set<string>();
  const cells = new Map(input.notebook.cells.map(cell => [cell.id, cell]));
  if (diagnosis.hotLines.length === 0) {
    input.cell.analysis.calls.forEach(call => names.add(call.name));
    input.work.userCalls.forEach(ref =>
      ref.def.calls.forEach(name => names.add(name))
    );
    return names;
  }
  for (const hot of diagnosis.hotLines) {
    const cell = cells.get(hot.cell_id);
    cell?.analysis.calls
      .filter(call => call.line === hot.line)
      .forEach(call => names.add(call.name));
  }
  return names;
}

/** The Numba-compiled functions where the time is: hot themselves, or called from a hot line. */
export function hotCompiled(input: IRuleInput): IFunctionRef[] {
  const called = hotCalls(input);
  return input.work.compiled.filter(
    ref => functionHoldsTime(input.diagnosis, ref) || called.has(ref.name)
  );
}

/**
 * The loops where the time is: for each hot line, the innermost loop holding it (an outer loop
 * that only repeats array work does not count), or the cell's loops that call the function holding
 * it. Without a profile, the outermost loops of the cell and of the functions it calls.
 */
export function timeLoops(input: IRuleInput): IWorkLoop[] {
  const diagnosis = input.diagnosis;
  if (diagnosis.hotLines.length === 0) {
    return input.work.loops;
  }
  const found: IWorkLoop[] = [];
  const add = (w: IWorkLoop): void => {
    if (!found.includes(w)) {
      found.push(w);
    }
  };
  for (const hot of diagnosis.hotLines) {
    const holding = input.work.allLoops.filter(
      w =>
        w.cellId === hot.cell_id &&
        hot.line >= firstLine(w) &&
        hot.line <= w.loop.endLine
    );
    if (holding.length > 0) {
      add(holding.reduce((a, b) => (b.loop.depth > a.loop.depth ? b : a)));
      continue;
    }
    input.work.loops
      .filter(w =>
        w.reached.some(
          ref =>
            ref.cellId === hot.cell_id &&
            hot.line >= ref.def.line &&
            hot.line <= ref.def.endLine
        )
      )
      .forEach(add);
  }
  return found;
}

/**
 * A comprehension's loop starts at its `for`, but its element, where the time goes, may sit on
 * the lines above (`[f(x)\n for x in xs]`): those count as the loop's too.
 */
const COMPREHENSION_LEAD = 2;

function firstLine(w: IWorkLoop): number {
  return w.loop.kind === 'comprehension'
    ? w.loop.line - COMPREHENSION_LEAD
    : w.loop.line;
}

/** True when the loop, or a function it calls (directly or further down), holds hot time. */
export function loopHoldsTime(diagnosis: IDiagnosis, w: IWorkLoop): boolean {
  return (
    holdsTime(diagnosis, w.cellId, w.loop.line, w.loop.endLine) ||
    w.reached.some(ref => functionHoldsTime(diagnosis, ref))
  );
}
