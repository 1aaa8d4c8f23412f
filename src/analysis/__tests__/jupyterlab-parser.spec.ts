/**
 * In JupyterLab the analysis reads cells with the Python parser of JupyterLab's own editor
 * (src/app/python-parser.ts), an older @lezer/python than the CLI bundles: JupyterLab 4.6.4 ships
 * 1.1.14, devDependency `jupyterlab-lezer-python` here. The panel must advise exactly as the CLI
 * does, so every field-corpus case, the demo notebook and the shapes where the two grammars
 * differ give the same `--json` output under both.
 */
import * as fs from 'fs';
import * as path from 'path';

import { parser as bundled } from '@lezer/python';
import { parser as jupyterlab } from 'jupyterlab-lezer-python';

import type { IConsole } from '../../cli/run';
import { run } from '../../cli/run';
import { installPythonParser } from '../parser';

const REPO = path.join(__dirname, '..', '..', '..');
const CASES = path.join(REPO, 'tests', 'corpus', 'cases');

interface ICase {
  id: string;
  setup?: string[];
  source: string;
  facts?: unknown;
}

/** The CLI's `--json` advice for a notebook of `sources`, parsed with `parser`. */
function advise(
  parser: typeof bundled,
  sources: Record<string, string>,
  facts: unknown
): string {
  installPythonParser(parser);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: Object.entries(sources).map(([id, source]) => ({
      cell_type: 'code',
      id,
      metadata: {},
      execution_count: null,
      outputs: [],
      source
    }))
  };
  const files: Record<string, string> = {
    'nb.ipynb': JSON.stringify(notebook),
    'facts.json': JSON.stringify(facts ?? null)
  };
  let stdout = '';
  let stderr = '';
  const io: IConsole = {
    readFile: file => files[file],
    stdout: text => (stdout += text),
    stderr: text => (stderr += text)
  };
  const args = ['advise', 'nb.ipynb', '--json'];
  const code = run(facts ? [...args, '--facts', 'facts.json'] : args, io);
  if (code !== 0) {
    throw new Error(`advise exited ${code}: ${stderr}`);
  }
  return stdout;
}

/** Both parsers' advice, the bundled one installed again afterwards. */
function both(
  sources: Record<string, string>,
  facts?: unknown
): { cli: string; panel: string } {
  try {
    return {
      panel: advise(jupyterlab, sources, facts),
      cli: advise(bundled, sources, facts)
    };
  } finally {
    installPythonParser(bundled);
  }
}

describe("the panel's parser (JupyterLab's) and the CLI's give the same advice", () => {
  const cases: ICase[] = fs
    .readdirSync(CASES)
    .filter(name => name.endsWith('.json'))
    .map(name => JSON.parse(fs.readFileSync(path.join(CASES, name), 'utf-8')));

  it('reads all 170 field-corpus cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(170);
  });

  it.each(cases.map(c => [c.id, c] as const))('%s', (_id, item) => {
    const sources: Record<string, string> = {};
    (item.setup ?? []).forEach((source, i) => {
      sources[`setup-${i + 1}`] = source;
    });
    sources.case = item.source;
    const { cli, panel } = both(sources, item.facts);
    expect(panel).toBe(cli);
  });

  it('on the demo notebook with its facts', () => {
    const demo = JSON.parse(
      fs.readFileSync(path.join(REPO, 'examples', 'slow-cells.ipynb'), 'utf-8')
    );
    const sources: Record<string, string> = {};
    for (const cell of demo.cells) {
      if (cell.cell_type === 'code') {
        const text = cell.source;
        sources[cell.id] = Array.isArray(text) ? text.join('') : text;
      }
    }
    const facts = JSON.parse(
      fs.readFileSync(
        path.join(REPO, 'examples', 'slow-cells.facts.json'),
        'utf-8'
      )
    );
    const { cli, panel } = both(sources, facts);
    expect(panel).toBe(cli);
  });

  // Where 1.1.14 and the CLI's parser differ (@lezer/python's changelog, 1.1.15-1.1.19): an error
  // node after a last line that is a comment, in a cell of only comments or blank lines, at a
  // typed *args, at a match guard with a conditional expression.
  it.each([
    [
      'a last line that is a comment',
      'total = 0\nfor i in range(10):\n    total += i\n# done'
    ],
    [
      'an indented comment last',
      'def f(x):\n    return x * 2\n    # more later'
    ],
    ['only comments', '# a note\n# another'],
    ['blank lines only', '\n\n   \n'],
    ['an empty cell', ''],
    [
      'a typed *args',
      'def f(a, *rest: float):\n    s = 0.0\n    for r in rest:\n        s += r * a\n    return s\n\nx = f(2.0, 1.0, 3.0)'
    ],
    [
      'a match guard with a conditional',
      'for p in points:\n    match p:\n        case (x, y) if x if y else x:\n            n += 1\n        case _:\n            pass'
    ]
  ])('on %s', (_label, source) => {
    const { cli, panel } = both({ one: source });
    expect(panel).toBe(cli);
  });
});

describe('jupyterlab-lezer-python is the parser JupyterLab ships', () => {
  const STATIC = path.join(REPO, '.venv', 'share', 'jupyter', 'lab', 'static');

  it('has the parse tables of the JupyterLab build the extension is built with', () => {
    // The grammar's tables are string literals in both files; a match means the same parser.
    const tables = (text: string) =>
      ['states', 'goto'].map(name => {
        const literal = new RegExp(`${name}: ?("(?:[^"\\\\]|\\\\.)*")`).exec(
          text
        );
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        return literal
          ? (new Function(`return ${literal[1]}`)() as string)
          : null;
      });
    const ours = tables(
      fs.readFileSync(require.resolve('jupyterlab-lezer-python'), 'utf-8')
    );
    const theirs = fs
      .readdirSync(STATIC)
      .filter(name => name.endsWith('.js'))
      .map(name => fs.readFileSync(path.join(STATIC, name), 'utf-8'))
      .filter(
        text => text.includes('nodeNames:') && text.includes('MatchStatement')
      )
      .map(tables);
    expect(ours[0]).not.toBeNull();
    expect(theirs).toContainEqual(ours);
  });
});
