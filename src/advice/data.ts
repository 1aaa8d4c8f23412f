/**
 * The largest data a cell handles: allocations whose size its code states (its own, and those in
 * functions it calls from other cells) and the variables the probe measured.
 */
import type {
  IAllocation,
  ICellAnalysis,
  IFunctionDef
} from '../analysis/types';
import type { IVariableFacts } from '../contracts/facts';
import { bytes, code } from './words';

/** One piece of data and its size. */
export interface IDataSize {
  bytes: number;
  /** In words: "`values` (ndarray, 800 MB)" or "`np.zeros(n)` on line 2 (800 MB)". */
  what: string;
  /** The same without the line, for evidence that carries the line itself. */
  label: string;
  source: 'code' | 'probe';
  line?: number;
}

/** A function defined in another cell, with that cell's allocations. */
export interface ICalledElsewhere {
  ref: { name: string; def: IFunctionDef };
  allocations: readonly IAllocation[];
}

/** The largest of everything the cell is known to hold; the first wins a tie. */
export function largestData(
  analysis: ICellAnalysis,
  elsewhere: readonly ICalledElsewhere[],
  variables: Readonly<Record<string, IVariableFacts>>
): IDataSize | null {
  const candidates = [
    ...ownAllocations(analysis),
    ...calledAllocations(elsewhere),
    ...measuredVariables(
      [...analysis.assigned, ...analysis.freeNames],
      variables
    )
  ];
  let best: IDataSize | null = null;
  for (const candidate of candidates) {
    if (!best || candidate.bytes > best.bytes) {
      best = candidate;
    }
  }
  return best;
}

function ownAllocations(analysis: ICellAnalysis): IDataSize[] {
  return analysis.allocations.flatMap(allocation => {
    if (allocation.bytes === undefined) {
      return [];
    }
    const size = bytes(allocation.bytes);
    return [
      {
        bytes: allocation.bytes,
        what: `${code(allocation.text)} on line ${allocation.line} (${size})`,
        label: `allocates ${size}: ${allocation.text}`,
        source: 'code' as const,
        line: allocation.line
      }
    ];
  });
}

/** Allocations inside called functions of other cells: their lines belong to those cells. */
function calledAllocations(
  elsewhere: readonly ICalledElsewhere[]
): IDataSize[] {
  return elsewhere.flatMap(({ ref, allocations }) =>
    allocations
      .filter(
        a =>
          a.line >= ref.def.line &&
          a.line <= ref.def.endLine &&
          a.bytes !== undefined
      )
      .map(a => {
        const size = a.bytes ?? 0;
        const what = `${code(a.text)} in ${code(ref.name)} (${bytes(size)})`;
        return { bytes: size, what, label: what, source: 'code' as const };
      })
  );
}

function measuredVariables(
  names: readonly string[],
  variables: Readonly<Record<string, IVariableFacts>>
): IDataSize[] {
  const sizes: IDataSize[] = [];
  for (const name of new Set(names)) {
    const facts = Object.prototype.hasOwnProperty.call(variables, name)
      ? variables[name]
      : undefined;
    if (facts?.nbytes !== undefined && Number.isFinite(facts.nbytes)) {
      const what = `${code(name)} (${facts.type}, ${bytes(facts.nbytes)})`;
      sizes.push({
        bytes: facts.nbytes,
        what,
        label: `variable ${what}`,
        source: 'probe'
      });
    }
  }
  return sizes;
}
