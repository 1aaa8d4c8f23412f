/**
 * The panel's parser is the one of JupyterLab's editor: taken from JupyterLab's real language
 * registry with its default languages (which import @codemirror/lang-python), and a clear reason
 * when it cannot be had.
 */
import { EditorLanguageRegistry } from '@jupyterlab/codemirror';
import { parser as bundled } from '@lezer/python';

import { analyseCell } from '../analysis';
import { installPythonParser, pythonParserMissing } from '../analysis/parser';
import { loadPythonParser } from './python-parser';

const LOOP = 'total = 0\nfor i in range(1000):\n    total += i * i\n';

describe('loadPythonParser', () => {
  beforeEach(() => installPythonParser(null));
  afterAll(() => installPythonParser(bundled));

  it("installs JupyterLab's own Python parser, which the analysis then reads with", async () => {
    const languages = new EditorLanguageRegistry();
    EditorLanguageRegistry.getDefaultLanguages().forEach(language =>
      languages.addLanguage(language)
    );
    expect(pythonParserMissing()).toEqual({ failed: null });
    await loadPythonParser(languages);
    expect(pythonParserMissing()).toBeNull();
    const spec = await languages.getLanguage('python');
    expect(spec?.support?.language.parser).not.toBe(bundled);
    expect(analyseCell(LOOP).loops).toHaveLength(1);
  });

  it('says why when JupyterLab has no Python language', async () => {
    await loadPythonParser(new EditorLanguageRegistry());
    expect(pythonParserMissing()).toEqual({
      failed: 'JupyterLab has no Python language for its editor'
    });
    expect(() => analyseCell(LOOP)).toThrow('No Python parser installed');
  });

  it('says why when loading the language fails', async () => {
    const languages = new EditorLanguageRegistry();
    languages.addLanguage({
      name: 'python',
      mime: 'text/x-python',
      load: () => Promise.reject(new Error('chunk 5132 failed'))
    });
    await loadPythonParser(languages);
    expect(pythonParserMissing()?.failed).toBe(
      "loading JupyterLab's Python language failed: chunk 5132 failed"
    );
  });
});
