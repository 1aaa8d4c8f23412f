/**
 * The Python parser every part of the analysis reads cells with, installed once by whoever runs
 * the analysis: the CLI, the tests and the benchmarks install `@lezer/python`'s
 * (src/analysis/lezer-python.ts); in JupyterLab the panel plugin installs the one JupyterLab's
 * editor loads to highlight Python (the same Lezer grammar), so the extension does not ship a
 * second copy of it (66 KB).
 */
import type { Parser, Tree } from '@lezer/common';

let installed: Parser | null = null;
let failure: string | null = null;

/** Makes `parser` the one the analysis uses from now on (null: none, as before JupyterLab's loads). */
export function installPythonParser(parser: Parser | null): void {
  installed = parser;
  failure = null;
}

/** Says why no parser could be installed (shown where the advice would be). */
export function pythonParserFailed(reason: string): void {
  if (!installed) {
    failure = reason;
  }
}

/**
 * Null once a parser is installed; before, why no cell can be read: `failed` is null while the
 * parser is still loading, else the reason it could not be.
 */
export function pythonParserMissing(): { failed: string | null } | null {
  return installed ? null : { failed: failure };
}

/** The tree of `text`. */
export function parsePython(text: string): Tree {
  if (!installed) {
    throw new Error('No Python parser installed (installPythonParser).');
  }
  return installed.parse(text);
}
