/**
 * `numba-jit`: a numeric loop with no array expression — each step needs the previous one, it
 * branches per element, it recurses, or it is a `while` loop. The lesson: where NumPy is
 * impractical, compile the function with Numba.
 */
import type { IFunctionRef, IRuleInput, IWorkLoop } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
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
      ? `Compile ${words.code(fn.name)} with Numba`
      : 'Compile the loop with Numba',
    why: `${sentence} Numba compiles it to machine code, loop and all, keeping the code as it is.`,
    evidence: [
      ...measuredEvidence(input),
      ...codeEvidence(loops, recursive, input),
      ...machineEvidence(input, ['cores'])
    ],
    confidence: input.measurement ? 'high' : 'medium',
    target: first ? loopTarget(first) : functionTarget(recursive[0])
  };
}

/** The loops, what they carry between iterations, and the functions that call themselves. */
function codeEvidence(
  loops: readonly IWorkLoop[],
  recursive: readonly IFunctionRef[],
  input: IRuleInput
): IEvidence[] {
  const evidence = loops.map(loop => loopEvidence(loop, input));
  for (const loop of loops.filter(item => item.loop.carried.length > 0)) {
    const text = `carried from one iteration to the next: ${loop.loop.carried.join(', ')}`;
    evidence.push(
      loop.cellId === input.cell.id
        ? { kind: 'code', text, line: loop.loop.line }
        : { kind: 'code', text }
    );
  }
  return [
    ...evidence,
    ...recursive.map(ref => ({
      kind: 'code' as const,
      text: `${ref.name} calls itself`
    }))
  ];
}

function loopSentence(loop: IWorkLoop, input: IRuleInput): string {
  const times = loop.count !== null ? ` ${words.count(loop.count)} times` : '';
  const reason = whyNotArrays(loop) ?? '';
  const place =
    loop.fn === null ? `on line ${loop.loop.line}` : `in ${where(loop, input)}`;
  return `The loop ${place} runs${times} in the Python interpreter and ${reason}, so there is no array expression for it; ${timing(input)}.`;
}

function recursionSentence(name: string, input: IRuleInput): string {
  return `${words.code(name)} calls itself on numbers, which NumPy cannot express as array operations; ${timing(input)}.`;
}
