/**
 * The work-item loop the parallel rules (Pathos, GNU Parallel) share: the cell's first top-level
 * loop over independent items, with its per-item time when the runs and item count allow.
 */
import type { IFunctionRef, IRuleInput, IWorkLoop } from './context';
import { cores, usesAllCores } from './context';
import { loopHoldsTime } from './hot';
import { perItem } from './phrases';
import { isItemLoop } from './shapes';
import type { IEvidence } from '../contracts/advice';
import type { IMessage } from '../contracts/messages';
import { listParam, message } from '../contracts/messages';
import { counted, evidence } from './phrases';
import * as words from './words';

/** The item loop and what is known of its items. */
/**
 * A minute per item: where the lesson moves from a Python pool (Pathos) to separate programs run by
 * GNU Parallel. Both rules read this one boundary so that no item falls between them.
 */
export const LONG_ITEM_SECONDS = 60;

export interface IItems {
  loop: IWorkLoop;
  /** Seconds per item, when the cell was timed and the item count is known. */
  perItem: number | null;
}

/**
 * The cell's loop over independent work items, or null when there is none or when running items
 * side by side cannot help: one usable core, a single item, the cores already busy, or the code
 * already parallel.
 */
export function workItems(input: IRuleInput): IItems | null {
  const kind = input.diagnosis.kind;
  const compiled =
    kind === 'native' || kind === 'all-cores' || kind === 'waiting';
  const loop = heaviest(
    candidates(input).filter(
      w =>
        // Items of a minute or more are work items whatever runs inside them (defect 7).
        isItemLoop(
          w,
          compiled || (perItem(input, w) ?? 0) >= LONG_ITEM_SECONDS,
          compiled && inLibraryCall(input, w)
        ) && loopHoldsTime(input.diagnosis, w)
    )
  );
  const total = cores(input);
  if (
    !loop ||
    input.work.parallel ||
    (total !== null && total < 2) ||
    usesAllCores(input)
  ) {
    return null;
  }
  if (loop.count !== null && loop.count < 2) {
    return null;
  }
  return { loop, perItem: perItem(input, loop) };
}

/** The profile found the loop's time inside a library call under one of its lines. */
function inLibraryCall(input: IRuleInput, w: IWorkLoop): boolean {
  return input.diagnosis.hotLines.some(
    hot =>
      hot.cell_id === w.cellId &&
      hot.line >= w.loop.line &&
      hot.line <= w.loop.endLine &&
      (hot.calls?.length ?? 0) > 0
  );
}

/**
 * The cell's own top-level loops, then the outer loops of the functions its top level calls
 * once (`main()` looping over files): each iteration of either is a work item.
 */
function candidates(input: IRuleInput): IWorkLoop[] {
  const called = input.work.topLevelCalls;
  const inLoop = (ref: IFunctionRef): boolean =>
    input.work.itemLoops.some(w => w.called.includes(ref));
  // A loop inside a function compiled with Numba is machine code: a pool cannot take its
  // iterations apart (Numba's own `prange` or a GPU can).
  return [
    ...input.work.itemLoops,
    ...input.work.loops.filter(
      w =>
        w.fn !== null &&
        called.includes(w.fn) &&
        !inLoop(w.fn) &&
        !input.work.compiled.includes(w.fn)
    )
  ];
}

/**
 * The item loop most likely to hold the cell's time: one starting programs, then one calling a
 * function that loops, then one calling any function, then library or string work. Ties go to
 * the first in the cell.
 */
function heaviest(loops: readonly IWorkLoop[]): IWorkLoop | undefined {
  const weight = (w: IWorkLoop): number =>
    w.effective.subprocess
      ? 4
      : w.effective.callsLoopingFunction
        ? 3
        : w.called.length > 0
          ? 2
          : w.effective.arrayCalls.length > 0
            ? 1
            : 0;
  let best: IWorkLoop | undefined;
  for (const loop of loops) {
    if (!best || weight(loop) > weight(best)) {
      best = loop;
    }
  }
  return best;
}

/** "calls `word_stats` for each of 6 items" / "runs an external program for each item". */
export function itemsPhrase(items: IItems): IMessage {
  const loop = items.loop;
  const each =
    loop.count !== null
      ? message('items.each-of', { items: counted(loop.count, 'item') })
      : message('items.each');
  if (loop.effective.subprocess) {
    return message('items.starts-program', { each });
  }
  if (loop.called.length > 0) {
    return message('items.calls', {
      names: listParam(loop.called.map(ref => words.code(ref.name))),
      each
    });
  }
  return message('items.separately', { each });
}

/** "about 0.53 s (3.2 s over 6 items)", or null when the time per item is unknown. */
export function perItemPhrase(
  input: IRuleInput,
  items: IItems
): IMessage | null {
  const m = input.measurement;
  if (items.perItem === null || !m || items.loop.count === null) {
    return null;
  }
  return message(
    'items.about-per-item',
    perItemParams(items.perItem, m.seconds, items.loop.count)
  );
}

/** The per-item time as evidence: "0.53 s per item (3.2 s over 6 items)". */
export function perItemEvidence(input: IRuleInput, items: IItems): IEvidence[] {
  const m = input.measurement;
  if (items.perItem === null || !m || items.loop.count === null) {
    return [];
  }
  return [
    evidence(
      'measured',
      message(
        'items.per-item',
        perItemParams(items.perItem, m.seconds, items.loop.count)
      )
    )
  ];
}

function perItemParams(perItem: number, seconds: number, count: number) {
  return {
    each: words.itemSeconds(perItem),
    seconds: words.seconds(seconds),
    items: counted(count, 'item')
  };
}
