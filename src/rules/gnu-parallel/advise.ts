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
import type { IMessage } from '../../contracts/messages';
import { lineParam, linesMessage, message } from '../../contracts/messages';
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
    evidence.push({
      kind: 'code',
      text: message('gnu-parallel.starts-program'),
      line
    })
  );
  const perText = perItemPhrase(input, items);
  evidence.push(...perItemEvidence(input, items));
  const m = input.measurement;
  if (m && m.childrenCpu > 0) {
    evidence.push({
      kind: 'measured',
      text: message('gnu-parallel.children-cpu', {
        seconds: words.seconds(m.childrenCpu)
      })
    });
  }
  const loop = {
    line: lineParam(items.loop.loop.line, items.loop.cellId),
    items: itemsPhrase(items)
  };
  const time = { timing: timing(input), children: childrenPhrase(input) };
  return {
    rule: 'gnu-parallel',
    title: message('gnu-parallel.title'),
    why: message('sentences.three', {
      first:
        programLines.length > 0
          ? message('gnu-parallel.loop-lines', {
              ...loop,
              lines: linesMessage(programLines, input.cell.id)
            })
          : message('gnu-parallel.loop', loop),
      second: perText
        ? message('gnu-parallel.each-takes', { ...time, each: perText })
        : message('gnu-parallel.time', time),
      third: message('gnu-parallel.runs-copies')
    }),
    evidence: [...evidence, ...machineEvidence(input, ['cores'])],
    confidence: input.measurement ? 'high' : 'medium',
    target: loopTarget(items.loop)
  };
}

/** ", most of it in the programs it started" when the children did the work. */
function childrenPhrase(input: IRuleInput): IMessage | null {
  const m = input.measurement;
  return m && m.childrenCpu > m.kernelCpu
    ? message('gnu-parallel.most-in-children', {
        seconds: words.seconds(m.childrenCpu)
      })
    : null;
}
