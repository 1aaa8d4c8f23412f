/**
 * The probe's install code for the kernel client. The two Python files ship as static files of
 * the labextension (webpack `asset/resource`: `?url` imports give their URLs), not as text in
 * the JavaScript: 88 KB that every page would parse and only a Python kernel needs, fetched once
 * per page, when the first kernel is probed, and cached by the browser (content-hashed names).
 */
import { installCode } from '../kernel/install';
import probeUrl from '../kernel/probe.py?url';
import verifyUrl from '../kernel/verify.py?url';

let loading: Promise<string> | null = null;

/** The install request's code; a failed fetch is said (the client shows it) and tried again next time. */
export function loadInstallCode(): Promise<string> {
  loading ??= Promise.all([fetchText(probeUrl), fetchText(verifyUrl)]).then(
    ([probe, verify]) => installCode(probe, verify),
    error => {
      loading = null;
      throw error;
    }
  );
  return loading;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(
      `the probe's code could not be loaded from ${url} (HTTP ${response.status})`
    );
  }
  return response.text();
}
