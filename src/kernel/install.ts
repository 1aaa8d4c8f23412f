/**
 * The kernel side of the probe, as requests: its text comes from src/kernel/probe.py at build time
 * (webpack `asset/source`), so there is exactly one copy of it.
 */
import probeSource from './probe.py';
import verifySource from './verify.py';

/** The comm target the probe opens; the front end registers it before installing. */
export const PROBE_TARGET = 'jupyterlab-optimiser';

/** The private module the probe lives in, inside the kernel (its only name there). */
export const PROBE_MODULE = '_jlab_optimiser_probe';

const MODULE = `__import__("sys").modules["${PROBE_MODULE}"]`;

/**
 * The code of the silent install request: the probe's text executed inside its own module, so no
 * name lands in the user's namespace, then the verify harness (src/kernel/verify.py) that the
 * inserted verify cells call, in the same module. Running it again replaces the earlier installation.
 *
 * JSON string syntax is a subset of Python's string literal syntax, so the text travels unchanged.
 */
export function installCode(
  source: string = probeSource,
  harness: string = verifySource
): string {
  return (
    `__import__("sys").modules.setdefault("${PROBE_MODULE}", ` +
    `__import__("types").ModuleType("${PROBE_MODULE}"))\n` +
    `exec(compile(${JSON.stringify(source)}, "jupyterlab_optimiser_probe.py", "exec"), ` +
    `${MODULE}.__dict__)\n` +
    `exec(compile(${JSON.stringify(harness)}, "jupyterlab_optimiser_verify.py", "exec"), ` +
    `${MODULE}.__dict__)\n`
  );
}

/** Removes the probe from a kernel (the setting was switched off); harmless if it is not there. */
export const UNINSTALL_CODE = `getattr(__import__("sys").modules.get("${PROBE_MODULE}"), "uninstall", lambda: None)()\n`;

/** The options of every request the client sends: invisible to history, stdin and errors. */
export const SILENT = {
  silent: true,
  store_history: false,
  allow_stdin: false,
  stop_on_error: false
} as const;
