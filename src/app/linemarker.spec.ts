/**
 * The line marker in a real CodeMirror editor made by JupyterLab's CodeMirrorEditor, with the
 * extension added through an EditorExtensionRegistry as the plugin adds it.
 */
import { CodeEditor } from '@jupyterlab/codeeditor';
import {
  CodeMirrorEditor,
  EditorExtensionRegistry
} from '@jupyterlab/codemirror';
import { nullTranslator } from '@jupyterlab/translation';

import { lineMarks } from '../panel/sections/profile/markers';
import {
  profiledRun,
  SHOWN
} from '../panel/sections/profile/__tests__/profiles';
import { LineMarks, lineMarkerExtension } from './linemarker';

const trans = nullTranslator.load('jupyterlab_optimiser');
const SOURCE = 'a = 1\nb = 2\ntime.sleep(0.1)\ntotal += step(x)\nprint(total)';

function editorWith(marks: LineMarks, source = SOURCE) {
  const registry = new EditorExtensionRegistry();
  registry.addExtension(lineMarkerExtension(marks, trans));
  const model = new CodeEditor.Model();
  model.sharedModel.setSource(source);
  const host = document.createElement('div');
  document.body.appendChild(host);
  const editor = new CodeMirrorEditor({
    host,
    model,
    extensionsRegistry: registry
  });
  return { editor, model, host };
}

/** The 1-based numbers of the marked lines, their heat and the share shown at their end. */
function shown(host: HTMLElement): [number, string | null, string][] {
  const lines = Array.from(host.querySelectorAll('.cm-line'));
  return lines
    .map((line, i) => [i + 1, line] as const)
    .filter(([, line]) => line.classList.contains('jp-Optimiser-lineMark'))
    .map(([n, line]) => [
      n,
      line.getAttribute('data-heat'),
      line.querySelector('.jp-Optimiser-lineShare')?.textContent ?? ''
    ]);
}

describe('the line marker', () => {
  it("marks each hot line of the run with its share, and follows the run's changes", () => {
    const marks = new LineMarks();
    const { editor, model, host } = editorWith(marks);
    expect(shown(host)).toEqual([]);
    const run = profiledRun();
    marks.show(model, run, lineMarks(run, SHOWN, 5));
    expect(shown(host)).toEqual([
      [3, '2', '6%'],
      [4, '3', '30%']
    ]);
    expect(
      host.querySelector('.jp-Optimiser-lineMark')?.getAttribute('title')
    ).toBe('6% of the last run: Python 0% · native 0% · waiting 100%');
    marks.hide(model);
    expect(shown(host)).toEqual([]);
    editor.dispose();
  });

  it('shows the marks to an editor made after they were set', () => {
    const marks = new LineMarks();
    const first = editorWith(marks);
    const run = profiledRun();
    marks.show(first.model, run, lineMarks(run, SHOWN, 5));
    first.editor.dispose();
    const host = document.createElement('div');
    const again = new CodeMirrorEditor({
      host,
      model: first.model,
      extensionsRegistry: (() => {
        const registry = new EditorExtensionRegistry();
        registry.addExtension(lineMarkerExtension(marks, trans));
        return registry;
      })()
    });
    expect(shown(host).map(([line]) => line)).toEqual([3, 4]);
    again.dispose();
  });

  it('takes the marks away on an edit, and keeps them away for that run', () => {
    const marks = new LineMarks();
    const { editor, model, host } = editorWith(marks);
    const run = profiledRun();
    marks.show(model, run, lineMarks(run, SHOWN, 5));
    editor.editor.dispatch({ changes: { from: 0, insert: '# note\n' } });
    expect(shown(host)).toEqual([]);
    expect(marks.get(model)).toEqual([]);
    // The panel refreshes with the same run: still nothing.
    marks.show(model, run, lineMarks(run, SHOWN, 6));
    expect(shown(host)).toEqual([]);
    // The next run marks again.
    const next = profiledRun();
    marks.show(model, next, lineMarks(next, SHOWN, 6));
    expect(shown(host).map(([line]) => line)).toEqual([3, 4]);
    editor.dispose();
  });

  it('brings the marks back when the cell is shown again, unless it was edited meanwhile', () => {
    const marks = new LineMarks();
    const { editor, model, host } = editorWith(marks);
    const run = profiledRun();
    marks.show(model, run, lineMarks(run, SHOWN, 5));
    marks.hide(model); // another cell is shown
    expect(shown(host)).toEqual([]);
    marks.show(model, run, lineMarks(run, SHOWN, 5));
    expect(shown(host)).toHaveLength(2);
    marks.hide(model);
    editor.editor.dispatch({ changes: { from: 0, insert: 'x' } });
    marks.show(model, run, lineMarks(run, SHOWN, 5));
    expect(shown(host)).toEqual([]);
    editor.dispose();
  });

  it('leaves out lines past the end of the text', () => {
    const marks = new LineMarks();
    const { editor, model, host } = editorWith(marks, 'a\nb\nc');
    const run = profiledRun();
    marks.show(model, run, lineMarks(run, SHOWN, 10));
    expect(shown(host).map(([line]) => line)).toEqual([3]);
    editor.dispose();
  });

  it("leaves other models' editors alone", () => {
    const marks = new LineMarks();
    const one = editorWith(marks);
    const two = editorWith(marks);
    const run = profiledRun();
    marks.show(one.model, run, lineMarks(run, SHOWN, 5));
    expect(shown(one.host)).toHaveLength(2);
    expect(shown(two.host)).toEqual([]);
    one.editor.dispose();
    two.editor.dispose();
  });
});
