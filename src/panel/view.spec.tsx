import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import {
  advice,
  advised,
  CONFIG,
  demoCells,
  demoRuns,
  measurements
} from './__tests__/fixtures';
import { buildPanelState } from './state';
import type { IPanelState } from './types';
import type { IPanelActions } from './view';
import { OptimiserView } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');

function actions(): IPanelActions {
  return {
    onSelectCell: jest.fn(),
    onGoToLine: jest.fn(),
    onInsert: jest.fn(() => Promise.resolve()),
    onDismiss: jest.fn(),
    onTick: jest.fn(),
    onCopy: jest.fn()
  };
}

function state(selectedId: string | null): IPanelState {
  return buildPanelState({
    notebook: { name: 'demo.ipynb', path: 'work/demo.ipynb' },
    cells: demoCells(),
    measurements: measurements(demoRuns(), {
      running: { cellId: 'never', since: Date.now() }
    }),
    fallback: false,
    language: 'python',
    selectedId,
    advise: cell =>
      cell.id === 'series'
        ? advised(advice('numpy-vectorise'), advice('numba-jit'))
        : advised(),
    config: CONFIG,
    dismissed: () => [],
    ticked: [],
    workspace: { git: { state: 'absent', folder: 'work' }, tests: '' }
  });
}

describe('OptimiserView', () => {
  it('asks for a notebook when none is open', () => {
    render(
      <OptimiserView
        trans={trans}
        notebookName={null}
        state={null}
        active={true}
        actions={actions()}
      />
    );
    expect(
      screen.getByText('Open a notebook to see where its time goes.')
    ).toBeTruthy();
  });

  it('is never blank while the first state is built', () => {
    render(
      <OptimiserView
        trans={trans}
        notebookName="demo.ipynb"
        state={null}
        active={true}
        actions={actions()}
      />
    );
    expect(screen.getByRole('status').textContent).toBe(
      'Reading the notebook…'
    );
  });

  it('shows every section for the selected cell', () => {
    const handlers = actions();
    render(
      <OptimiserView
        trans={trans}
        notebookName="demo.ipynb"
        state={state('series')}
        active={true}
        actions={handlers}
      />
    );
    for (const name of [
      'Kernel',
      'Where the time goes',
      'Selected cell',
      'This machine',
      'What next'
    ]) {
      expect(screen.getByRole('region', { name })).toBeTruthy();
    }
    expect(
      screen.getByRole('button', { name: 'Cell 3 is running' })
    ).toBeTruthy();
    expect(
      screen
        .getByRole('option', { name: /^Cell 2: last run 12.0 s/ })
        .getAttribute('aria-selected')
    ).toBe('true');
    const cellRegion = screen.getByRole('region', { name: 'Selected cell' });
    expect(within(cellRegion).getAllByRole('article')).toHaveLength(2);
    // The advice needs numba, which the machine lacks: the machine section says how to get it.
    expect(
      screen.getByRole('list', { name: 'Needed by the advice, not installed' })
        .textContent
    ).toContain('%pip install numba');
    fireEvent.click(screen.getByRole('option', { name: /^Cell 1/ }));
    expect(handlers.onSelectCell).toHaveBeenCalledWith('setup');
  });

  it('invites a selection when no cell is shown', () => {
    render(
      <OptimiserView
        trans={trans}
        notebookName="demo.ipynb"
        state={state(null)}
        active={true}
        actions={actions()}
      />
    );
    expect(screen.getByText(/Optimise this cell/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Selected cell' })).toBeNull();
  });
});
