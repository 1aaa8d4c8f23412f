/** Helpers for the JSON the CLI reads. */

/** A plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The path of the first number that JSON.parse read as Infinity (a literal such as 1e400, beyond
 * what a double holds), as "runs.a.0.wall_s"; null when there is none.
 */
export function firstInfinity(
  value: unknown,
  path: string[] = []
): string | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : path.join('.');
  }
  if (Array.isArray(value) || isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstInfinity(item, [...path, key]);
      if (found !== null) {
        return found;
      }
    }
  }
  return null;
}
