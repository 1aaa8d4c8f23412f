#!/usr/bin/env node
/**
 * `jupyterlab-optimiser advise NOTEBOOK.ipynb [--facts FACTS.json] [--cell ID] [--json]`:
 * the panel's analysis and advice, headless. Bundled to lib/cli.js by esbuild.
 */
import * as fs from 'fs';

const USAGE =
  'usage: jupyterlab-optimiser advise NOTEBOOK.ipynb [--facts FACTS.json] [--cell ID] [--json]';

function fail(message: string): never {
  process.stderr.write(`jupyterlab-optimiser: ${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  const [command, notebookPath] = argv;
  if (command !== 'advise' || !notebookPath) {
    fail(USAGE);
  }
  let notebook: unknown;
  try {
    notebook = JSON.parse(fs.readFileSync(notebookPath, 'utf-8'));
  } catch (error) {
    fail(`cannot read ${notebookPath}: ${(error as Error).message}`);
  }
  const nb = notebook as { nbformat?: number; cells?: unknown[] };
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    fail(`${notebookPath} is not an nbformat 4 notebook`);
  }
  process.stdout.write(JSON.stringify({ version: 1, cells: [] }) + '\n');
}

main(process.argv.slice(2));
