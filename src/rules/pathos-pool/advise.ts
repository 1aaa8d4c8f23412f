/**
 * `pathos-pool`: independent work items of seconds each, in Python. The lesson: "If the work items
 * are small (a few seconds each), then consider using Pathos to run many copies of individual
 * Python functions on one node."
 */
import type { IRuleInput } from '../../advice/context';
import { cores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  loopEvidence,
  loopTarget,
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import type { Confidence, IEvidence } from '../../contracts/advice';
import type { IMessage } from '../../contracts/messages';
import { lineParam, message } from '../../contracts/messages';
import { counted } from '../../advice/phrases';
import type { IItems } from '../../advice/items';
import {
  itemsPhrase,
  LONG_ITEM_SECONDS,
  perItemEvidence,
  perItemPhrase,
  workItems
} from '../../advice/items';
import type { PoolLibrary } from '../../contracts/settings';
import * as words from '../../advice/words';

/**
 * Items shorter than this are mostly pool overhead (pickling, scheduling). A pool's `map` sends
 * items in chunks (Pathos and multiprocessing size them to about four per worker), so that
 * overhead is paid per chunk: items of a few milliseconds are still worth a pool.
 */
const MIN_ITEM_SECONDS = 0.001;

const LIBRARY_NAMES: Record<PoolLibrary, string> = {
  pathos: 'Pathos',
  joblib: 'joblib',
  'concurrent.futures': 'concurrent.futures'
};

/**
 * Items whose time is whole-array library work, on a machine with a GPU: the GPU library runs
 * each array step faster than a pool of CPU workers runs the items, so it goes first.
 */
function arrayItemsForGpu(input: IRuleInput, items: IItems): boolean {
  return (
    input.diagnosis.kind === 'native' &&
    (input.machine?.gpus.length ?? 0) > 0 &&
    items.loop.effective.arrayCalls.length > 0
  );
}

/** Fires for a loop over independent Python work items of seconds each. */
export function pathosPool(input: IRuleInput): Finding | null {
  const items = input.diagnosis.kind === 'waiting' ? null : workItems(input);
  if (!items) {
    return fillNode(input);
  }
  if (items.loop.effective.subprocess || arrayItemsForGpu(input, items)) {
    return null;
  }
  const per = items.perItem;
  if (per !== null && (per < MIN_ITEM_SECONDS || per >= LONG_ITEM_SECONDS)) {
    return null;
  }
  const library = LIBRARY_NAMES[input.config.poolLibrary];
  const evidence: IEvidence[] = [
    ...measuredEvidence(input),
    loopEvidence(items.loop, input)
  ];
  const perText = perItemPhrase(input, items);
  evidence.push(...perItemEvidence(input, items));
  // `l = l * zoom` carried from item to item, yet item k can compute its own from k.
  evidence.push(
    ...items.loop.loop.inductions.map(name => ({
      kind: 'code' as const,
      text: message('pathos-pool.induction', { name: words.code(name) })
    }))
  );
  const total = cores(input);
  return {
    rule: 'pathos-pool',
    title: message('pathos-pool.title', { library }),
    why: message('sentences.three', {
      first: message('pathos-pool.loop', {
        line: lineParam(items.loop.loop.line, items.loop.cellId),
        items: itemsPhrase(items)
      }),
      second: detail(input, items, perText),
      third:
        total !== null
          ? message('pathos-pool.pool-workers', {
              library,
              workers: counted(total, 'worker')
            })
          : message('pathos-pool.pool', { library })
    }),
    evidence: [...evidence, ...machineEvidence(input, ['cores'])],
    confidence: confidence(input, items),
    target: loopTarget(items.loop)
  };
}

/**
 * Code that is already parallel (a pool, Dask) but leaves most of this node's cores idle: the
 * lesson's guard before several nodes — "Are you already fully using parallelism on a single
 * node? If not, then look into this first."
 */
function fillNode(input: IRuleInput): Finding | null {
  const m = input.measurement;
  const total = cores(input);
  if (
    !input.work.parallel ||
    !m ||
    m.coresBusy === null ||
    total === null ||
    total < 4 ||
    m.coresBusy > total / 2 ||
    m.childrenCpu + m.kernelCpu < m.seconds ||
    m.seconds < input.config.thresholdSeconds
  ) {
    return null;
  }
  const library = LIBRARY_NAMES[input.config.poolLibrary];
  const scheduler =
    input.machine?.scheduler !== null && input.machine?.scheduler !== undefined;
  const fill = { library, workers: counted(total, 'worker') };
  return {
    rule: 'pathos-pool',
    title: message('pathos-pool.fill-title'),
    why: message('sentences.two', {
      first: message('pathos-pool.already-parallel', { timing: timing(input) }),
      second: scheduler
        ? message('pathos-pool.fill-before-nodes', fill)
        : message('pathos-pool.fill', fill)
    }),
    evidence: [
      ...measuredEvidence(input),
      ...machineEvidence(input, ['cores', 'scheduler'])
    ],
    confidence: 'medium'
  };
}

function detail(
  input: IRuleInput,
  items: IItems,
  perText: IMessage | null
): IMessage {
  const strings = items.loop.effective.stringOrDictWork;
  const time = timing(input);
  if (perText) {
    return strings
      ? message('pathos-pool.each-takes-strings', {
          each: perText,
          timing: time
        })
      : message('pathos-pool.each-takes', { each: perText, timing: time });
  }
  if (strings) {
    return message('pathos-pool.strings', { timing: time });
  }
  return message('pathos-pool.timing', { timing: timing(input, true) });
}

function confidence(input: IRuleInput, items: IItems): Confidence {
  if (!input.measurement || items.perItem === null) {
    return 'medium';
  }
  return items.perItem >= 0.1 ? 'high' : 'low';
}
