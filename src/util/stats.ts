/**
 * The statistics the study states its findings with: a 95% Wilson interval for an accuracy,
 * and McNemar's exact test for two classifiers scored on the same images.
 */

/** z of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `correct` successes out of `n` (95% by default). */
export function wilsonInterval(correct: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(correct) || !Number.isInteger(n) || n <= 0 || correct < 0 || correct > n)
    throw new Error(`wilsonInterval needs 0 ≤ correct ≤ n, n > 0 (integers), got ${correct} of ${n}`);
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** log C(n, k), by sums of logs (exact enough for n in the tens of thousands). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

export interface McNemar {
  /** Images A gets right and B wrong. */
  onlyA: number;
  /** Images B gets right and A wrong. */
  onlyB: number;
  /** Two-sided exact p-value: Binomial(onlyA + onlyB, 1/2). */
  p: number;
}

/** McNemar's exact test on the discordant counts. */
export function mcnemarExact(onlyA: number, onlyB: number): McNemar {
  if (!Number.isInteger(onlyA) || !Number.isInteger(onlyB) || onlyA < 0 || onlyB < 0)
    throw new Error(`mcnemarExact needs non-negative integer counts, got ${onlyA} and ${onlyB}`);
  const n = onlyA + onlyB;
  if (n === 0) return { onlyA, onlyB, p: 1 };
  const k = Math.min(onlyA, onlyB);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return { onlyA, onlyB, p: Math.min(1, 2 * tail) };
}

/** McNemar's test of two classifiers' predictions of the same labelled images. */
export function pairedTest(labels: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): McNemar {
  if (labels.length !== a.length || labels.length !== b.length)
    throw new Error(
      `pairedTest needs predictions of the same images: ${labels.length} labels, ${a.length} and ${b.length} predictions`,
    );
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < labels.length; i++) {
    const ra = a[i] === labels[i];
    const rb = b[i] === labels[i];
    if (ra && !rb) onlyA++;
    else if (rb && !ra) onlyB++;
  }
  return mcnemarExact(onlyA, onlyB);
}
