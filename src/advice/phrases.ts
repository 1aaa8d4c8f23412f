/**
 * Sentences and evidence the rules share, so that every piece of advice cites measurements,
 * code and machine the same way.
 */
import type { IRuleInput, IWorkLoop } from './context';
import { cores } from './context';
import type { IAdviceTarget, IEvidence, IFinding } from '../contracts/advice';
import type { IFunctionRef } from '../analysis/callgraph';
import type { ICellParam, IMessage } from '../contracts/messages';
import {
  cellParam,
  coresBusy,
  lineParam,
  linesMessage,
  listParam,
  message
} from '../contracts/messages';
import * as words from './words';

/**
 * What a rule returns: the advice without the cells to insert (the pipeline adds those). A rule
 * that names no target is about the whole cell (the engine fills that in).
 */
export type Finding = Omit<IFinding, 'target'> & { target?: IAdviceTarget };

/** A rule: pure, deterministic, one finding or none. */
export type Rule = (input: IRuleInput) => Finding | null;

/**
 * "the cell took 3.2 s with 1.0 of 2 cores busy" or, unmeasured, "the cell has not been timed
 * yet"; `start` words it to begin a sentence ("The cell took ...").
 */
export function timing(input: IRuleInput, start = false): IMessage {
  const m = input.measurement;
  if (!m) {
    return message(start ? 'timing.unmeasured-start' : 'timing.unmeasured');
  }
  const time = words.seconds(m.seconds);
  return m.coresBusy === null
    ? message(start ? 'timing.took-start' : 'timing.took', { seconds: time })
    : message(start ? 'timing.took-busy-start' : 'timing.took-busy', {
        seconds: time,
        busy: coresBusy(m.coresBusy, cores(input))
      });
}

/** "1 item" / "6 items" (`words.count` digits), for each noun the advice counts. */
export function counted(
  value: number,
  noun: 'item' | 'worker' | 'function' | 'usable-core'
): IMessage {
  const count = words.count(value);
  switch (noun) {
    case 'item':
      return value === 1
        ? message('count.item', { count })
        : message('count.items', { count });
    case 'worker':
      return value === 1
        ? message('count.worker', { count })
        : message('count.workers', { count });
    case 'function':
      return value === 1
        ? message('count.function', { count })
        : message('count.functions', { count });
    case 'usable-core':
      return value === 1
        ? message('count.usable-core', { count })
        : message('count.usable-cores', { count });
  }
}

/** Evidence worded by a message. */
export function evidence(
  kind: IEvidence['kind'],
  text: IMessage,
  line?: number
): IEvidence {
  return line === undefined ? { kind, text } : { kind, text, line };
}

/** The measured facts: time (and over how many runs) and cores busy. */
export function measuredEvidence(input: IRuleInput): IEvidence[] {
  const m = input.measurement;
  if (!m) {
    return [];
  }
  const time = words.seconds(m.seconds);
  const found: IEvidence[] = [
    evidence(
      'measured',
      m.runs > 1
        ? message('evidence.ran-latest', { seconds: time, runs: m.runs })
        : message('evidence.ran', { seconds: time })
    )
  ];
  if (m.coresBusy !== null) {
    found.push(evidence('measured', coresBusy(m.coresBusy, cores(input))));
  }
  return found;
}

/** The machine facts a rule relied on: cores, memory, GPUs, scheduler. */
export function machineEvidence(
  input: IRuleInput,
  what: ('cores' | 'memory' | 'gpu' | 'scheduler')[]
): IEvidence[] {
  const found: IEvidence[] = [];
  for (const item of what) {
    const text = machineFact(input, item);
    if (text) {
      found.push(evidence('machine', text));
    }
  }
  return found;
}

function machineFact(
  input: IRuleInput,
  item: 'cores' | 'memory' | 'gpu' | 'scheduler'
): IMessage | null {
  const machine = input.machine;
  if (!machine) {
    return null;
  }
  switch (item) {
    case 'cores':
      return counted(machine.cores, 'usable-core');
    case 'memory':
      return machine.memory_available_bytes === null
        ? null
        : message('machine.memory-available', {
            bytes: words.bytes(machine.memory_available_bytes)
          });
    case 'gpu':
      return machine.gpus.length === 0
        ? message('machine.no-gpu')
        : message('machine.gpu', {
            names: machine.gpus.map(gpu => gpu.name).join(', ')
          });
    case 'scheduler':
      return machine.scheduler === null
        ? message('machine.no-scheduler')
        : message('machine.scheduler', { scheduler: machine.scheduler });
  }
}

/** Where a loop is, in words: "line 4", or "`simulate` (line 4)", or in another cell. */
export function where(loop: IWorkLoop, input: IRuleInput): IMessage {
  const line = lineParam(loop.loop.line, loop.cellId);
  if (loop.fn === null) {
    return message('code.line', { line });
  }
  const name = words.code(loop.fn.name);
  return loop.cellId === input.cell.id
    ? message('code.function-line', { name, line })
    : message('code.defined-elsewhere', {
        name,
        cell: cellOf(input, loop.cellId),
        line
      });
}

/** Another cell of the notebook, named by its position ("cell 4"), never by its id. */
export function cellOf(input: IRuleInput, cellId: string): ICellParam {
  const cell = input.notebook.cells.find(item => item.id === cellId);
  return cellParam(cell ? cell.index + 1 : 0, cellId);
}

/** A loop as evidence: its header, item count, and line when it is in the analysed cell. */
export function loopEvidence(loop: IWorkLoop, input: IRuleInput): IEvidence {
  const iterable = loop.loop.iterable?.text ?? '…';
  let text =
    loop.loop.kind === 'while'
      ? message('loop.while')
      : loop.loop.kind === 'for'
        ? message('loop.for', { iterable })
        : message('loop.comprehension', { iterable });
  if (loop.count !== null) {
    const items = counted(loop.count, 'item');
    text =
      loop.countSource === 'probe'
        ? message('loop.items-probe', { loop: text, items })
        : message('loop.items', { loop: text, items });
  }
  if (loop.cellId !== input.cell.id) {
    return evidence(
      'code',
      message('loop.in-function-cell', {
        loop: text,
        name: words.code(loop.fn?.name ?? ''),
        cell: cellOf(input, loop.cellId)
      })
    );
  }
  return evidence('code', text, loop.loop.line);
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
): IMessage {
  if (loops.every(loop => loop.fn === null)) {
    const lines = linesMessage(
      loops.map(loop => loop.loop.line),
      input.cell.id
    );
    const one = new Set(loops.map(loop => loop.loop.line)).size === 1;
    return one
      ? message('loops.on-one', { lines })
      : message('loops.on-many', { lines });
  }
  const places = listParam(loops.map(loop => where(loop, input)));
  return loops.length === 1
    ? message('loops.in-one', { places })
    : message('loops.in-many', { places });
}

/** Per-item seconds when both the time and the item count are known. */
export function perItem(input: IRuleInput, loop: IWorkLoop): number | null {
  const m = input.measurement;
  return m && loop.count !== null && loop.count > 0
    ? m.seconds / loop.count
    : null;
}
