/**
 * numpy's legacy random generator (`np.random.seed`, `RandomState`), reproduced exactly for the
 * two draws the original study's dev split makes: MT19937 seeded by an integer, and
 * `choice(n, k, replace=False)`, which legacy numpy computes as `permutation(n)[:k]`.
 * Tested against numpy itself (test/data/numpy-mt19937.test.ts).
 */

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** `np.random.seed(seed)` for an integer seed in [0, 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`numpy seed must be an integer in [0, 2^32), got ${seed}`);
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output of MT19937 (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let i = 0; i < N; i++) {
        const y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
        mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's `random_interval(max)`: uniform in [0, max] by masked rejection (max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  }

  /** `permutation(n)`: arange(n) shuffled by legacy numpy's Fisher–Yates (from the end). */
  permutation(n: number): Uint32Array {
    const arr = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** `choice(n, k, replace=False)`: the first k of permutation(n). */
  choiceWithoutReplacement(n: number, k: number): Uint32Array {
    if (k > n) throw new Error(`cannot choose ${k} of ${n} without replacement`);
    return this.permutation(n).subarray(0, k);
  }
}
