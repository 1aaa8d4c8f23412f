/**
 * The real bundle, `node lib/cli.js`, run as a child process: exit codes, the one-line errors on
 * stderr, the JSON shape, and that its advice is the pipeline's advice.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { adviseNotebook } from '../../pipeline';
import type { IAdvice } from '../../contracts/advice';
import { formatMessage } from '../../contracts/messages';
import { readFacts } from '../facts';
import { readNotebook } from '../notebook';
import { DEFAULT_ADVICE_CONFIG } from '../../contracts/settings';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'lib', 'cli.js');
const NOTEBOOK = path.join(ROOT, 'examples', 'slow-cells.ipynb');
const FACTS = path.join(ROOT, 'examples', 'slow-cells.facts.json');
const RUN = {
  wall_s: 4,
  cpu_s: 4,
  children_cpu_s: 0,
  peak_rss_delta_bytes: 0,
  imported: [],
  ok: true
};

/** The newest modification time of the sources the bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

beforeAll(() => {
  // Test the bundle of the sources under test: rebuild it when a source is newer.
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built < newestSource(path.join(ROOT, 'src'))) {
    execFileSync('npm', ['run', '--silent', 'build:cli'], {
      cwd: ROOT,
      stdio: 'pipe'
    });
  }
}, 60_000);

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'optimiser-cli-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : JSON.stringify(content)
  );
  return file;
}

function cli(...args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf-8',
    cwd: ROOT
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr
  };
}

describe('node lib/cli.js advise', () => {
  it('prints the documented JSON, and nothing more', () => {
    const { status, stdout, stderr } = cli(
      'advise',
      NOTEBOOK,
      '--facts',
      FACTS,
      '--json'
    );
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['version', 'cells']);
    expect(document.version).toBe(1);
    expect(document.cells).toHaveLength(9);
    for (const cell of document.cells) {
      expect(Object.keys(cell)).toEqual([
        'id',
        'index',
        'seconds',
        'diagnosis',
        'advice'
      ]);
      expect(Object.keys(cell.diagnosis)).toEqual([
        'kind',
        'confidence',
        'sentence',
        'sentence_message',
        'evidence'
      ]);
      expect(formatMessage(cell.diagnosis.sentence_message)).toBe(
        cell.diagnosis.sentence
      );
      for (const advice of cell.advice) {
        expect(Object.keys(advice)).toEqual([
          'rule',
          'title',
          'why',
          'title_message',
          'why_message',
          'evidence',
          'confidence',
          'insert'
        ]);
        // The English text beside the message it words: the same words.
        expect(formatMessage(advice.title_message)).toBe(advice.title);
        expect(formatMessage(advice.why_message)).toBe(advice.why);
        for (const evidence of advice.evidence) {
          expect(['measured', 'code', 'machine']).toContain(evidence.kind);
          expect(formatMessage(evidence.message)).toBe(evidence.text);
        }
        for (const insert of advice.insert) {
          // Inserted cells carry the panel's bookkeeping metadata too (rule, source cell, role).
          expect(Object.keys(insert)).toEqual([
            'cell_type',
            'source',
            'metadata'
          ]);
          expect(insert.metadata['jupyterlab-optimiser']).toMatchObject({
            rule: advice.rule,
            source_cell: cell.id
          });
        }
      }
    }
    const top = Object.fromEntries(
      document.cells.map((c: { id: string; advice: { rule: string }[] }) => [
        c.id,
        c.advice[0]?.rule ?? null
      ])
    );
    expect(top).toEqual({
      setup: null,
      'series-loop': 'numpy-vectorise',
      'list-arithmetic': 'numpy-vectorise',
      'time-stepping': 'numba-jit',
      'word-stats': 'pathos-pool',
      'external-runs': 'gnu-parallel',
      'big-array': null, // 800 MB that fit: NumPy does the work (issue 12)
      pipeline: 'profile-first',
      'already-vectorised': null
    });
  });

  it('gives exactly the advice and inserts of the shared pipeline', () => {
    const { stdout } = cli('advise', NOTEBOOK, '--facts', FACTS, '--json');
    const facts = readFacts(fs.readFileSync(FACTS, 'utf-8'), FACTS);
    const { runs, ...rest } = facts;
    const cells = readNotebook(fs.readFileSync(NOTEBOOK, 'utf-8'), NOTEBOOK);
    const expected = adviseNotebook({
      cells,
      runs,
      facts: rest,
      config: DEFAULT_ADVICE_CONFIG
    });
    const document = JSON.parse(stdout);
    // The JSON carries the documented keys only (no panel-side `target`): the messages, and
    // their English words; the inserted cells are exactly the panel's, metadata included.
    const documented = (advice: IAdvice): Record<string, unknown> => ({
      rule: advice.rule,
      title: formatMessage(advice.title),
      why: formatMessage(advice.why),
      title_message: advice.title,
      why_message: advice.why,
      evidence: advice.evidence.map(item => ({
        kind: item.kind,
        text: formatMessage(item.text),
        message: item.text,
        ...(item.line === undefined ? {} : { line: item.line })
      })),
      confidence: advice.confidence,
      insert: advice.insert
    });
    expect(document.cells.map((c: { advice: unknown[] }) => c.advice)).toEqual(
      expected.map(cell => cell.advice.map(documented))
    );
    expect(
      expected.some(cell =>
        cell.advice.some(advice => advice.insert.length > 0)
      )
    ).toBe(true);
  });

  it('advises one cell with --cell, and static advice without --facts', () => {
    const { status, stdout } = cli(
      'advise',
      NOTEBOOK,
      '--cell',
      'time-stepping',
      '--json'
    );
    expect(status).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.cells).toHaveLength(1);
    expect(document.cells[0]).toMatchObject({
      id: 'time-stepping',
      index: 7,
      seconds: null
    });
    expect(document.cells[0].advice[0]).toMatchObject({
      rule: 'numba-jit',
      confidence: 'medium'
    });
  });

  it('prints a report for people by default', () => {
    const { status, stdout } = cli('advise', NOTEBOOK, '--facts', FACTS);
    expect(status).toBe(0);
    expect(stdout).toContain('9 code cells, 6 with advice');
    expect(stdout).toContain('cell 4 (id series-loop), 3.2 s');
    // The demo's facts carry no line profile: the bottleneck is read from the CPU and the code.
    expect(stdout).toMatch(
      /cell 4 \(id series-loop\), 3\.2 s\n {2}Bottleneck: the Python interpreter, read from the code \(no line profile\) — 3\.2 s; 1\.0 of 2 cores busy\n/
    );
    expect(stdout).toContain(
      '1. Vectorise the loop with NumPy [numpy-vectorise, medium confidence]'
    );
    expect(stdout).toContain(
      'cell 18 (id already-vectorised), 2.8 s: no advice'
    );
  });

  it('keys cells without ids by their index, as the facts format does', () => {
    const notebook = write('old.ipynb', {
      nbformat: 4,
      nbformat_minor: 2,
      metadata: {},
      cells: [
        { cell_type: 'markdown', source: '# old notebook', metadata: {} },
        {
          cell_type: 'code',
          source: [
            'total = 0\n',
            'for i in range(10**7):\n',
            '    total += i * i\n'
          ],
          metadata: {},
          outputs: []
        }
      ]
    });
    const facts = JSON.parse(fs.readFileSync(FACTS, 'utf-8'));
    facts.runs = { '1': [RUN] };
    const { status, stdout } = cli(
      'advise',
      notebook,
      '--facts',
      write('facts.json', facts),
      '--json'
    );
    expect(status).toBe(0);
    expect(JSON.parse(stdout).cells[0]).toMatchObject({
      id: '1',
      index: 1,
      seconds: 4
    });
  });

  it('says in the report which lines it could not read', () => {
    const notebook = write('magic.ipynb', {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          id: 'loop',
          cell_type: 'code',
          source:
            '%matplotlib inline\n!nproc\ntotal = 0.0\nfor k in range(10**7):\n    total += k ** 0.5',
          metadata: {},
          outputs: []
        }
      ]
    });
    const { status, stdout } = cli('advise', notebook);
    expect(status).toBe(0);
    expect(stdout).toContain('numpy-vectorise');
    expect(stdout).toContain('not read, line 1 (magic): %matplotlib inline');
    expect(stdout).toContain('not read, line 2 (shell): !nproc');
  });

  it('prints the usage with --help', () => {
    const { status, stdout } = cli('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^usage: jupyterlab-optimiser advise NOTEBOOK\.ipynb/
    );
  });
});

describe('node lib/cli.js: unusable input is one line on stderr and exit code 2', () => {
  const validFacts = (): Record<string, unknown> =>
    JSON.parse(fs.readFileSync(FACTS, 'utf-8'));

  it.each([
    ['no arguments', () => [], 'a command is needed'],
    [
      'an unknown command',
      () => ['optimise', NOTEBOOK],
      "unknown command 'optimise'"
    ],
    [
      'an unknown option',
      () => ['advise', NOTEBOOK, '--fast'],
      "unknown option '--fast'"
    ],
    [
      'a missing notebook',
      () => ['advise', path.join(tmp, 'none.ipynb')],
      'no such file'
    ],
    [
      'a notebook that is not JSON',
      () => ['advise', write('a.ipynb', '{"cells": [')],
      'is not JSON'
    ],
    [
      'nbformat 2',
      () => ['advise', write('a.ipynb', { nbformat: 2, worksheets: [] })],
      'is not an nbformat 4 notebook'
    ],
    [
      'facts with a number beyond a double',
      () => [
        'advise',
        NOTEBOOK,
        '--facts',
        write(
          'f.json',
          JSON.stringify({
            ...validFacts(),
            runs: { a: [{ ...RUN, wall_s: 12345 }] }
          }).replace('12345', '1e400')
        )
      ],
      'runs.a.0.wall_s is a number beyond what a double holds'
    ],
    [
      'a cell without source',
      () => [
        'advise',
        write('a.ipynb', { nbformat: 4, cells: [{ cell_type: 'code' }] })
      ],
      'cell 0 has no source text'
    ],
    [
      'an R notebook',
      () => [
        'advise',
        write('a.ipynb', {
          nbformat: 4,
          metadata: { kernelspec: { language: 'R' } },
          cells: []
        })
      ],
      'is a R notebook'
    ],
    [
      'facts that are not JSON',
      () => ['advise', NOTEBOOK, '--facts', write('f.json', 'nope')],
      'is not JSON'
    ],
    [
      'facts of another version',
      () => [
        'advise',
        NOTEBOOK,
        '--facts',
        write('f.json', { ...validFacts(), version: 2 })
      ],
      'is not facts version 1: version must be equal to constant'
    ],
    [
      'facts with zero cores',
      () => [
        'advise',
        NOTEBOOK,
        '--facts',
        write('f.json', {
          ...validFacts(),
          machine: { ...(validFacts().machine as object), cores: 0 }
        })
      ],
      'is not facts version 1: machine.cores must be >= 1'
    ],
    [
      'facts with a text time',
      () => [
        'advise',
        NOTEBOOK,
        '--facts',
        write('f.json', {
          ...validFacts(),
          runs: { a: [{ ...RUN, wall_s: '3' }] }
        })
      ],
      'is not facts version 1: runs.a.0.wall_s must be number'
    ],
    [
      'an unknown cell',
      () => ['advise', NOTEBOOK, '--cell', 'nope'],
      "has no code cell with id 'nope'"
    ],
    [
      '--facts without a file',
      () => ['advise', NOTEBOOK, '--facts'],
      '--facts needs a value'
    ]
  ])('%s', (_, args, message) => {
    const { status, stdout, stderr } = cli(...args());
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([expect.stringContaining(message), '']);
    expect(stderr).toMatch(/^jupyterlab-optimiser: /);
  });
});
