/**
 * Numbers in plain words, the same way in every rule: "3.2 s", "1.0 of 2 cores busy", "800 MB",
 * "8,000,000", "lines 2, 3 and 5". Deterministic: no locale, no clock.
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

/** "1.0 of 2 cores busy". */
export function coresBusy(busy: number, cores: number | null): string {
  const of = cores === null ? '' : ` of ${cores}`;
  return `${busy.toFixed(1)}${of} ${cores === 1 ? 'core' : 'cores'} busy`;
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

/** "line 4", "lines 2 and 5", "lines 2, 3 and 5". */
export function lines(numbers: readonly number[]): string {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  if (unique.length === 1) {
    return `line ${unique[0]}`;
  }
  return `lines ${list(unique.map(String))}`;
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Code in running text: `name`. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** "1 item", "6 items". */
export function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** The sentence with its first letter in upper case. */
export function sentence(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}
