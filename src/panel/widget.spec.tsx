import { nullTranslator } from '@jupyterlab/translation';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { act } from '@testing-library/react';

import {
  advised,
  CONFIG,
  demoCells,
  demoRuns,
  measurements
} from './__tests__/fixtures';
import type { IPanelActions } from './view';
import { OptimiserModel } from './model';
import { PANEL_ID } from '../contracts/ids';
import { buildPanelState } from './state';
import { OptimiserPanel } from './widget';

const actions: IPanelActions = {
  onSelectCell: jest.fn(),
  onGoToLine: jest.fn(),
  onInsert: jest.fn(() => Promise.resolve()),
  onDismiss: jest.fn(),
  onTick: jest.fn(),
  onCopy: jest.fn()
};

async function render(panel: OptimiserPanel): Promise<void> {
  await act(async () => {
    MessageLoop.sendMessage(panel, Widget.Msg.UpdateRequest);
  });
}

describe('OptimiserPanel', () => {
  let model: OptimiserModel;
  let panel: OptimiserPanel;

  beforeEach(() => {
    model = new OptimiserModel();
    panel = new OptimiserPanel(model, nullTranslator, actions);
  });

  afterEach(async () => {
    await act(async () => panel.dispose());
    model.dispose();
  });

  it('is a labelled region with the Optimiser root class', () => {
    expect(panel.id).toBe(PANEL_ID);
    expect(panel.node.getAttribute('role')).toBe('region');
    expect(panel.node.getAttribute('aria-label')).toBe('Optimiser panel');
    expect(panel.hasClass('jp-Optimiser')).toBe(true);
  });

  it('tells its owner when it is shown, so the owner catches up', async () => {
    const shown = jest.fn();
    panel.onShown = shown;
    await act(async () => {
      panel.hide();
      Widget.attach(panel, document.body);
    });
    expect(shown).not.toHaveBeenCalled();
    await act(async () => panel.show());
    expect(shown).toHaveBeenCalledTimes(1);
  });

  it('renders the state the model holds, and re-renders when it changes', async () => {
    await act(async () => Widget.attach(panel, document.body));
    await render(panel);
    expect(panel.node.textContent).toContain('Open a notebook');

    const notebook = {
      title: { label: 'demo.ipynb' }
    } as unknown as NotebookPanel;
    await act(async () => {
      model.setNotebook(notebook);
      await render(panel);
    });
    expect(panel.node.textContent).toContain('Reading the notebook');

    await act(async () => {
      model.setState(
        buildPanelState({
          notebook: { name: 'demo.ipynb', path: 'demo.ipynb' },
          cells: demoCells(),
          measurements: measurements(demoRuns()),
          fallback: false,
          language: 'python',
          selectedId: 'series',
          advise: () => advised(),
          config: CONFIG,
          dismissed: () => [],
          ticked: [],
          workspace: { git: null, tests: null }
        })
      );
    });
    expect(
      panel.node
        .querySelector('[aria-label="Selected cell"]')
        ?.getAttribute('data-cell-id')
    ).toBe('series');
  });
});
