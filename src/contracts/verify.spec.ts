import * as fs from 'fs';
import * as path from 'path';

import { parseVerifyLine, VERIFY_PREFIX } from './verify';

describe('parseVerifyLine', () => {
  it.each([
    ['verify: equal=True speedup=41.2x original=12.4s new=0.30s', true, 41.2],
    ['warming up\nverify: equal=False speedup=0.8x', false, 0.8],
    ['verify: equal=True speedup=nanx', true, null],
    ['  verify: equal=True  ', true, null]
  ])('%#: reads %j', (text, equal, speedup) => {
    const result = parseVerifyLine(text);
    expect(result?.equal).toBe(equal);
    expect(result?.speedup).toBe(speedup);
    expect(result?.line.startsWith('verify:')).toBe(true);
  });

  it.each([
    [''],
    ['no verify here'],
    ['verify: speedup=2x'],
    ['verify: equal=maybe speedup=2x']
  ])('%#: is null for %j', text => {
    expect(parseVerifyLine(text)).toBeNull();
  });

  it('takes the last verify line when the cell ran twice into one output', () => {
    const result = parseVerifyLine(
      'verify: equal=False speedup=1x\nverify: equal=True speedup=9x\n'
    );
    expect(result).toMatchObject({ equal: true, speedup: 9 });
  });
});

describe('the writer, src/kernel/verify.py', () => {
  const harness = fs.readFileSync(
    path.join(__dirname, '..', 'kernel', 'verify.py'),
    'utf8'
  );

  it('prints the prefix and the fields parseVerifyLine reads, in its order', () => {
    expect(harness).toContain(
      `"${VERIFY_PREFIX} equal=%s speedup=%.1fx original=%.3gs new=%.3gs`
    );
  });
});
