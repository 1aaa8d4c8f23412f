/**
 * What real notebooks and facts files bring (issue 15, item 8), through the command in memory:
 * "python3" kernels, nbformat 3, repeated and empty cell ids, numbers beyond a double, and huge
 * times, read as `jupyter optimiser measure` reads them.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { IConsole } from '../run';
import { run } from '../run';
import { readNotebook } from '../notebook';
import { count, seconds } from '../../advice/words';

const LOOP = 'total = 0\nfor i in range(10_000_000):\n    total += i * i\n';
const RUN = {
  wall_s: 4,
  cpu_s: 4,
  children_cpu_s: 0,
  peak_rss_delta_bytes: 0,
  imported: [],
  ok: true
};

/** The demo's facts with other runs. */
function facts(runs: Record<string, unknown[]>): Record<string, unknown> {
  const demo = path.join(
    __dirname,
    '..',
    '..',
    '..',
    'examples',
    'slow-cells.facts.json'
  );
  return { ...JSON.parse(fs.readFileSync(demo, 'utf-8')), runs };
}

/** Runs the command on files given as text; returns the exit code and what it printed. */
function advise(
  files: Record<string, string>,
  ...args: string[]
): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: IConsole = {
    readFile: path => {
      if (!(path in files)) {
        throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      }
      return files[path];
    },
    stdout: text => (stdout += text),
    stderr: text => (stderr += text)
  };
  const code = run(['advise', ...args], io);
  return { code, stdout, stderr };
}

function v4(
  cells: { id?: string; source: string }[],
  language = 'python'
): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language } },
    cells: cells.map(cell => ({
      cell_type: 'code',
      metadata: {},
      outputs: [],
      execution_count: null,
      ...cell
    }))
  });
}

describe('the notebook', () => {
  it.each(['python3', 'Python', 'python2'])(
    'a kernelspec language of %p is Python',
    language => {
      const out = advise(
        { 'n.ipynb': v4([{ id: 'a', source: LOOP }], language) },
        'n.ipynb'
      );
      expect(out.code).toBe(0);
      expect(out.stderr).toBe('');
    }
  );

  it('refuses "python-ish" languages that are not Python', () => {
    const out = advise({ 'n.ipynb': v4([], 'pythonic-r') }, 'n.ipynb');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('is a pythonic-r notebook');
  });

  it('reads nbformat 3 as nbformat upgrades it: worksheets in order, headings as Markdown, keyed by index', () => {
    const v3 = {
      nbformat: 3,
      nbformat_minor: 0,
      metadata: { name: 'old' },
      worksheets: [
        {
          cells: [
            { cell_type: 'heading', level: 2, source: ['Setup\n', 'part'] },
            {
              cell_type: 'code',
              language: 'python',
              input: ['import math\n', 'x = 1'],
              prompt_number: 1,
              outputs: []
            }
          ]
        },
        {
          cells: [
            { cell_type: 'markdown', source: 'text' },
            { cell_type: 'code', language: 'python', input: LOOP, outputs: [] }
          ]
        }
      ]
    };
    expect(readNotebook(JSON.stringify(v3), 'old.ipynb')).toEqual([
      { id: '0', type: 'markdown', source: '## Setup part' },
      { id: '1', type: 'code', source: 'import math\nx = 1' },
      { id: '2', type: 'markdown', source: 'text' },
      { id: '3', type: 'code', source: LOOP }
    ]);
    const out = advise(
      {
        'old.ipynb': JSON.stringify(v3),
        'f.json': JSON.stringify(facts({ '3': [RUN] }))
      },
      'old.ipynb',
      '--facts',
      'f.json',
      '--json'
    );
    expect(out.code).toBe(0);
    const cells = JSON.parse(out.stdout).cells;
    expect(cells.map((c: { id: string }) => c.id)).toEqual(['1', '3']);
    expect(cells[1].seconds).toBe(4);
  });

  it('keys a repeated id by index, and an empty one, and says so on stderr', () => {
    const notes: string[] = [];
    const cells = readNotebook(
      v4([
        { id: 'same', source: 'a = 1' },
        { id: 'same', source: LOOP },
        { id: '', source: 'b = 2' }
      ]),
      'n.ipynb',
      notes
    );
    expect(cells.map(cell => cell.id)).toEqual(['same', '1', '2']);
    expect(notes).toEqual([
      "n.ipynb: cell 2 has an empty id; its runs are keyed '2'",
      "n.ipynb: cells 0 and 1 share the id 'same'; the runs of cell 1 are keyed '1'"
    ]);
    // The runs keyed 'same' stay with the first cell; the loop gets only its own.
    const out = advise(
      {
        'n.ipynb': v4([
          { id: 'same', source: 'a = 1' },
          { id: 'same', source: LOOP }
        ]),
        'f.json': JSON.stringify(facts({ same: [{ ...RUN, wall_s: 0.01 }] }))
      },
      'n.ipynb',
      '--facts',
      'f.json',
      '--json'
    );
    expect(out.stderr).toBe(
      "jupyterlab-optimiser: n.ipynb: cells 0 and 1 share the id 'same'; the runs of cell 1 are keyed '1'\n"
    );
    const [first, second] = JSON.parse(out.stdout).cells;
    expect([first.id, first.seconds, second.id, second.seconds]).toEqual([
      'same',
      0.01,
      '1',
      null
    ]);
  });
});

describe('the facts', () => {
  it.each([
    ['1e400', 'runs.a.0.wall_s'],
    ['-1e400', 'runs.a.0.wall_s']
  ])('%s is refused with exit code 2, its place named', (literal, where) => {
    const text = JSON.stringify(
      facts({ a: [{ ...RUN, wall_s: 12345 }] })
    ).replace('12345', literal);
    const out = advise(
      { 'n.ipynb': v4([{ id: 'a', source: LOOP }]), 'f.json': text },
      'n.ipynb',
      '--facts',
      'f.json'
    );
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `jupyterlab-optimiser: f.json is not facts version 1: ${where} is a number beyond what a double holds\n`
    );
  });

  it('huge times and counts read as numbers, in one unit throughout', () => {
    const out = advise(
      {
        'n.ipynb': v4([{ id: 'a', source: LOOP }]),
        'f.json': JSON.stringify(
          facts({ a: [{ ...RUN, wall_s: 1e30, cpu_s: 1e30 }] })
        )
      },
      'n.ipynb',
      '--facts',
      'f.json'
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('cell 1 (id a), 2.8e+26 h');
    expect(out.stdout).not.toMatch(/\de,\+|e\+\d+ s\b|min\b/);
  });

  it.each([
    [1e30, '1.0e+30'],
    [8e6, '8,000,000'],
    [999, '999']
  ])('count(%p) is %p', (value, text) => {
    expect(count(value)).toBe(text);
  });

  it.each([
    [59, '59 s'],
    [150, '2.5 min'],
    [7200, '2.0 h'],
    [1e30, '2.8e+26 h']
  ])('seconds(%p) is %p', (value, text) => {
    expect(seconds(value)).toBe(text);
  });
});
