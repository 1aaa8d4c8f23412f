import type { NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';

import type { ICommandContext } from './commands';
import { registerCommands, targetCell } from './commands';
import { OptimiserModel } from '../panel/model';
import { CommandIDs, PANEL_ID } from '../contracts/ids';

describe('Optimiser commands', () => {
  let panel: NotebookPanel;
  let model: OptimiserModel;
  let activated: string[];
  let clicked: HTMLElement | undefined;
  let commands: CommandRegistry;
  let current: NotebookPanel | null;

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    NBTestUtils.populateNotebook(panel.content);
    Widget.attach(panel, document.body);
    model = new OptimiserModel();
    activated = [];
    clicked = undefined;
    current = panel;
    commands = new CommandRegistry();
    const ctx: ICommandContext = {
      commands,
      tracker: {
        get currentWidget() {
          return current;
        }
      },
      model,
      trans: nullTranslator.load('jupyterlab_optimiser'),
      activatePanel: id => activated.push(id),
      contextMenuTarget: () => clicked
    };
    registerCommands(ctx);
  });

  afterEach(() => {
    panel.dispose();
    model.dispose();
  });

  const codeCellIndex = (from = 0) =>
    panel.content.widgets.findIndex(
      (cell, i) => i >= from && cell.model.type === 'code'
    );

  it('registers both commands with translated labels', () => {
    expect(commands.label(CommandIDs.optimiseCell)).toBe('Optimise this cell');
    expect(commands.label(CommandIDs.openPanel)).toBe(
      'Open the Optimiser panel'
    );
    expect(commands.caption(CommandIDs.optimiseCell)).not.toBe('');
  });

  it('shows the right-clicked cell, not the active one, and opens the panel', async () => {
    const first = codeCellIndex();
    const second = codeCellIndex(first + 1);
    panel.content.activeCellIndex = first;
    // The click lands on a child of the cell, as a real right-click does.
    clicked = panel.content.widgets[second].node.querySelector(
      '.jp-InputArea'
    ) as HTMLElement;

    await commands.execute(CommandIDs.optimiseCell);

    expect(model.notebook).toBe(panel);
    expect(model.selectedCellId).toBe(panel.content.widgets[second].model.id);
    expect(panel.content.activeCellIndex).toBe(second);
    expect(activated).toEqual([PANEL_ID]);
  });

  it('falls back to the active cell from the palette or keyboard', async () => {
    const index = codeCellIndex();
    panel.content.activeCellIndex = index;
    await commands.execute(CommandIDs.optimiseCell);
    expect(model.selectedCellId).toBe(panel.content.widgets[index].model.id);
  });

  it('is disabled on markdown cells and does nothing without a notebook', async () => {
    const markdown = panel.content.widgets.findIndex(
      cell => cell.model.type === 'markdown'
    );
    panel.content.activeCellIndex = markdown;
    expect(commands.isEnabled(CommandIDs.optimiseCell)).toBe(false);

    current = null;
    expect(commands.isEnabled(CommandIDs.optimiseCell)).toBe(false);
    await commands.execute(CommandIDs.optimiseCell);
    expect(model.notebook).toBeNull();
    expect(activated).toEqual([]);
  });

  it('is enabled on a right-clicked code cell while a markdown cell is active', () => {
    panel.content.activeCellIndex = panel.content.widgets.findIndex(
      cell => cell.model.type === 'markdown'
    );
    clicked = panel.content.widgets[codeCellIndex()].node;
    expect(commands.isEnabled(CommandIDs.optimiseCell)).toBe(true);
    clicked = undefined;
    expect(commands.isEnabled(CommandIDs.optimiseCell)).toBe(false);
  });

  it('targetCell ignores clicks outside any cell of this notebook', () => {
    const outside = document.createElement('div');
    document.body.appendChild(outside);
    panel.content.activeCellIndex = 0;
    expect(targetCell(panel, outside)?.index).toBe(0);
  });

  it('open-panel activates the panel', async () => {
    await commands.execute(CommandIDs.openPanel);
    expect(activated).toEqual([PANEL_ID]);
  });
});

describe('OptimiserModel', () => {
  it('signals only real changes', async () => {
    const context = await NBTestUtils.createMockContext();
    const panel = NBTestUtils.createNotebookPanel(context);
    const model = new OptimiserModel();
    let count = 0;
    model.changed.connect(() => count++);
    model.setNotebook(panel);
    model.setNotebook(panel);
    model.selectCell(panel, 'a');
    model.selectCell(panel, 'a');
    expect(count).toBe(2);
    model.setNotebook(null);
    expect(model.selectedCellId).toBeNull();
    expect(count).toBe(3);
    panel.dispose();
    model.dispose();
  });
});
