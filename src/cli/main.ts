#!/usr/bin/env node
/**
 * `jupyterlab-optimiser advise NOTEBOOK.ipynb [--facts FACTS.json] [--cell ID] [--json]`:
 * the panel's analysis and advice, headless. Bundled to lib/cli.js by esbuild (`npm run build:cli`).
 */
import * as fs from 'fs';

import '../analysis/lezer-python';
import { run } from './run';

// A reader that stops early (`| head`) closes the pipe: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
  process.exit(process.exitCode ?? 0);
});

try {
  process.exitCode = run(process.argv.slice(2), {
    readFile: path => fs.readFileSync(path, 'utf-8'),
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text)
  });
} catch (error) {
  // A bug, not bad input: say so in one line, keep the stack for a report.
  process.stderr.write(
    `jupyterlab-optimiser: internal error: ${(error as Error).stack ?? String(error)}\n`
  );
  process.exitCode = 1;
}
