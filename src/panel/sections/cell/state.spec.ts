import { FACTS, run } from '../../__tests__/fixtures';
import { isWaiting, notRead } from './state';

describe('notRead', () => {
  it.each([
    ['%%bash\nls -l\necho done', { reason: 'cell-magic', magic: '%%bash' }],
    [
      '\n# setup\n%%writefile out.txt\nhello',
      { reason: 'cell-magic', magic: '%%writefile' }
    ],
    ['%%html\n<b>x</b>', { reason: 'cell-magic', magic: '%%html' }],
    [
      '%matplotlib inline\n!pip install numpy\n# note',
      { reason: 'magics-only' }
    ],
    ['%%time\ntotal = sum(range(10))', null],
    ['%%timeit\nfor i in range(3):\n    pass', null],
    ['%matplotlib inline\nx = 1', null],
    ['for i in range(3):\n    print(i)', null],
    ['', null],
    ['# only a comment', null]
  ])('%j', (source, expected) => {
    expect(notRead(source)).toEqual(expected);
  });
});

describe('isWaiting', () => {
  it('is true for a run that kept the kernel off the CPU, false for one that computed', () => {
    const machine = FACTS.machine;
    expect(isWaiting('c', [run(10, { cpu_s: 0.1 })], machine, 1)).toBe(true);
    expect(isWaiting('c', [run(10)], machine, 1)).toBe(false);
  });

  it('is false without runs, and for a fast run', () => {
    expect(isWaiting('c', [], FACTS.machine, 1)).toBe(false);
    expect(isWaiting('c', [run(0.2, { cpu_s: 0 })], FACTS.machine, 1)).toBe(
      false
    );
  });
});
