import type { NotebookPanel } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { Widget } from '@lumino/widgets';

import type { IInsertCell } from '../contracts/advice';
import { insertAdvice } from './insert';
import { readInsertedTag } from '../contracts/metadata';

const tag = (role: string) => ({
  'jupyterlab-optimiser': {
    rule: 'numpy-vectorise',
    source_cell: 'SOURCE',
    role
  }
});

function cells(sourceId: string): IInsertCell[] {
  const meta = (role: string) =>
    JSON.parse(JSON.stringify(tag(role)).replace('SOURCE', sourceId));
  return [
    {
      cell_type: 'markdown',
      source: 'What to finish by hand',
      metadata: meta('note')
    },
    {
      cell_type: 'code',
      source: 'fast = np.sum(np.sin(k))',
      metadata: meta('template')
    },
    {
      cell_type: 'code',
      source: 'print("verify: equal=True speedup=9.0x")',
      metadata: meta('verify')
    }
  ];
}

describe('insertAdvice', () => {
  let panel: NotebookPanel;

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    NBTestUtils.populateNotebook(panel.content);
    Widget.attach(panel, document.body);
  });

  afterEach(() => panel.dispose());

  const ids = () => panel.content.widgets.map(cell => cell.model.id);

  it('inserts below the cell with tags the panel reads back, leaving the cell alone', () => {
    const before = ids();
    const target = panel.content.widgets[1];
    const source = target.model.sharedModel.getSource();
    insertAdvice(
      panel,
      target.model.id,
      'numpy-vectorise',
      cells(target.model.id)
    );
    expect(ids().slice(0, 2)).toEqual(before.slice(0, 2));
    expect(ids().slice(5)).toEqual(before.slice(2));
    const tags = panel.content.widgets
      .slice(2, 5)
      .map(cell =>
        readInsertedTag(cell.model.getMetadata('jupyterlab-optimiser'))
      );
    expect(tags.map(read => read?.role)).toEqual([
      'note',
      'template',
      'verify'
    ]);
    expect(tags.every(read => read?.sourceCell === target.model.id)).toBe(true);
    expect(target.model.sharedModel.getSource()).toBe(source);
  });

  it('is removed by one undo', () => {
    const before = ids();
    panel.content.model!.sharedModel.clearUndoHistory();
    insertAdvice(panel, before[1], 'numpy-vectorise', cells(before[1]));
    NotebookActions.undo(panel.content);
    expect(ids()).toEqual(before);
  });

  it('refuses a cell that is gone, and a read-only notebook', () => {
    expect(() =>
      insertAdvice(panel, 'nope', 'numba-jit', cells('nope'))
    ).toThrow(/no longer/);
    panel.content.model!.readOnly = true;
    expect(() =>
      insertAdvice(panel, ids()[1], 'numba-jit', cells(ids()[1]))
    ).toThrow(/read-only/);
  });
});
