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
