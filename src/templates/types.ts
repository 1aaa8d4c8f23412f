import type { IInsertCell, RuleId } from '../contracts/advice';
import type { ICellAnalysis, INotebookAnalysis } from '../analysis/types';
import type { IFacts, IRunRecord } from '../contracts/facts';
import type { IAdviceConfig } from '../contracts/settings';

/** Everything a template may read to specialise itself to one cell. */
export interface ITemplateContext {
  /** The analysed cell's id (JupyterLab's id, or its index as a string). */
  cellId: string;
  /** The cell's source text, as the user wrote it. */
  source: string;
  analysis: ICellAnalysis;
  /** The whole notebook's analysis, for functions defined in other cells; null if unknown. */
  notebook: INotebookAnalysis | null;
  /** Sources of the other cells by id, to copy a definition the cell calls. */
  cellSources: Readonly<Record<string, string>>;
  facts: Omit<IFacts, 'runs'> | null;
  runs: readonly IRunRecord[];
  config: IAdviceConfig;
}

/** Renders the cells a rule inserts (template cells + verify cell). */
export type TemplateRenderer = (
  rule: RuleId,
  ctx: ITemplateContext
) => IInsertCell[];
