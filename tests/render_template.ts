/**
 * Test helper: renders one rule's template for one cell of a notebook, through the same
 * analysis the pipeline uses. Bundled with esbuild by tests/template_support.py.
 *
 * Usage: node render_template.js <notebook.ipynb> <cell id> <rule> [poolLibrary] [facts.json]
 * Prints the inserted cells as JSON.
 */
import { readFileSync } from 'fs';

import '../src/analysis/lezer-python';
import type { RuleId } from '../src/contracts/advice';
import { NotebookAnalyser } from '../src/analysis';
import { readNotebook } from '../src/cli/notebook';
import type { IFacts } from '../src/contracts/facts';
import { renderTemplate } from '../src/rules';
import type { PoolLibrary } from '../src/contracts/settings';
import { DEFAULT_ADVICE_CONFIG } from '../src/contracts/settings';

const [path, cellId, rule, pool, factsPath] = process.argv.slice(2);
const cells = readNotebook(readFileSync(path, 'utf8'), path);
const code = cells
  .map((cell, index) => ({ ...cell, index }))
  .filter(cell => cell.type === 'code');
const notebook = new NotebookAnalyser().analyse(code);
const cell = notebook.cells.find(item => item.id === cellId);
if (!cell) {
  throw new Error(`no code cell ${cellId}`);
}
const sources: Record<string, string> = {};
code.forEach(item => (sources[item.id] = item.source));
const facts = factsPath
  ? (JSON.parse(readFileSync(factsPath, 'utf8')) as IFacts)
  : null;
const inserted = renderTemplate(rule as RuleId, {
  cellId,
  source: sources[cellId],
  analysis: cell.analysis,
  notebook,
  cellSources: sources,
  facts,
  // The case's measured runs: the diagnosis reads the hot lines from their profile.
  runs: facts?.runs?.[cellId] ?? [],
  config: {
    ...DEFAULT_ADVICE_CONFIG,
    poolLibrary: (pool || 'pathos') as PoolLibrary
  }
});
process.stdout.write(JSON.stringify(inserted));
