import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import type { IKernelView } from '../../types';
import type { KernelStatus } from '../../../contracts/measurements';
import { ElapsedTimer, KernelState } from './view';
import { formatClock } from '../../format';

const trans = nullTranslator.load('jupyterlab_optimiser');

function kernel(extra: Partial<IKernelView> = {}): IKernelView {
  return {
    status: 'probed',
    message: null,
    running: null,
    language: 'python 3.11.7',
    fallback: false,
    ...extra
  };
}

describe('KernelState', () => {
  it.each<[KernelStatus, RegExp]>([
    ['no-kernel', /No kernel/],
    ['installing', /Connecting the measurement probe/],
    ['probed', /Measuring every run \(python 3\.11\.7\)/],
    ['timings-only', /Timings only/],
    ['restarting', /Kernel restarting/],
    ['dead', /Kernel dead/],
    ['error', /reported a problem/]
  ])('%s is a clear state, never blank', (status, text) => {
    render(
      <KernelState
        trans={trans}
        kernel={kernel({ status })}
        active={true}
        onShowCell={jest.fn()}
      />
    );
    const node = screen.getByRole('status');
    expect(node.textContent).toMatch(text);
    expect(node.getAttribute('data-status')).toBe(status);
  });

  it("shows the probe's message, e.g. why it is timings only", () => {
    render(
      <KernelState
        trans={trans}
        kernel={kernel({
          status: 'timings-only',
          message: 'The kernel is R: advice needs Python.'
        })}
        active={true}
        onShowCell={jest.fn()}
      />
    );
    expect(
      screen.getByText('The kernel is R: advice needs Python.')
    ).toBeTruthy();
  });

  it('says when only JupyterLab timings are available', () => {
    render(
      <KernelState
        trans={trans}
        kernel={kernel({ status: 'timings-only', fallback: true })}
        active={true}
        onShowCell={jest.fn()}
      />
    );
    expect(screen.getByText(/measurement plugin is not loaded/)).toBeTruthy();
  });

  it('links the running cell', () => {
    const onShowCell = jest.fn();
    render(
      <KernelState
        trans={trans}
        kernel={kernel({
          running: { cellId: 'c7', index: 7, since: Date.now() }
        })}
        active={true}
        onShowCell={onShowCell}
      />
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cell 7 is running' }));
    expect(onShowCell).toHaveBeenCalledWith('c7');
    expect(screen.getByRole('timer')).toBeTruthy();
  });
});

describe('ElapsedTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks every second while the panel is visible', () => {
    let now = 100_000;
    render(
      <ElapsedTimer
        trans={trans}
        since={100_000 - 5_000}
        active={true}
        now={() => now}
      />
    );
    expect(screen.getByRole('timer').textContent).toBe('0:05');
    now += 2_000;
    act(() => {
      jest.advanceTimersByTime(2_000);
    });
    expect(screen.getByRole('timer').textContent).toBe('0:07');
  });

  it('does not tick while hidden', () => {
    let now = 100_000;
    const clock = jest.fn(() => now);
    render(
      <ElapsedTimer trans={trans} since={100_000} active={false} now={clock} />
    );
    const calls = clock.mock.calls.length;
    now += 10_000;
    act(() => {
      jest.advanceTimersByTime(10_000);
    });
    expect(clock.mock.calls.length).toBe(calls);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [7_400, '0:07'],
    [750_000, '12:30'],
    [3_723_000, '1:02:03'],
    [-5, '0:00']
  ])('%d ms is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
