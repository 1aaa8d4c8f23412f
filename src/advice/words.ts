/**
 * Numbers with their units, the same way in every rule: "3.2 s", "800 MB", "8,000,000", and code
 * in running text. Deterministic: no locale, no clock. Sentences are messages
 * (contracts/messages.ts); these fill their parameters.
 */

/** Seconds as people read them: 45 ms, 3.2 s, 12 s, 4.5 min, 3.0 h. */
export function seconds(value: number): string {
  if (value < 0.1) {
    return `${Math.round(value * 1000)} ms`;
  }
  if (value < 10) {
    return `${value.toFixed(1)} s`;
  }
  if (value < 120) {
    return `${Math.round(value)} s`;
  }
  if (value < 7200) {
    return `${(value / 60).toFixed(1)} min`;
  }
  const hours = value / 3600;
  // toFixed switches to exponent notation at 1e21 anyway: say so plainly from a million hours.
  return hours < 1e6 ? `${hours.toFixed(1)} h` : `${hours.toPrecision(2)} h`;
}

/** A per-item time, with two significant figures below a second ("0.53 s"). */
export function itemSeconds(value: number): string {
  if (value >= 0.1 && value < 1) {
    return `${value.toPrecision(2)} s`;
  }
  if (value > 0 && value < 0.001) {
    return `${(value * 1e6).toPrecision(2)} µs`;
  }
  return seconds(value);
}

/** Bytes in decimal units: "800 MB", "1.6 GB". */
export function bytes(value: number): string {
  const units: [number, string][] = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB']
  ];
  for (const [size, unit] of units) {
    if (value >= size) {
      const scaled = value / size;
      return `${scaled < 10 ? scaled.toFixed(1) : Math.round(scaled)} ${unit}`;
    }
  }
  return `${Math.round(value)} bytes`;
}

/** A whole number with thousands separators: 8,000,000. */
export function count(value: number): string {
  if (Math.abs(value) >= 1e21) {
    return value.toPrecision(2); // "1.0e+30": toString has no digits to group there
  }
  const digits = Math.round(value).toString();
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    const fromEnd = digits.length - i;
    out += digits[i];
    if (fromEnd > 1 && fromEnd % 3 === 1 && digits[i] !== '-') {
      out += ',';
    }
  }
  return out;
}

/** Code in running text: `name`. */
export function code(text: string): string {
  return `\`${text}\``;
}
