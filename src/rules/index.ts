/**
 * Every rule, by id: what it finds (advise) and the cells it inserts (render). The record type
 * makes the compiler insist on both for every id of the vocabulary in contracts/advice.ts.
 */
import type { Rule } from '../advice/phrases';
import type { IInsertCell, RuleId } from '../contracts/advice';
import type { ICellOrigin } from '../templates/cells';
import type { IRewrite } from '../templates/rewrite';
import { rewriteCells } from '../templates/rewrite';
import type { ITemplateContext } from '../templates/types';
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

export type { ITemplateContext } from '../templates/types';

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
 * The cells a rule inserts below the analysed cell: the template cell(s) filled in with the
 * cell's own names, a verify cell for rewrites, and a markdown note saying what the user must
 * finish where the analysis did not understand the code. Every cell carries metadata
 * `{"jupyterlab-optimiser": {rule, source_cell, role}}`.
 */
export function renderTemplate(
  rule: RuleId,
  ctx: ITemplateContext
): IInsertCell[] {
  return RULES[rule].render({ rule, cellId: ctx.cellId }, ctx);
}
