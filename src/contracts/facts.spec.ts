import type { IRunRecord } from './facts';
import { FactsError, isRunRecord, validateFacts } from './facts';

const RUN = {
  wall_s: 12.4,
  cpu_s: 12.3,
  children_cpu_s: 0,
  peak_rss_delta_bytes: 1048576,
  imported: ['numpy'],
  ok: true
};

const FACTS = {
  version: 1,
  kernel: { language: 'python', version: '3.11.7' },
  machine: {
    cores: 2,
    memory_bytes: 25769803776,
    memory_available_bytes: null,
    gpus: [{ name: 'NVIDIA H100', memory_bytes: 85899345920 }],
    scheduler: null
  },
  libraries: { numpy: '2.1.3', numba: null },
  variables: {
    x: { type: 'ndarray', nbytes: 800, shape: [100], dtype: 'float64' }
  },
  runs: {
    'cell-1': [
      RUN,
      { ...RUN, ok: false, error: 'MemoryError: Unable to allocate' }
    ]
  }
};

describe('validateFacts', () => {
  it('accepts the documented example', () => {
    expect(validateFacts(FACTS)).toBe(FACTS);
  });

  it.each([
    ['version', { ...FACTS, version: 2 }, 'version'],
    ['runs', { ...FACTS, runs: undefined }, 'runs'],
    [
      'cores',
      { ...FACTS, machine: { ...FACTS.machine, cores: 0 } },
      'machine.cores'
    ],
    [
      'a library version',
      { ...FACTS, libraries: { numpy: 2 } },
      'libraries.numpy'
    ],
    [
      'a run',
      { ...FACTS, runs: { c: [{ ...RUN, cpu_s: null }] } },
      'runs.c.0.cpu_s'
    ]
  ])('names the offending field: %s', (_, document, field) => {
    expect(() => validateFacts(document)).toThrow(FactsError);
    expect(() => validateFacts(document)).toThrow(field);
  });
});

describe('isRunRecord', () => {
  it.each([
    [RUN, true],
    [{ ...RUN, timing_only: true }, true],
    [{ ...RUN, ok: 'yes' }, false],
    [{ ...RUN, peak_rss_delta_bytes: 1.5 }, false],
    [null, false]
  ])('%j -> %s', (value, expected) => {
    expect(isRunRecord(value)).toBe(expected);
  });
});

/** A profiled run as docs/facts.md shows it: a line with a named call, one without, the rest. */
const PROFILED: IRunRecord = {
  ...RUN,
  profile: {
    interval_s: 0.01,
    start_delay_s: 0.1,
    samples: 1228,
    lines: [
      {
        cell_id: 'cell-1',
        line: 9,
        python_s: 11.2,
        native_s: 0.3,
        waiting_s: 0.1,
        calls: [{ name: 'pandas.core.frame.DataFrame.apply', s: 11.5 }]
      },
      {
        cell_id: 'cell-0',
        line: 4,
        python_s: 0,
        native_s: 0.7,
        waiting_s: 0
      }
    ],
    more_lines: { lines: 3, python_s: 0.05, native_s: 0, waiting_s: 0 },
    elsewhere: { python_s: 0.01, native_s: 0, waiting_s: 0 }
  }
};

describe('the line profile and effective cores', () => {
  it('accepts a profiled run and the cores with their source and limits', () => {
    const facts = {
      ...FACTS,
      machine: {
        ...FACTS.machine,
        cores_source: 'cgroup',
        cores_limits: { affinity: 96, cgroup: 3.5, slurm: 8 }
      },
      runs: { 'cell-1': [RUN, PROFILED] }
    };
    expect(validateFacts(facts)).toBe(facts);
    expect(isRunRecord(PROFILED)).toBe(true);
  });

  const profile = PROFILED.profile!;
  const [first, second] = profile.lines;
  it.each([
    ['no samples', { ...profile, samples: 0 }, 'runs.c.0.profile.samples'],
    [
      'a line 0',
      { ...profile, lines: [{ ...first, line: 0 }] },
      'runs.c.0.profile.lines.0.line'
    ],
    [
      'a line without its cell',
      { ...profile, lines: [{ ...second, cell_id: undefined }] },
      'runs.c.0.profile.lines.0'
    ],
    [
      'negative seconds',
      { ...profile, lines: [{ ...second, waiting_s: -1 }] },
      'runs.c.0.profile.lines.0.waiting_s'
    ],
    [
      'four calls',
      {
        ...profile,
        lines: [{ ...first, calls: [0, 1, 2, 3].map(() => first.calls![0]) }]
      },
      'runs.c.0.profile.lines.0.calls'
    ],
    [
      'more lines without a count',
      { ...profile, more_lines: { python_s: 1, native_s: 0, waiting_s: 0 } },
      'runs.c.0.profile.more_lines'
    ],
    [
      'no time elsewhere',
      { ...profile, elsewhere: undefined },
      'runs.c.0.profile'
    ]
  ])('names the offending profile field: %s', (_, bad, field) => {
    const document = { ...FACTS, runs: { c: [{ ...RUN, profile: bad }] } };
    expect(() => validateFacts(document)).toThrow(field);
  });

  it.each([
    ['an unknown source', { cores_source: 'docker' }, 'machine.cores_source'],
    [
      'a zero quota',
      { cores_limits: { cgroup: 0 } },
      'machine.cores_limits.cgroup'
    ],
    [
      'a fractional affinity',
      { cores_limits: { affinity: 1.5 } },
      'machine.cores_limits.affinity'
    ]
  ])('names the offending cores field: %s', (_, extra, field) => {
    const document = { ...FACTS, machine: { ...FACTS.machine, ...extra } };
    expect(() => validateFacts(document)).toThrow(field);
  });

  it('still accepts facts from earlier probes: no profile, no cores source', () => {
    expect(validateFacts(FACTS)).toBe(FACTS);
  });
});
