/**
 * The one composition of analysis, advice and templates that both the panel and the headless CLI
 * use, so that the CLI's `insert` cells are exactly what the panel would insert. Pure: no DOM,
 * no JupyterLab, no kernel; facts and runs come in as plain data.
 */
import type { ICellSource } from './analysis';
import { NotebookAnalyser } from './analysis';
import type { INotebookAnalysis, IUnreadLine } from './analysis/types';
import { ruleInput } from './advice/context';
import { runRules } from './advice/engine';
import type { IAdvice, IFinding, IInsertCell } from './contracts/advice';
import type { IFacts, RunsByCell } from './contracts/facts';
import type { IDiagnosis } from './diagnosis';
import type { ICellContext } from './rules';
import { ADVISERS, renderFinding } from './rules';
import type { IAdviceConfig } from './contracts/settings';

/** A notebook cell as the pipeline reads it. */
export interface IPipelineCell {
  /** JupyterLab's cell id, or the cell's index as a string when it has none. */
  id: string;
  type: 'code' | 'markdown' | 'raw';
  source: string;
}

/** What advising a notebook needs. */
export interface IPipelineInput {
  /** Every cell of the notebook, in order (markdown too: indices count them). */
  cells: readonly IPipelineCell[];
  /** Runs per cell id, oldest first. */
  runs: RunsByCell;
  /** Machine, libraries and variables from the probe, or null for static advice. */
  facts: Omit<IFacts, 'runs'> | null;
  config: IAdviceConfig;
  /** A long-lived analyser (the panel keeps one per notebook) so unchanged cells are not re-read. */
  analyser?: NotebookAnalyser;
}

/** The advice for one code cell. */
export interface ICellAdvice {
  id: string;
  /** 0-based position of the cell in the notebook, markdown cells included. */
  index: number;
  /** Wall time of the latest successful run, or null when the cell has not run. */
  seconds: number | null;
  /** What limits the cell, from its measurements (the advice is the lesson's step for it). */
  diagnosis: IDiagnosis;
  /** Best first; empty for a fast cell or one that already does the right thing. */
  advice: IAdvice[];
  /** Lines the analysis set aside (magics, shell escapes, syntax errors). */
  unread: IUnreadLine[];
}

/** Advice for every code cell of a notebook, in notebook order. */
export function adviseNotebook(input: IPipelineInput): ICellAdvice[] {
  const notebook = analyse(input);
  const sources = cellSources(input.cells);
  return notebook.cells.map(cell =>
    adviseAnalysed(cell, notebook, sources, input)
  );
}

/** Advice for one code cell (the panel's shown cell), or null when no code cell has that id. */
export function adviseCell(
  input: IPipelineInput,
  cellId: string
): ICellAdvice | null {
  const notebook = analyse(input);
  const cell = notebook.cells.find(item => item.id === cellId);
  return cell
    ? adviseAnalysed(cell, notebook, cellSources(input.cells), input)
    : null;
}

function analyse(input: IPipelineInput): INotebookAnalysis {
  const code: ICellSource[] = [];
  input.cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      code.push({ id: cell.id, source: cell.source, index });
    }
  });
  return (input.analyser ?? new NotebookAnalyser()).analyse(code);
}

function cellSources(cells: readonly IPipelineCell[]): Record<string, string> {
  const sources = Object.create(null) as Record<string, string>;
  for (const cell of cells) {
    if (cell.type === 'code') {
      sources[cell.id] = cell.source;
    }
  }
  return sources;
}

function adviseAnalysed(
  cell: INotebookAnalysis['cells'][number],
  notebook: INotebookAnalysis,
  sources: Readonly<Record<string, string>>,
  input: IPipelineInput
): ICellAdvice {
  const runs = Object.prototype.hasOwnProperty.call(input.runs, cell.id)
    ? input.runs[cell.id]
    : [];
  const rules = ruleInput(
    cell,
    notebook,
    runs,
    input.facts,
    input.config,
    sources
  );
  const context: ICellContext = {
    cellId: cell.id,
    source: sources[cell.id] ?? '',
    analysis: cell.analysis,
    notebook,
    cellSources: sources,
    facts: input.facts,
    runs,
    config: input.config
  };
  return {
    id: cell.id,
    index: cell.index,
    seconds: rules.measurement?.seconds ?? null,
    diagnosis: rules.diagnosis,
    advice: runRules(rules, ADVISERS).map(finding =>
      lazilyRendered(finding, context)
    ),
    unread: cell.analysis.unread
  };
}

/**
 * The finding with its cells rendered on first reading of `insert` (the shown card, an Insert,
 * the CLI's `--json`), then kept: a refresh that advises every cell renders none of them.
 * Enumerable, so a copy or JSON of the advice holds the cells as a plain property would.
 */
function lazilyRendered(finding: IFinding, context: ICellContext): IAdvice {
  let cells: IInsertCell[] | null = null;
  return Object.defineProperty({ ...finding }, 'insert', {
    enumerable: true,
    get: (): IInsertCell[] => (cells ??= renderFinding(finding, context))
  }) as IAdvice;
}
