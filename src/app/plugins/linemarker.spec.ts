/**
 * Which editor gets the marks: the panel's shown cell, with its latest run's profile, and only
 * while the panel shows that profile. A fake panel model stands in for the panel plugin.
 */
import type { ICellModel } from '@jupyterlab/cells';
import { CodeEditor } from '@jupyterlab/codeeditor';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import type { IRunRecord } from '../../contracts/facts';
import type { IOptimiserModel } from '../../panel/model';
import type { ProfileSection } from '../../panel/sections/profile/state';
import type { IPanelState, ISelectedCell } from '../../panel/types';
import {
  OTHER,
  profiledRun,
  SHOWN
} from '../../panel/sections/profile/__tests__/profiles';
import { LineMarks } from '../linemarker';
import { followShownCell } from './linemarker';

/** A cell model: an editor model with the cell's id. */
function cell(id: string, source: string): ICellModel {
  const model = new CodeEditor.Model();
  model.sharedModel.setSource(source);
  return Object.assign(model, { id }) as unknown as ICellModel;
}

class FakeModel {
  changed = new Signal<IOptimiserModel, void>(this as never);
  stateChanged = new Signal<IOptimiserModel, IPanelState | null>(this as never);
  state: IPanelState | null = null;
  notebook: NotebookPanel | null;
  selectedCellId = null;
  selectCell = jest.fn();
  constructor(cells: ICellModel[]) {
    this.notebook = {
      content: {
        model: { cells: { length: cells.length, get: (i: number) => cells[i] } }
      }
    } as unknown as NotebookPanel;
  }
  show(id: string, runs: IRunRecord[], profile: ProfileSection | null): void {
    const selected = { id, runs, profile } as unknown as ISelectedCell;
    this.state = { selected } as IPanelState;
    this.stateChanged.emit(this.state);
  }
}

const PROFILED: ProfileSection = {
  kind: 'profiled',
  wallS: 2,
  samples: 190,
  lines: [],
  restShare: 0
};

describe('followShownCell', () => {
  const shown = cell(SHOWN, 'a\nb\nc\nd\ne');
  const other = cell(OTHER, 'def f():\n    pass');
  let model: FakeModel;
  let marks: LineMarks;

  beforeEach(() => {
    model = new FakeModel([other, shown]);
    marks = new LineMarks();
    followShownCell(model as unknown as IOptimiserModel, marks);
  });

  it("marks the shown cell's lines of its latest run", () => {
    model.show(SHOWN, [profiledRun()], PROFILED);
    expect(marks.get(shown).map(m => m.line)).toEqual([3, 4]);
    expect(marks.get(other)).toEqual([]);
  });

  it('takes them away when another cell is shown, and brings them back', () => {
    const run = profiledRun();
    model.show(SHOWN, [run], PROFILED);
    model.show(OTHER, [profiledRun()], PROFILED);
    expect(marks.get(shown)).toEqual([]);
    expect(marks.get(other).map(m => m.line)).toEqual([2]);
    model.show(SHOWN, [run], PROFILED);
    expect(marks.get(shown)).toHaveLength(2);
    expect(marks.get(other)).toEqual([]);
  });

  it('marks nothing while the panel shows no profile (off, too short)', () => {
    model.show(SHOWN, [profiledRun()], PROFILED);
    model.show(SHOWN, [profiledRun()], { kind: 'off' });
    expect(marks.get(shown)).toEqual([]);
    model.show(SHOWN, [], null);
    expect(marks.get(shown)).toEqual([]);
  });

  it('forgets the marks when the panel has no state', () => {
    model.show(SHOWN, [profiledRun()], PROFILED);
    model.state = null;
    model.changed.emit();
    expect(marks.get(shown)).toEqual([]);
  });
});
