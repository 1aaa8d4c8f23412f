import { parseProbeMessage } from './messages';
import { HELLO_FACTS, PROFILING, RECORD } from './__tests__/fakekernel';

describe('parseProbeMessage', () => {
  it('reads the probe hello, facts, runs and faults', () => {
    expect(
      parseProbeMessage({
        type: 'hello',
        facts: HELLO_FACTS,
        profiling: PROFILING
      })
    ).toEqual({
      type: 'hello',
      facts: HELLO_FACTS,
      profiling: PROFILING
    });
    expect(
      parseProbeMessage({ type: 'facts', request_id: 4, facts: HELLO_FACTS })
    ).toEqual({
      type: 'facts',
      requestId: 4,
      facts: HELLO_FACTS
    });
    expect(
      parseProbeMessage({
        type: 'runs',
        runs: [{ cell_id: 'a', execution_count: 3, record: RECORD }]
      })
    ).toEqual({ type: 'runs', runs: [{ cellId: 'a', record: RECORD }] });
    expect(
      parseProbeMessage({ type: 'fault', where: 'send', error: 'E: x' })
    ).toEqual({
      type: 'fault',
      where: 'send',
      error: 'E: x'
    });
  });

  it.each([
    ['absent (an earlier probe)', undefined],
    ['not an object', 'on'],
    ['a string for enabled', { ...PROFILING, enabled: 'yes' }],
    ['a negative delay', { ...PROFILING, start_delay_s: -0.1 }],
    ['no interval', { ...PROFILING, interval_s: 0 }]
  ])("reads the hello's profiling settings %s as none", (_, profiling) => {
    const message = parseProbeMessage({
      type: 'hello',
      facts: HELLO_FACTS,
      profiling
    });
    expect(message).toEqual({
      type: 'hello',
      facts: HELLO_FACTS,
      profiling: null
    });
  });

  it('reads a fault without a place', () => {
    expect(parseProbeMessage({ type: 'fault', error: 'E' })).toEqual({
      type: 'fault',
      where: null,
      error: 'E'
    });
  });

  it('keeps the line profile of a run', () => {
    const record = {
      ...RECORD,
      profile: {
        interval_s: 0.01,
        start_delay_s: 0.1,
        samples: 120,
        lines: [
          { cell_id: 'a', line: 2, python_s: 1.1, native_s: 0, waiting_s: 0 }
        ],
        elsewhere: { python_s: 0.1, native_s: 0, waiting_s: 0 }
      }
    };
    expect(
      parseProbeMessage({ type: 'runs', runs: [{ cell_id: 'a', record }] })
    ).toEqual({ type: 'runs', runs: [{ cellId: 'a', record }] });
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['no type', { facts: HELLO_FACTS }],
    ['an unknown type', { type: 'mystery' }],
    [
      'a later facts version',
      { type: 'hello', facts: { ...HELLO_FACTS, version: 2 } }
    ],
    [
      'facts without a machine',
      { type: 'hello', facts: { ...HELLO_FACTS, machine: undefined } }
    ],
    [
      'an unknown scheduler',
      {
        type: 'facts',
        facts: {
          ...HELLO_FACTS,
          machine: { ...HELLO_FACTS.machine, scheduler: 'cron' }
        }
      }
    ],
    [
      'a string for the cores',
      {
        type: 'hello',
        facts: {
          ...HELLO_FACTS,
          machine: { ...HELLO_FACTS.machine, cores: '2' }
        }
      }
    ]
  ])('ignores %s', (_, data) => {
    expect(parseProbeMessage(data).type).toBe('ignored');
  });

  it.each([
    ['a missing cell id', { record: RECORD }],
    ['an empty cell id', { cell_id: '', record: RECORD }],
    [
      'a negative wall time',
      { cell_id: 'a', record: { ...RECORD, wall_s: -1 } }
    ],
    [
      'a missing field',
      { cell_id: 'a', record: { ...RECORD, imported: undefined } }
    ],
    [
      'a non-string error',
      { cell_id: 'a', record: { ...RECORD, ok: false, error: 42 } }
    ]
  ])('drops a run with %s and keeps the rest', (_, bad) => {
    const good = { cell_id: 'b', record: RECORD };
    expect(parseProbeMessage({ type: 'runs', runs: [bad, good] })).toEqual({
      type: 'runs',
      runs: [{ cellId: 'b', record: RECORD }]
    });
  });
});
