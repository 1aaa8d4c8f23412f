/**
 * `gnu-parallel`: independent work items that each run an external program, or that take a minute
 * or more. The lesson: "If so, and the work items are large (a minute or longer each), then
 * consider using GNU Parallel to run many copies of an existing program on one node."
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  loopEvidence,
  loopTarget,
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import type { IEvidence } from '../../contracts/advice';
import * as words from '../../advice/words';
import {
  itemsPhrase,
  LONG_ITEM_SECONDS,
  perItemEvidence,
  perItemPhrase,
  workItems
} from '../../advice/items';

/** Fires for a loop over independent items that start a program each or run for minutes. */
export function gnuParallel(input: IRuleInput): Finding | null {
  const items = workItems(input);
  const long =
    items?.perItem !== null &&
    items?.perItem !== undefined &&
    items.perItem >= LONG_ITEM_SECONDS;
  if (!items || (!items.loop.effective.subprocess && !long)) {
    return null;
  }
  const evidence: IEvidence[] = [
    ...measuredEvidence(input),
    loopEvidence(items.loop, input)
  ];
  const programLines = input.cell.analysis.subprocessLines.filter(
    line =>
      items.loop.fn === null &&
      line >= items.loop.loop.line &&
      line <= items.loop.loop.endLine
  );
  programLines.forEach(line =>
    evidence.push({ kind: 'code', text: 'starts an external program', line })
  );
  const perText = perItemPhrase(input, items);
  evidence.push(...perItemEvidence(input, items));
  const m = input.measurement;
  if (m && m.childrenCpu > 0) {
    evidence.push({
      kind: 'measured',
      text: `${words.seconds(m.childrenCpu)} CPU in child processes`
    });
  }
  const where =
    programLines.length > 0 ? ` (${words.lines(programLines)})` : '';
  return {
    rule: 'gnu-parallel',
    title: 'Run the items as separate programs with GNU Parallel',
    why: [
      `The loop on line ${items.loop.loop.line} ${itemsPhrase(items)}${where}, and the items do not depend on each other.`,
      `${perText ? `Each item takes ${perText}; ` : ''}${timing(input)}${childrenPhrase(input)}.`,
      'GNU Parallel runs one copy per core and starts the next as soon as one finishes.'
    ].join(' '),
    evidence: [...evidence, ...machineEvidence(input, ['cores'])],
    confidence: input.measurement ? 'high' : 'medium',
    target: loopTarget(items.loop)
  };
}

/** ", most of it in the programs it started" when the children did the work. */
function childrenPhrase(input: IRuleInput): string {
  const m = input.measurement;
  return m && m.childrenCpu > m.kernelCpu
    ? `, most of it in the programs it started (${words.seconds(m.childrenCpu)} CPU)`
    : '';
}
