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
import type { IMessage } from '../contracts/messages';
import { lineParam, message } from '../contracts/messages';
import { bytes, code } from './words';

/** One piece of data and its size. */
export interface IDataSize {
  bytes: number;
  /** In words: "`values` (ndarray, 800 MB)" or "`np.zeros(n)` on line 2 (800 MB)". */
  what: IMessage;
  /** The same without the line, for evidence that carries the line itself. */
  label: IMessage;
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
  cellId: string,
  analysis: ICellAnalysis,
  elsewhere: readonly ICalledElsewhere[],
  variables: Readonly<Record<string, IVariableFacts>>
): IDataSize | null {
  const candidates = [
    ...ownAllocations(cellId, analysis),
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

function ownAllocations(cellId: string, analysis: ICellAnalysis): IDataSize[] {
  return analysis.allocations.flatMap(allocation => {
    if (allocation.bytes === undefined) {
      return [];
    }
    const size = bytes(allocation.bytes);
    return [
      {
        bytes: allocation.bytes,
        what: message('data.allocation-line', {
          code: code(allocation.text),
          line: lineParam(allocation.line, cellId),
          size
        }),
        label: message('data.allocates', { size, code: allocation.text }),
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
        const what = message('data.allocation-in', {
          code: code(a.text),
          name: code(ref.name),
          size: bytes(size)
        });
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
      const params = {
        name: code(name),
        type: facts.type,
        size: bytes(facts.nbytes)
      };
      sizes.push({
        bytes: facts.nbytes,
        what: message('data.variable-size', params),
        label: message('data.variable', params),
        source: 'probe'
      });
    }
  }
  return sizes;
}
