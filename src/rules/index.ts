/**
 * Every rule, by id: what it finds (advise) and the cells it inserts (render). The record type
 * makes the compiler insist on both for every id of the vocabulary in contracts/advice.ts.
 */
import { analyseNotebook, cellParse } from '../analysis';
import type { IRuleInput } from '../advice/context';
import { ruleInput } from '../advice/context';
import { timeLoops } from '../advice/hot';
import type { Rule } from '../advice/phrases';
import { functionTarget, loopTarget } from '../advice/phrases';
import type {
  IAdviceTarget,
  IFinding,
  IInsertCell,
  RuleId
} from '../contracts/advice';
import type { ICellOrigin } from '../templates/cells';
import type { IRewrite } from '../templates/rewrite';
import { rewriteCells } from '../templates/rewrite';
import type { ICellContext, ITemplateContext } from '../templates/types';
import { compiledExtension } from './compiled-extension/advise';
import { cythonRewrite } from './compiled-extension/render';
import { consistentTiming } from './consistent-timing/advise';
import { timingCells } from './consistent-timing/render';
import { daskPartition } from './dask-partition/advise';
import { daskRewrite } from './dask-partition/render';
import { gnuParallel } from './gnu-parallel/advise';
import { parallelRewrite } from './gnu-parallel/render';
import { gpuLibrary } from './gpu-library/advise';
import { gpuRewrite } from './gpu-library/render';
import { multiNode } from './multi-node/advise';
import { multiNodeRewrite } from './multi-node/render';
import { numbaCuda } from './numba-cuda/advise';
import { cudaRewrite } from './numba-cuda/render';
import { numbaJit } from './numba-jit/advise';
import { numbaRewrite } from './numba-jit/render';
import { numpyVectorise } from './numpy-vectorise/advise';
import { numpyRewrite } from './numpy-vectorise/render';
import { pathosPool } from './pathos-pool/advise';
import { poolRewrite } from './pathos-pool/render';
import { profileFirst } from './profile-first/advise';
import { profileCells } from './profile-first/render';
import { message } from '../contracts/messages';

export type { ICellContext, ITemplateContext } from '../templates/types';

/** The cells a rule inserts below the analysed cell. */
export type Render = (
  origin: ICellOrigin,
  ctx: ITemplateContext
) => IInsertCell[];

/** One step of the lesson: when it applies, and the code it offers. */
export interface IRuleModule {
  advise: Rule;
  render: Render;
}

/** A rewrite's cells: the template cell(s), the verify cell and a note on what is left to do. */
function rewriting(rewrite: (ctx: ITemplateContext) => IRewrite): Render {
  return (origin, ctx) => rewriteCells(origin, ctx, rewrite(ctx));
}

/** The rule for each id. */
export const RULES: Readonly<Record<RuleId, IRuleModule>> = {
  'profile-first': { advise: profileFirst, render: profileCells },
  'consistent-timing': { advise: consistentTiming, render: timingCells },
  'numpy-vectorise': {
    advise: numpyVectorise,
    render: rewriting(numpyRewrite)
  },
  'numba-jit': { advise: numbaJit, render: rewriting(numbaRewrite) },
  'pathos-pool': { advise: pathosPool, render: rewriting(poolRewrite) },
  'gnu-parallel': { advise: gnuParallel, render: rewriting(parallelRewrite) },
  'dask-partition': { advise: daskPartition, render: rewriting(daskRewrite) },
  'gpu-library': { advise: gpuLibrary, render: rewriting(gpuRewrite) },
  'numba-cuda': { advise: numbaCuda, render: rewriting(cudaRewrite) },
  'multi-node': { advise: multiNode, render: rewriting(multiNodeRewrite) },
  'compiled-extension': {
    advise: compiledExtension,
    render: rewriting(cythonRewrite)
  }
};

/** The advise function of every rule, as the engine runs them. */
export const ADVISERS = Object.fromEntries(
  Object.entries(RULES).map(([id, rule]) => [id, rule.advise])
) as Readonly<Record<RuleId, Rule>>;

/**
 * The cells a finding inserts below the analysed cell: the template cell(s) filled in with the
 * cell's own names for exactly the finding's target, a verify cell for rewrites, and a markdown
 * note saying what the user must finish where the analysis did not understand the code. Every
 * cell carries metadata `{"jupyterlab-optimiser": {rule, source_cell, role}}`.
 */
export function renderFinding(
  finding: IFinding,
  cell: ICellContext
): IInsertCell[] {
  const ctx: ITemplateContext = {
    ...cell,
    finding,
    parsed: cellParse(cell.analysis, cell.source)
  };
  return RULES[finding.rule].render(
    { rule: finding.rule, cellId: cell.cellId },
    ctx
  );
}

/**
 * A rule's cells for a cell, as the engine would find them: the rule's own finding (its target),
 * or, where the rule does not fire for the cell, one about the whole cell. For tests and
 * tools that ask for one rule; the pipeline renders the findings it has with `renderFinding`.
 */
export function renderTemplate(
  rule: RuleId,
  cell: ICellContext
): IInsertCell[] {
  return renderFinding(findingFor(rule, cell), cell);
}

function findingFor(rule: RuleId, cell: ICellContext): IFinding {
  const notebook =
    cell.notebook ??
    analyseNotebook([{ id: cell.cellId, source: cell.source, index: 0 }]);
  const analysed = { id: cell.cellId, index: 0, analysis: cell.analysis };
  const input = ruleInput(
    analysed,
    notebook,
    cell.runs,
    cell.facts,
    cell.config
  );
  const found = RULES[rule].advise(input);
  return {
    rule,
    title: found?.title ?? message('rule.not-advised', { rule }),
    why: found?.why ?? message('rule.not-advised', { rule }),
    evidence: found?.evidence ?? [],
    confidence: found?.confidence ?? 'low',
    target: found?.target ?? workTarget(input)
  };
}

/** Where the cell's work is, as the engine reads it: its first hot loop (the one holding the
 * profile's hot line when there is a profile), else the first user function it calls, else the
 * whole cell. */
function workTarget(input: IRuleInput): IAdviceTarget {
  const loop = timeLoops(input)[0] ?? input.work.loops[0];
  const fn = input.work.userCalls[0];
  if (loop) {
    return loopTarget(loop);
  }
  return fn
    ? functionTarget(fn)
    : {
        kind: 'cell',
        cellId: input.cell.id,
        functionName: null,
        line: 1,
        endLine: Math.max(1, input.cell.analysis.lineCount)
      };
}
