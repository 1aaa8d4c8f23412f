/**
 * `numba-jit`: a numeric loop with no array expression — each step needs the previous one, it
 * branches per element, it recurses, or it is a `while` loop. The lesson: where NumPy is
 * impractical, compile the function with Numba.
 */
import type { IFunctionRef, IRuleInput, IWorkLoop } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  evidence as fact,
  functionTarget,
  loopEvidence,
  loopTarget,
  machineEvidence,
  measuredEvidence,
  timing,
  where
} from '../../advice/phrases';
import { functionHoldsTime, timeLoops } from '../../advice/hot';
import { needsCompiler, whyNotArrays } from '../../advice/shapes';
import type { IEvidence } from '../../contracts/advice';
import type { IMessage } from '../../contracts/messages';
import { lineParam, message } from '../../contracts/messages';
import * as words from '../../advice/words';

/** Fires for numeric loops (or recursive numeric functions) that do not map to arrays. */
export function numbaJit(input: IRuleInput): Finding | null {
  const diagnosis = input.diagnosis;
  const loops = timeLoops(input).filter(needsCompiler);
  const recursive = input.work.userCalls.filter(
    ref =>
      ref.def.recursive &&
      functionHoldsTime(diagnosis, ref) &&
      ref.def.arithmetic &&
      !ref.def.stringOrDictWork &&
      !ref.def.subprocess &&
      !input.work.compiled.includes(ref)
  );
  const first = loops[0];
  const fn = first ? first.fn : recursive[0];
  if (!first && !fn) {
    return null;
  }
  const sentence = first
    ? loopSentence(first, input)
    : recursionSentence(recursive[0].name, input);
  return {
    rule: 'numba-jit',
    title: fn
      ? message('numba-jit.title-function', { name: words.code(fn.name) })
      : message('numba-jit.title-loop'),
    why: message('numba-jit.why', { sentence }),
    evidence: [
      ...measuredEvidence(input),
      ...codeEvidence(loops, recursive, input),
      ...machineEvidence(input, ['cores'])
    ],
    confidence: input.measurement ? 'high' : 'medium',
    target: first
      ? loopTarget(outermost(first, input))
      : functionTarget(recursive[0])
  };
}

/**
 * The top-level loop around a loop of the cell's own code: Numba compiles the whole nest (the
 * template turns a top-level loop into a function; an inner loop alone has no function to be).
 */
function outermost(loop: IWorkLoop, input: IRuleInput): IWorkLoop {
  if (loop.fn !== null || loop.loop.depth === 0) {
    return loop;
  }
  return (
    input.work.allLoops.find(
      w =>
        w.fn === null &&
        w.cellId === loop.cellId &&
        w.loop.depth === 0 &&
        w.loop.line <= loop.loop.line &&
        w.loop.endLine >= loop.loop.endLine
    ) ?? loop
  );
}

/** The loops, what they carry between iterations, and the functions that call themselves. */
function codeEvidence(
  loops: readonly IWorkLoop[],
  recursive: readonly IFunctionRef[],
  input: IRuleInput
): IEvidence[] {
  const evidence = loops.map(loop => loopEvidence(loop, input));
  for (const loop of loops.filter(item => item.loop.carried.length > 0)) {
    const text = message('numba-jit.carried', {
      names: loop.loop.carried.join(', ')
    });
    evidence.push(
      fact(
        'code',
        text,
        loop.cellId === input.cell.id ? loop.loop.line : undefined
      )
    );
  }
  return [
    ...evidence,
    ...recursive.map(ref =>
      fact('code', message('numba-jit.calls-itself', { name: ref.name }))
    )
  ];
}

function loopSentence(loop: IWorkLoop, input: IRuleInput): IMessage {
  const place =
    loop.fn === null
      ? message('numba-jit.on-line', {
          line: lineParam(loop.loop.line, loop.cellId)
        })
      : message('numba-jit.in', { where: where(loop, input) });
  const params = {
    place,
    reason: whyNotArrays(loop),
    timing: timing(input)
  };
  return loop.count !== null
    ? message('numba-jit.loop-times', {
        ...params,
        times: words.count(loop.count)
      })
    : message('numba-jit.loop', params);
}

function recursionSentence(name: string, input: IRuleInput): IMessage {
  return message('numba-jit.recursion', {
    name: words.code(name),
    timing: timing(input)
  });
}
