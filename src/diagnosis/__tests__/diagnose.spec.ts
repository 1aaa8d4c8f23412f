/**
 * Table tests of the diagnosis: each row is a cell's runs, machine and profile as the probe
 * records them, and the kind, confidence and hot lines the diagnosis must find.
 */
import {
  diagnose,
  diagnosisMessage,
  diagnosisSentence,
  isMemoryError
} from '..';
import type {
  ICodeShape,
  IDiagnosisInput,
  IDiagnosisMachine,
  IDiagnosisRun,
  IProfile
} from '..';
import type { IProfileLine } from '../../contracts/facts';
import { messageParts } from '../../contracts/messages';

const TWO_CORES: IDiagnosisMachine = {
  cores: 2,
  memory_bytes: 8e9,
  memory_available_bytes: 6e9,
  gpus: [],
  scheduler: null
};

const NO_SHAPE: ICodeShape = { heavy: null, pythonLoops: false };
const LOOPS: ICodeShape = { heavy: null, pythonLoops: true };

function run(
  wall: number,
  cpu: number,
  more: Partial<IDiagnosisRun> = {}
): IDiagnosisRun {
  return {
    wall_s: wall,
    cpu_s: cpu,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 1e6,
    ok: true,
    ...more
  };
}

function line(
  at: number,
  python: number,
  native: number,
  waiting: number,
  cell = 'c'
): IProfileLine {
  return {
    cell_id: cell,
    line: at,
    python_s: python,
    native_s: native,
    waiting_s: waiting
  };
}

function profile(lines: IProfileLine[], samples = 400): IProfile {
  return {
    interval_s: 0.01,
    samples,
    lines,
    elsewhere: { python_s: 0.01, native_s: 0, waiting_s: 0 }
  };
}

function input(
  runs: IDiagnosisRun[],
  shape: ICodeShape = NO_SHAPE,
  machine: IDiagnosisMachine | null = TWO_CORES
): IDiagnosisInput {
  return { cellId: 'c', runs, machine, thresholdSeconds: 1, shape };
}

describe('diagnose', () => {
  it.each([
    [
      'a pure-Python loop: the interpreter, line 9',
      input([
        run(4.3, 4.25, {
          profile: profile([line(9, 3.6, 0.1, 0), line(3, 0.5, 0.05, 0)])
        })
      ]),
      'interpreter',
      'high',
      [9]
    ],
    [
      'two loops sharing the time: both lines are hot, heaviest first',
      input([
        run(4.3, 4.25, {
          profile: profile([
            line(3, 2.0, 0.05, 0),
            line(9, 1.8, 0.05, 0),
            line(1, 0.3, 0, 0)
          ])
        })
      ]),
      'interpreter',
      'high',
      [3, 9]
    ],
    [
      'a loop over whole-array NumPy calls (FFT per step): native, not the interpreter',
      input(
        [
          run(3.1, 3.05, {
            profile: profile([line(6, 0.3, 2.6, 0.1), line(7, 0.05, 0.05, 0)])
          })
        ],
        LOOPS
      ),
      'native',
      'high',
      [6]
    ],
    [
      'a loop that sleeps or fsyncs: waiting, whatever its code looks like',
      input(
        [
          run(5.0, 0.2, {
            profile: profile([line(4, 0.1, 0.1, 4.7)])
          })
        ],
        LOOPS
      ),
      'waiting',
      'high',
      [4]
    ],
    [
      'a pool keeping both cores busy (children CPU)',
      input([
        run(6.0, 0.3, {
          children_cpu_s: 11.5,
          profile: profile([line(2, 0.1, 0, 5.9)])
        })
      ]),
      'all-cores',
      'high',
      []
    ],
    [
      'threaded BLAS on both cores',
      input([run(3.0, 5.9, { profile: profile([line(1, 0, 3.0, 0)]) })]),
      'all-cores',
      'high',
      []
    ],
    [
      'an external program per item: the kernel waits on other processes',
      input([
        run(8.0, 0.4, {
          children_cpu_s: 7.2,
          profile: profile([line(5, 0.2, 0.1, 7.7)])
        })
      ]),
      'waiting',
      'high',
      [5]
    ],
    [
      'a run that peaked near the memory available',
      input([run(2.0, 1.9, { peak_rss_delta_bytes: 5.5e9 })]),
      'memory',
      'medium',
      []
    ],
    [
      'a hot function defined in another cell: its lines count there',
      input([
        run(2.5, 2.45, {
          profile: profile([line(4, 2.2, 0.1, 0, 'defs'), line(1, 0.1, 0, 0)])
        })
      ]),
      'interpreter',
      'high',
      [4]
    ],
    [
      'python and native nearly even: medium',
      input([
        run(2.0, 1.95, {
          profile: profile([line(3, 1.1, 0.9, 0)])
        })
      ]),
      'interpreter',
      'medium',
      [3]
    ],
    [
      'partly off the CPU (partial waits, or a loaded machine): the CPU part decides, medium',
      input([
        run(4.0, 1.6, {
          profile: profile([line(5, 1.2, 0.2, 2.4)])
        })
      ]),
      'interpreter',
      'medium',
      [5]
    ],
    [
      'a clear profile with few samples: medium',
      input([run(1.2, 1.2, { profile: profile([line(3, 1.2, 0, 0)], 8) })]),
      'interpreter',
      'medium',
      [3]
    ]
  ])('%s', (_name, cell, kind, confidence, lines) => {
    const diagnosis = diagnose(cell);
    expect(diagnosis.kind).toBe(kind);
    expect(diagnosis.confidence).toBe(confidence);
    expect(diagnosis.hotLines.map(hot => hot.line)).toEqual(lines);
  });

  it.each([
    ['a NameError', 'NameError: name `df` is not defined', 'failed'],
    [
      'a SyntaxError',
      'SyntaxError: invalid syntax (1234.py, line 3)',
      'failed'
    ],
    [
      'a removed API',
      "AttributeError: module 'numpy' has no attribute 'float'",
      'failed'
    ],
    ['a MemoryError', 'MemoryError: Unable to allocate 7.45 GiB', 'memory'],
    [
      "NumPy's allocation error",
      'numpy.core._exceptions._ArrayMemoryError: Unable to allocate 30 GiB for an array',
      'memory'
    ],
    ['a bare MemoryError', 'MemoryError: ', 'memory']
  ])('a run that raised %s: %s', (_name, error, kind) => {
    const diagnosis = diagnose(
      input([run(5, 5), run(0.2, 0.2, { ok: false, error })], LOOPS)
    );
    expect(diagnosis.kind).toBe(kind);
    expect(diagnosis.confidence).toBe('high');
    expect(diagnosis.error).toBe(error);
    expect(diagnosis.evidence[0]).toEqual({ fact: 'error', value: error });
  });

  it.each([
    ['under the threshold', [run(0.4, 0.4)], 'fast'],
    [
      'slow before, fast now: the latest run counts',
      [run(9, 9), run(0.3, 0.3)],
      'fast'
    ],
    [
      'failed before, fast now',
      [run(0.1, 0.1, { ok: false, error: 'NameError: x' }), run(0.3, 0.3)],
      'fast'
    ]
  ])('%s', (_name, runs, kind) => {
    expect(diagnose(input(runs)).kind).toBe(kind);
  });

  it.each([
    [
      'CPU a small fraction of the wall: waiting',
      run(4, 0.1),
      LOOPS,
      'waiting',
      'high'
    ],
    [
      'CPU under half a core: waiting, medium',
      run(4, 1.6),
      LOOPS,
      'waiting',
      'medium'
    ],
    [
      'one core busy, Python loops in the code: interpreter, medium',
      run(4, 3.9),
      LOOPS,
      'interpreter',
      'medium'
    ],
    [
      'one core busy, no Python loops: native, medium',
      run(4, 3.9),
      NO_SHAPE,
      'native',
      'medium'
    ],
    [
      'timing only (no probe): CPU unknown, read from the code',
      run(4, 0, { timing_only: true }),
      LOOPS,
      'interpreter',
      'low'
    ]
  ])('no profile: %s', (_name, only, shape, kind, confidence) => {
    const diagnosis = diagnose(input([only], shape));
    expect(diagnosis.kind).toBe(kind);
    expect(diagnosis.confidence).toBe(confidence);
    expect(diagnosis.profiled).toBe(false);
  });

  it.each([
    ['plain code', NO_SHAPE, 'low'],
    [
      'nested numeric loops',
      {
        heavy: { reason: 'nested-numeric', line: 3 },
        pythonLoops: true
      } as ICodeShape,
      'medium'
    ]
  ])('never ran, %s: unmeasured, never high', (_name, shape, confidence) => {
    const diagnosis = diagnose(input([], shape));
    expect(diagnosis.kind).toBe('unmeasured');
    expect(diagnosis.confidence).toBe(confidence);
    expect(diagnosis.seconds).toBeNull();
  });

  it('an interrupted long run is measured, at most medium', () => {
    const diagnosis = diagnose(
      input([
        run(30, 29.8, {
          ok: false,
          error: 'KeyboardInterrupt: ',
          profile: profile([line(2, 29, 0.5, 0)])
        })
      ])
    );
    expect(diagnosis.kind).toBe('interpreter');
    expect(diagnosis.confidence).toBe('medium');
  });

  it('one core on a one-core machine is not "all cores": the interpreter step still applies', () => {
    const diagnosis = diagnose(
      input(
        [run(3, 3, { profile: profile([line(2, 2.9, 0.1, 0)]) })],
        NO_SHAPE,
        {
          ...TWO_CORES,
          cores: 1
        }
      )
    );
    expect(diagnosis.kind).toBe('interpreter');
  });

  it('cites the numbers and the hot line as evidence', () => {
    const diagnosis = diagnose(
      input([
        run(4.3, 4.3, {
          profile: profile([line(9, 3.6, 0.05, 0), line(3, 0.6, 0.04, 0)])
        })
      ])
    );
    expect(diagnosis.evidence).toEqual([
      { fact: 'wall_s', value: 4.3 },
      { fact: 'cores_busy', value: 1 },
      { fact: 'cores', value: 2 },
      { fact: 'python_share', value: 0.98 },
      { fact: 'native_share', value: 0.02 },
      { fact: 'waiting_share', value: 0 },
      { fact: 'hot_line_share', value: 0.84, line: 9, cell_id: 'c' },
      { fact: 'samples', value: 400 }
    ]);
  });

  it.each([
    ['MemoryError: x', true],
    [
      'numpy._core._exceptions._ArrayMemoryError: Unable to allocate 1 GiB',
      true
    ],
    ['OutOfMemoryError: CUDA out of memory', true],
    ['ValueError: memory layout', false],
    [undefined, false]
  ])('isMemoryError(%s) is %s', (error, expected) => {
    expect(isMemoryError(error)).toBe(expected);
  });
});

describe('diagnosisSentence', () => {
  it.each([
    [
      input([
        run(4.3, 4.3, {
          profile: profile([line(9, 3.6, 0.05, 0), line(3, 0.6, 0.04, 0)])
        })
      ]),
      'Bottleneck: the Python interpreter, line 9 — 84 % of 4.3 s; 1.0 of 2 cores busy'
    ],
    [
      input([
        run(4.3, 4.3, {
          profile: profile([line(9, 1.8, 0.05, 0), line(3, 2.0, 0.05, 0)])
        })
      ]),
      'Bottleneck: the Python interpreter, lines 3 and 9 — 97 % of 4.3 s; 1.0 of 2 cores busy'
    ],
    [
      input([run(4.3, 4.3, { profile: profile([line(9, 4.2, 0.05, 0)]) })]),
      'Bottleneck: the Python interpreter, line 9 — 99 % of 4.3 s; 1.0 of 2 cores busy'
    ],
    [
      input([
        run(2.5, 2.45, { profile: profile([line(4, 2.4, 0.05, 0, 'defs')]) })
      ]),
      'Bottleneck: the Python interpreter, line 4 of cell 1 — 98 % of 2.5 s; 1.0 of 2 cores busy'
    ],
    [
      input([run(6, 0.3, { children_cpu_s: 11.5 })]),
      'Bottleneck: every core is busy — 6.0 s; 2.0 of 2 cores busy'
    ],
    [
      input([
        run(0.2, 0.2, { ok: false, error: 'NameError: name x is not defined' })
      ]),
      'The cell failed (NameError: name x is not defined): fix the error first'
    ],
    [input([run(0.3, 0.3)]), 'Fast: 0.3 s, nothing to do'],
    [input([]), 'Not measured yet: run the cell to measure'],
    [
      input([run(4, 3.9)], LOOPS),
      'Bottleneck: the Python interpreter, read from the code (no line profile) — 4.0 s; 1.0 of 2 cores busy'
    ]
  ])('%#', (cell, sentence) => {
    expect(diagnosisSentence(diagnose(cell), 'c', POSITIONS)).toBe(sentence);
  });

  it('links each hot line to its own cell, naming that cell by position', () => {
    const cell = input([
      run(2.5, 2.45, {
        profile: profile([line(4, 1.4, 0.05, 0, 'defs'), line(2, 1, 0, 0)])
      })
    ]);
    const links = messageParts(
      diagnosisMessage(diagnose(cell), 'c', POSITIONS)
    ).filter(part => part.kind === 'line');
    expect(links).toEqual([
      { kind: 'line', text: '2', line: 2, cellId: 'c' },
      { kind: 'line', text: '4', line: 4, cellId: 'defs' }
    ]);
  });
});

/** The notebook of these tests: a definitions cell, then the cell diagnosed. */
const POSITIONS = (cellId: string) => (cellId === 'defs' ? 1 : 2);
