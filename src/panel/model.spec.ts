import type { NotebookPanel } from '@jupyterlab/notebook';

import {
  advised,
  CONFIG,
  demoCells,
  demoRuns,
  measurements
} from './__tests__/fixtures';
import { OptimiserModel } from './model';
import { buildPanelState } from './state';
import type { IPanelState } from './types';

const notebookA = { id: 'a' } as unknown as NotebookPanel;
const notebookB = { id: 'b' } as unknown as NotebookPanel;

function state(selectedId: string | null): IPanelState {
  return buildPanelState({
    notebook: { name: 'demo.ipynb', path: 'demo.ipynb' },
    cells: demoCells(),
    measurements: measurements(demoRuns()),
    fallback: false,
    language: 'python',
    selectedId,
    advise: () => advised(),
    config: CONFIG,
    dismissed: () => [],
    ticked: [],
    workspace: { git: null, tests: null }
  });
}

describe('OptimiserModel', () => {
  let model: OptimiserModel;
  let changes: number;
  let states: (IPanelState | null)[];

  beforeEach(() => {
    model = new OptimiserModel();
    changes = 0;
    states = [];
    model.changed.connect(() => changes++);
    model.stateChanged.connect((_, value) => states.push(value));
  });

  afterEach(() => model.dispose());

  it('signals a new notebook once, and drops the old selection and state', () => {
    model.selectCell(notebookA, 'c1');
    model.setState(state('series'));
    model.setNotebook(notebookB);
    model.setNotebook(notebookB);
    expect(model.notebook).toBe(notebookB);
    expect(model.selectedCellId).toBeNull();
    expect(model.state).toBeNull();
    expect(changes).toBe(2);
    expect(states.map(value => value?.selected?.id ?? null)).toEqual([
      'series',
      null
    ]);
  });

  it('signals a selection only when it changes', () => {
    model.selectCell(notebookA, 'c1');
    model.selectCell(notebookA, 'c1');
    model.selectCell(notebookA, null);
    expect(changes).toBe(2);
  });

  it('signals a state only when its content changes, not for an equal rebuild', () => {
    model.setState(state('series'));
    model.setState(state('series'));
    expect(states).toHaveLength(1);
    model.setState(state('setup'));
    expect(states).toHaveLength(2);
    model.setState(null);
    model.setState(null);
    expect(states).toHaveLength(3);
  });

  it('stops signalling once disposed', () => {
    model.dispose();
    model.setNotebook(notebookA);
    expect(changes).toBe(0);
    expect(model.isDisposed).toBe(true);
  });
});
