/**
 * Templates: for each advice rule, the cells to insert below the analysed cell — the first
 * version of the faster code, specialised to the cell, plus a verify cell that proves it.
 * Pure: no DOM, no JupyterLab, no kernel.
 */
import type { IInsertCell, RuleId } from '../advice/types';
import type { ICellOrigin } from './cells';
import { rewriteCells } from './rewrite';
import type { IRewrite } from './rewrite';
import { cythonRewrite } from './rules/cython';
import { daskRewrite } from './rules/dask';
import { cudaRewrite, gpuRewrite } from './rules/gpu';
import { multiNodeRewrite } from './rules/multinode';
import { numbaRewrite } from './rules/numba';
import { numpyRewrite } from './rules/numpy';
import { parallelRewrite } from './rules/parallel';
import { poolRewrite } from './rules/pool';
import { profileCells, timingCells } from './rules/profile';
import type { ITemplateContext } from './types';

export type { ITemplateContext, TemplateRenderer } from './types';
export { METADATA_KEY } from './cells';

const REWRITES: Partial<Record<RuleId, (ctx: ITemplateContext) => IRewrite>> = {
  'numpy-vectorise': numpyRewrite,
  'numba-jit': numbaRewrite,
  'pathos-pool': poolRewrite,
  'gnu-parallel': parallelRewrite,
  'dask-partition': daskRewrite,
  'gpu-library': gpuRewrite,
  'numba-cuda': cudaRewrite,
  'multi-node': multiNodeRewrite,
  'compiled-extension': cythonRewrite
};

const CELLS: Partial<
  Record<RuleId, (origin: ICellOrigin, ctx: ITemplateContext) => IInsertCell[]>
> = {
  'profile-first': profileCells,
  'consistent-timing': timingCells
};

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
  const origin: ICellOrigin = { rule, cellId: ctx.cellId };
  const cells = CELLS[rule];
  if (cells) {
    return cells(origin, ctx);
  }
  const rewrite = REWRITES[rule];
  return rewrite ? rewriteCells(origin, ctx, rewrite(ctx)) : [];
}
