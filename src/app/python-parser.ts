import type { IEditorLanguageRegistry } from '@jupyterlab/codemirror';

import { installPythonParser, pythonParserFailed } from '../analysis/parser';

/**
 * Installs, as the analysis' parser, the Python parser of JupyterLab's own editor (loaded for
 * highlighting as soon as a Python cell shows), so the extension ships none of its own. Never
 * rejects: a failure is recorded with its reason, which the panel shows.
 */
export async function loadPythonParser(
  languages: IEditorLanguageRegistry | null
): Promise<void> {
  try {
    // Not getLanguage('python') alone: without Python it falls back to plain text, whose parser
    // reads no Python.
    const spec = languages?.findBest('python', false);
    const language = spec ? await languages!.getLanguage(spec) : null;
    const parser = language?.support?.language.parser;
    if (parser) {
      installPythonParser(parser);
    } else {
      pythonParserFailed('JupyterLab has no Python language for its editor');
    }
  } catch (error) {
    pythonParserFailed(
      `loading JupyterLab's Python language failed: ${(error as Error)?.message ?? error}`
    );
  }
}
