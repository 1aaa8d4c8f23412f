import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

/** What the panel shows about the notebook and cell it follows. */
export interface IOptimiserViewProps {
  trans: TranslationBundle;
  /** The followed notebook's name, or null when no notebook is active. */
  notebookName: string | null;
  /** The shown cell: its 1-based position and first line, or null when none is chosen. */
  cell: { index: number; firstLine: string; id: string } | null;
}

/** The panel's body. */
export function OptimiserView(props: IOptimiserViewProps): JSX.Element {
  const { trans, notebookName, cell } = props;
  return (
    <div className="jp-Optimiser-body">
      <div className="jp-Optimiser-header">{trans.__('Optimiser')}</div>
      {notebookName === null ? (
        <div className="jp-Optimiser-empty">
          {trans.__('Open a notebook to see where its time goes.')}
        </div>
      ) : (
        <div className="jp-Optimiser-section" aria-label={trans.__('Notebook')}>
          {notebookName}
        </div>
      )}
      {cell && (
        <section
          className="jp-Optimiser-section jp-Optimiser-cell"
          aria-label={trans.__('Selected cell')}
          data-cell-id={cell.id}
        >
          <div>{trans.__('Cell %1', cell.index)}</div>
          <code className="jp-Optimiser-cellLabel">{cell.firstLine}</code>
        </section>
      )}
    </div>
  );
}
