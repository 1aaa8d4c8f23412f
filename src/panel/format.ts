import type { TranslationBundle } from '@jupyterlab/translation';

/** A duration for people: "850 ms", "12.4 s", "2 min 05 s", "1 h 03 min". */
export function formatSeconds(
  trans: TranslationBundle,
  seconds: number
): string {
  if (!Number.isFinite(seconds)) {
    return trans.__('unknown');
  }
  if (seconds < 1) {
    return trans.__('%1 ms', Math.round(seconds * 1000));
  }
  if (seconds < 60) {
    return trans.__(
      '%1 s',
      seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)
    );
  }
  const whole = Math.round(seconds);
  if (whole < 3600) {
    return trans.__('%1 min %2 s', Math.floor(whole / 60), pad(whole % 60));
  }
  return trans.__(
    '%1 h %2 min',
    Math.floor(whole / 3600),
    pad(Math.floor((whole % 3600) / 60))
  );
}

/** A running clock: "0:07", "12:30", "1:02:03". */
export function formatClock(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = pad(total % 60);
  return hours > 0
    ? `${hours}:${pad(minutes)}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Bytes in binary units: "512 B", "120 MiB", "62.5 GiB". */
export function formatBytes(trans: TranslationBundle, bytes: number): string {
  const units = [
    trans.__('B'),
    trans.__('KiB'),
    trans.__('MiB'),
    trans.__('GiB'),
    trans.__('TiB')
  ];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

/** A ratio as a speed-up: "41×", "2.5×", "0.80×". */
export function formatSpeedup(ratio: number): string {
  const digits = ratio >= 10 ? 0 : ratio >= 1 ? 1 : 2;
  return `${ratio.toFixed(digits)}×`;
}

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}
