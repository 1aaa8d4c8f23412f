import probeSource from './probe.py';
import verifySource from './verify.py';
import {
  installCode,
  PROBE_MODULE,
  PROBE_TARGET,
  UNINSTALL_CODE
} from './install';

describe('install code', () => {
  it('carries the probe text unchanged into its private module', () => {
    const code = installCode(probeSource, verifySource);
    expect(code).toContain(JSON.stringify(probeSource));
    expect(code).toContain(`modules["${PROBE_MODULE}"].__dict__`);
    expect(code.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('installs the verify harness after the probe, in the same module', () => {
    const code = installCode(probeSource, verifySource);
    expect(code.indexOf(JSON.stringify(verifySource))).toBeGreaterThan(
      code.indexOf(JSON.stringify(probeSource))
    );
    expect(verifySource).toContain('def verify(');
  });

  it('agrees with the probe on its comm target and module name', () => {
    expect(probeSource).toContain(`COMM_TARGET = "${PROBE_TARGET}"`);
    expect(probeSource).toContain(`if __name__ == "${PROBE_MODULE}":`);
    expect(UNINSTALL_CODE).toContain(PROBE_MODULE);
  });
});
