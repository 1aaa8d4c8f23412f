import { PROBE_MODULE } from '../../kernel/install';
import type { IVerifySpec } from '../verify';
import { verifySource } from '../verify';

const SPEC: IVerifySpec = {
  original: 'total = 0\nfor x in xs:\n    total += x\n',
  rewritten: 'total = int(np.sum(xs_arr))',
  outputs: ['total'],
  mutated: ['xs'],
  sideEffects: [
    'the original writes files (line 3); the check writes them again.'
  ],
  files: false,
  cleanup: null
};

describe('verifySource', () => {
  it('is a short call of the harness in the probe module', () => {
    const source = verifySource(SPEC);
    expect(source).toContain(
      `__import__("sys").modules.get("${PROBE_MODULE}").verify(`
    );
    expect(source).not.toMatch(/^\s*(def|class|import) /m);
    // the two versions, the names and the options: about a dozen lines besides the code itself
    const own = source
      .replace(SPEC.original, '')
      .split('\n')
      .filter(line => line.trim() !== '');
    expect(own.length).toBeLessThanOrEqual(16);
    expect(source).toContain('outputs=["total"],');
    expect(source).toContain('mutated=["xs"],');
  });

  it.each([
    [false, false],
    [true, true]
  ])('asks for copies of the working directory: files=%s', (files, shown) => {
    expect(verifySource({ ...SPEC, files }).includes('files=True,')).toBe(
      shown
    );
  });

  it('says in one line how to get the check when the kernel has no probe', () => {
    const lines = verifySource(SPEC).split('\n');
    const otherwise = lines.slice(lines.indexOf('else:') + 1);
    expect(otherwise).toHaveLength(1);
    expect(otherwise[0]).toMatch(
      /^ {4}print\(".*Settings > Optimiser > 'Measure executions in the kernel'.*restart the kernel.*"\)$/
    );
  });

  it('runs the cleanup whether or not the check raised', () => {
    const source = verifySource({
      ...SPEC,
      cleanup: 'client.close()\ncluster.close()'
    });
    expect(source).toMatch(/\ntry:\n {4}if hasattr\(/);
    expect(
      source.endsWith('finally:\n    client.close()\n    cluster.close()')
    ).toBe(true);
  });

  it.each([
    ['plain code', 'y = x + 1', "'''\\\ny = x + 1'''"],
    ['code with a backslash', 'p = "a\\\\b"', JSON.stringify('p = "a\\\\b"')],
    ['code with triple quotes', "s = '''x'''", JSON.stringify("s = '''x'''")]
  ])('carries %s as a Python string', (_, rewritten, literal) => {
    expect(verifySource({ ...SPEC, rewritten })).toContain(`new=${literal},`);
  });
});
