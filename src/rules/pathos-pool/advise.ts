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
import * as words from '../../advice/words';
import type { IItems } from '../../advice/items';
import {
  itemsPhrase,
  LONG_ITEM_SECONDS,
  perItemEvidence,
  perItemPhrase,
  workItems
} from '../../advice/items';
import type { PoolLibrary } from '../../contracts/settings';

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

/** Fires for a loop over independent Python work items of seconds each. */
export function pathosPool(input: IRuleInput): Finding | null {
  const items = input.diagnosis.kind === 'waiting' ? null : workItems(input);
  if (!items) {
    return fillNode(input);
  }
  if (items.loop.effective.subprocess) {
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
  const total = cores(input);
  return {
    rule: 'pathos-pool',
    title: `Run the independent items in parallel with ${library}`,
    why: [
      `The loop on line ${items.loop.loop.line} ${itemsPhrase(items)}, and no item needs another's result.`,
      detail(input, items, perText),
      `A process pool (${library}) with ${total !== null ? `${words.plural(total, 'worker')}, one per core,` : 'one worker per core'} runs the items side by side.`
    ].join(' '),
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
  const nodes =
    input.machine?.scheduler !== null && input.machine?.scheduler !== undefined
      ? ' before asking the scheduler for more nodes'
      : '';
  return {
    rule: 'pathos-pool',
    title: 'Fill this node first: one worker per core',
    why: [
      `The cell already runs its work in parallel, but ${timing(input)}.`,
      `Give the pool (${library}, or the scheduler's workers) ${words.plural(total, 'worker')}, one per core, and enough items to keep them busy${nodes}.`
    ].join(' '),
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
  perText: string | null
): string {
  const kind = items.loop.effective.stringOrDictWork
    ? ' of string and dictionary work that NumPy does not help with'
    : '';
  if (perText) {
    return `Each item takes ${perText}${kind}; ${timing(input)}.`;
  }
  return words.sentence(
    `${kind ? `the items do work${kind}; ` : ''}${timing(input)}.`
  );
}

function confidence(input: IRuleInput, items: IItems): Confidence {
  if (!input.measurement || items.perItem === null) {
    return 'medium';
  }
  return items.perItem >= 0.1 ? 'high' : 'low';
}
