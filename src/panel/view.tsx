import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { ChecklistId, IPanelState } from './types';
import type { IAdviceActions } from './sections/advice/view';
import { CellSection } from './sections/cell/view';
import { Checklist } from './sections/checklist/view';
import { KernelState } from './sections/kernel/view';
import { Machine } from './sections/machine/view';
import { TimeChart } from './sections/chart/view';

/** Everything the panel's views can ask of the notebook and the panel's memory. */
export interface IPanelActions extends IAdviceActions {
  /** Selects a cell in the panel and the notebook, and scrolls to it. */
  onSelectCell: (cellId: string) => void;
  onTick: (id: ChecklistId, ticked: boolean) => void;
  onCopy: (text: string) => void;
}

/** What the panel shows. */
export interface IOptimiserViewProps {
  trans: TranslationBundle;
  /** The followed notebook's name, or null when no notebook is open. */
  notebookName: string | null;
  /** The panel's state; null until the first refresh after the notebook was chosen. */
  state: IPanelState | null;
  /** Whether the panel is visible (timers tick only then). */
  active: boolean;
  actions: IPanelActions;
}

/** The panel's body: kernel, where the time goes, the selected cell, the machine, what next. */
export function OptimiserView(props: IOptimiserViewProps): JSX.Element {
  const { trans, state, notebookName } = props;
  return (
    <div className="jp-Optimiser-body">
      <header className="jp-Optimiser-header">
        <h2 className="jp-Optimiser-title">{trans.__('Optimiser')}</h2>
        {notebookName !== null && (
          <span
            className="jp-Optimiser-notebook"
            aria-label={trans.__('Notebook')}
          >
            {notebookName}
          </span>
        )}
      </header>
      {notebookName === null ? (
        <p className="jp-Optimiser-empty">
          {trans.__('Open a notebook to see where its time goes.')}
        </p>
      ) : state === null ? (
        <p className="jp-Optimiser-empty" role="status">
          {trans.__('Reading the notebook…')}
        </p>
      ) : (
        <Sections {...props} state={state} />
      )}
    </div>
  );
}

function Sections(
  props: IOptimiserViewProps & { state: IPanelState }
): JSX.Element {
  const { trans, state, actions } = props;
  const cores = state.machine?.machine.cores ?? null;
  return (
    <>
      <KernelState
        trans={trans}
        kernel={state.kernel}
        active={props.active}
        onShowCell={actions.onSelectCell}
      />
      <TimeChart
        trans={trans}
        timings={state.timings}
        codeCells={state.codeCells}
        selectedId={state.selected?.id ?? null}
        onSelect={actions.onSelectCell}
      />
      {state.selected ? (
        <CellSection
          trans={trans}
          cell={state.selected}
          cores={cores}
          thresholdSeconds={state.thresholdSeconds}
          reading={state.reading ?? null}
          onGoToLine={actions.onGoToLine}
          onInsert={actions.onInsert}
          onDismiss={actions.onDismiss}
        />
      ) : (
        <p className="jp-Optimiser-empty">
          {trans.__(
            'Select a cell, or right-click one and choose "Optimise this cell".'
          )}
        </p>
      )}
      <Machine trans={trans} machine={state.machine} onCopy={actions.onCopy} />
      <Checklist
        trans={trans}
        items={state.checklist}
        onTick={actions.onTick}
      />
    </>
  );
}
