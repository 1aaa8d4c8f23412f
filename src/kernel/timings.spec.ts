import type { ITimedMessage } from './timings';
import { ExecutionTimer } from './timings';

function request(
  msgId: string,
  cellId: unknown,
  silent = false
): ITimedMessage {
  return {
    header: { msg_id: msgId, msg_type: 'execute_request' },
    metadata: { cellId },
    content: { code: 'x', silent }
  };
}

function reply(
  parent: string,
  type: string,
  ms: number,
  content = {}
): ITimedMessage {
  return {
    header: {
      msg_id: `${type}-${ms}`,
      msg_type: type,
      date: new Date(ms).toISOString()
    },
    parent_header: { msg_id: parent },
    content
  };
}

describe('ExecutionTimer', () => {
  it('times a cell from the kernel busy and idle stamps', () => {
    const timer = new ExecutionTimer();
    timer.sent(request('m1', 'c1'));
    expect(
      timer.received(
        reply('m1', 'status', 1000, { execution_state: 'busy' }),
        42
      )
    ).toEqual({
      kind: 'started',
      cellId: 'c1',
      since: 42
    });
    timer.received(reply('m1', 'execute_reply', 3200, { status: 'ok' }));
    const done = timer.received(
      reply('m1', 'status', 3250, { execution_state: 'idle' })
    );
    expect(done).toMatchObject({ kind: 'finished', cellId: 'c1' });
    expect(done?.kind === 'finished' && done.record).toMatchObject({
      wall_s: 2.25,
      ok: true,
      timing_only: true
    });
  });

  it('ignores silent requests, requests without a cell and unknown parents', () => {
    const timer = new ExecutionTimer();
    timer.sent(request('silent', 'c1', true));
    timer.sent(request('console', undefined));
    for (const parent of ['silent', 'console', 'someone-else']) {
      expect(
        timer.received(reply(parent, 'status', 1, { execution_state: 'busy' }))
      ).toBeNull();
    }
  });

  it('reports cells skipped after an earlier error as aborted, not as runs', () => {
    const timer = new ExecutionTimer();
    timer.sent(request('m2', 'c2'));
    timer.received(reply('m2', 'execute_reply', 5, { status: 'aborted' }));
    expect(
      timer.received(reply('m2', 'status', 6, { execution_state: 'idle' }))
    ).toEqual({
      kind: 'aborted',
      cellId: 'c2'
    });
  });

  it('forgets pending requests on reset', () => {
    const timer = new ExecutionTimer();
    timer.sent(request('m3', 'c3'));
    timer.reset();
    expect(
      timer.received(reply('m3', 'status', 6, { execution_state: 'idle' }))
    ).toBeNull();
  });
});
