import type { IFinding } from '../contracts/advice';
import type { ICellAnalysis, INotebookAnalysis } from '../analysis/types';
import type { IParsed } from '../analysis/syntax';
import type { IFacts, IRunRecord } from '../contracts/facts';
import type { IAdviceConfig } from '../contracts/settings';

/** The analysed cell and what surrounds it, as the pipeline hands it to a rule's render. */
export interface ICellContext {
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

/** Everything a template may read to specialise itself to one finding of one cell. */
export interface ITemplateContext extends ICellContext {
  /** The finding the cells are for: the template rewrites exactly its target. */
  finding: IFinding;
  /**
   * The analysis' own parse of the cell: magics, shell escapes and unreadable lines blanked
   * (line numbers kept), so that templates need not parse the cell again.
   */
  parsed: IParsed;
}
