import { lineOf } from '../syntax';

/** Newlines before `pos`, plus one: what a line number means. */
function counted(text: string, pos: number): number {
  return text.slice(0, Math.max(pos, 0)).split('\n').length;
}

describe('lineOf', () => {
  it('agrees with counting the newlines, at every offset, for texts read in turn', () => {
    const texts = [
      '',
      'x = 1',
      'a\nb\n\nc\n',
      '\n\n\n',
      'for i in range(3):\n    total += i\nprint(total)',
      ...Array.from({ length: 12 }, (_, k) => 'line\n'.repeat(k) + 'end')
    ];
    // Twice over, more texts than it keeps: what it kept and what it dropped read the same.
    for (const text of [...texts, ...texts]) {
      for (let pos = -1; pos <= text.length + 1; pos++) {
        expect(lineOf(text, pos)).toBe(counted(text, pos));
      }
    }
  });
});
