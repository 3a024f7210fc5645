/**
 * Compares two numeric arrays and says how they differ in one short line, so a failing test
 * prints at once (vitest's diff of two 100k-value arrays takes minutes to print).
 */
export function arrayDiff(a: ArrayLike<number>, b: ArrayLike<number>): string {
  if (a.length !== b.length) return `lengths differ: ${a.length} vs ${b.length}`;
  let count = 0;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      count++;
      if (first < 0) first = i;
    }
  }
  return count === 0
    ? "equal"
    : `${count} of ${a.length} values differ; first at index ${first}: ${a[first]} vs ${b[first]}`;
}
