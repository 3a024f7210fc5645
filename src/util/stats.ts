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

/** Regularized incomplete beta I_x(a, b), by Lentz's continued fraction (Numerical Recipes' betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // the continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const lnFront = a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b) - Math.log(a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let f = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return Math.exp(lnFront) * f;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 digits). */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Two-sided p-value of Student's t statistic with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTwoSidedP needs df > 0, got ${df}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? 1 : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(|T| > t) = `p` for `df` degrees of freedom (by bisection), e.g. 4.303 for p = 0.05, df = 2. */
export function studentQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1e6;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanDifference {
  /** Mean of the paired differences. */
  mean: number;
  /** Its 95% interval (Student's t with n − 1 degrees of freedom). */
  interval: Interval;
  /** Two-sided p-value of the one-sample t-test of mean 0. */
  p: number;
  n: number;
}

/**
 * Student's one-sample t-test and 95% interval of paired differences (e.g. two configs' accuracies,
 * seed by seed). Needs at least two differences; differences that are all equal give a zero-width
 * interval and p = 0 (or 1 when they are all 0).
 */
export function pairedDifferences(diffs: readonly number[]): MeanDifference {
  const n = diffs.length;
  if (n < 2) throw new Error(`pairedDifferences needs at least 2 differences, got ${n}`);
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const half = studentQuantile(0.05, n - 1) * se;
  const p = se === 0 ? (mean === 0 ? 1 : 0) : studentTwoSidedP(mean / se, n - 1);
  return { mean, interval: { low: mean - half, high: mean + half }, p, n };
}

/**
 * Holm's step-down adjustment of a family of p-values (same order as given): the i-th smallest
 * is multiplied by (m − i), kept monotone and capped at 1. Rejecting where the adjusted p < α
 * controls the chance of any false finding in the family at α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
