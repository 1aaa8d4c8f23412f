/**
 * Sentences and evidence the rules share, so that every piece of advice cites measurements,
 * code and machine the same way.
 */
import type { IRuleInput, IWorkLoop } from './context';
import { cores } from './context';
import type { IAdviceTarget, IEvidence, IFinding } from '../contracts/advice';
import type { IFunctionRef } from '../analysis/callgraph';
import type { ICellParam } from '../contracts/messages';
import { cellParam, formatMessage, lineParam } from '../contracts/messages';
import * as words from './words';

/**
 * What a rule returns: the advice without the cells to insert (the pipeline adds those). A rule
 * that names no target is about the whole cell (the engine fills that in).
 */
export type Finding = Omit<IFinding, 'target'> & { target?: IAdviceTarget };

/** A rule: pure, deterministic, one finding or none. */
export type Rule = (input: IRuleInput) => Finding | null;

/** "the cell took 3.2 s with 1.0 of 2 cores busy" or, unmeasured, "the cell has not been timed yet". */
export function timing(input: IRuleInput): string {
  const m = input.measurement;
  if (!m) {
    return 'the cell has not been timed yet, so this rests on the code alone';
  }
  const busy =
    m.coresBusy === null
      ? ''
      : ` with ${words.coresBusy(m.coresBusy, cores(input))}`;
  return `the cell took ${words.seconds(m.seconds)}${busy}`;
}

/** The measured facts: time (and over how many runs) and cores busy. */
export function measuredEvidence(input: IRuleInput): IEvidence[] {
  const m = input.measurement;
  if (!m) {
    return [];
  }
  const runs = m.runs > 1 ? ` (latest of ${m.runs} runs)` : '';
  const evidence: IEvidence[] = [
    { kind: 'measured', text: `ran ${words.seconds(m.seconds)}${runs}` }
  ];
  if (m.coresBusy !== null) {
    evidence.push({
      kind: 'measured',
      text: words.coresBusy(m.coresBusy, cores(input))
    });
  }
  return evidence;
}

/** The machine facts a rule relied on: cores, memory, GPUs, scheduler. */
export function machineEvidence(
  input: IRuleInput,
  what: ('cores' | 'memory' | 'gpu' | 'scheduler')[]
): IEvidence[] {
  const machine = input.machine;
  if (!machine) {
    return [];
  }
  const evidence: IEvidence[] = [];
  for (const item of what) {
    const text = machineFact(input, item);
    if (text) {
      evidence.push({ kind: 'machine', text });
    }
  }
  return evidence;
}

function machineFact(
  input: IRuleInput,
  item: 'cores' | 'memory' | 'gpu' | 'scheduler'
): string | null {
  const machine = input.machine;
  if (!machine) {
    return null;
  }
  switch (item) {
    case 'cores':
      return `${words.plural(machine.cores, 'usable core')}`;
    case 'memory':
      return machine.memory_available_bytes === null
        ? null
        : `${words.bytes(machine.memory_available_bytes)} of memory available`;
    case 'gpu':
      return machine.gpus.length === 0
        ? 'no GPU'
        : `GPU: ${machine.gpus.map(gpu => gpu.name).join(', ')}`;
    case 'scheduler':
      return machine.scheduler === null
        ? 'no batch scheduler'
        : `batch scheduler: ${machine.scheduler}`;
  }
}

/** Where a loop is, in words: "line 4", or "`simulate` (line 4)", or in another cell. */
export function where(loop: IWorkLoop, input: IRuleInput): string {
  if (loop.fn === null) {
    return `line ${loop.loop.line}`;
  }
  const name = words.code(loop.fn.name);
  return loop.cellId === input.cell.id
    ? `${name} (line ${loop.loop.line})`
    : formatMessage({
        id: 'code.defined-elsewhere',
        params: {
          name,
          cell: cellOf(input, loop.cellId),
          line: lineParam(loop.loop.line, loop.cellId)
        }
      });
}

/** Another cell of the notebook, named by its position ("cell 4"), never by its id. */
export function cellOf(input: IRuleInput, cellId: string): ICellParam {
  const cell = input.notebook.cells.find(item => item.id === cellId);
  return cellParam(cell ? cell.index + 1 : 0, cellId);
}

/** A loop as evidence: its header, item count, and line when it is in the analysed cell. */
export function loopEvidence(loop: IWorkLoop, input: IRuleInput): IEvidence {
  const header =
    loop.loop.kind === 'while'
      ? 'while loop'
      : `${loop.loop.kind === 'for' ? 'for' : 'comprehension over'} ${loop.loop.iterable?.text ?? '…'}`;
  const items =
    loop.count === null
      ? ''
      : `, ${words.plural(loop.count, 'item')}${loop.countSource === 'probe' ? ' (probe)' : ''}`;
  const place =
    loop.cellId === input.cell.id
      ? ''
      : ` in ${words.code(loop.fn?.name ?? '')}, cell ${loop.cellId}`;
  const evidence: IEvidence = {
    kind: 'code',
    text: `${header}${items}${place}`
  };
  if (loop.cellId === input.cell.id) {
    evidence.line = loop.loop.line;
  }
  return evidence;
}

/** The code a loop-based rule rewrites: the function holding the loop, or the loop itself. */
export function loopTarget(loop: IWorkLoop): IAdviceTarget {
  if (loop.fn) {
    return functionTarget(loop.fn);
  }
  return {
    kind: 'loop',
    cellId: loop.cellId,
    functionName: null,
    line: loop.loop.line,
    endLine: loop.loop.endLine
  };
}

/** A user function as the target: its cell, name and lines. */
export function functionTarget(fn: IFunctionRef): IAdviceTarget {
  return {
    kind: 'function',
    cellId: fn.cellId,
    functionName: fn.name,
    line: fn.def.line,
    endLine: fn.def.endLine
  };
}

/** "The loop on line 4", "The loops on lines 2, 3 and 5", "The loop in `simulate` (line 4)". */
export function loopsPhrase(
  loops: readonly IWorkLoop[],
  input: IRuleInput
): string {
  const lines = [
    ...new Set(
      loops.filter(loop => loop.fn === null).map(loop => loop.loop.line)
    )
  ];
  if (loops.every(loop => loop.fn === null)) {
    return `The ${lines.length === 1 ? 'loop' : 'loops'} on ${words.lines(lines)}`;
  }
  return `The ${loops.length === 1 ? 'loop' : 'loops'} in ${words.list(loops.map(loop => where(loop, input)))}`;
}

/** Per-item seconds when both the time and the item count are known. */
export function perItem(input: IRuleInput, loop: IWorkLoop): number | null {
  const m = input.measurement;
  return m && loop.count !== null && loop.count > 0
    ? m.seconds / loop.count
    : null;
}
