/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) with the draws the study needs.
 * Randomness is always passed in: the same seed gives the same stream on every machine.
 */

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Tables of the ziggurat method for standard normals (Marsaglia & Tsang 2000, 128 layers).
 * A draw takes one 32-bit number: 7 bits pick the layer, the other 25 the signed value.
 */
const ZIG_LAYERS = 128;
const ZIG_R = 3.442619855899;
const ZIG_SCALE = 2 ** 24;
const zigK = new Float64Array(ZIG_LAYERS);
const zigW = new Float64Array(ZIG_LAYERS);
const zigF = new Float64Array(ZIG_LAYERS);
(() => {
  const v = 9.91256303526217e-3;
  let d = ZIG_R;
  let t = d;
  const q = v / Math.exp(-0.5 * d * d);
  zigK[0] = (d / q) * ZIG_SCALE;
  zigK[1] = 0;
  zigW[0] = q / ZIG_SCALE;
  zigW[ZIG_LAYERS - 1] = d / ZIG_SCALE;
  zigF[0] = 1;
  zigF[ZIG_LAYERS - 1] = Math.exp(-0.5 * d * d);
  for (let i = ZIG_LAYERS - 2; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(v / d + Math.exp(-0.5 * d * d)));
    zigK[i + 1] = (d / t) * ZIG_SCALE;
    t = d;
    zigF[i] = Math.exp(-0.5 * d * d);
    zigW[i] = d / ZIG_SCALE;
  }
})();

export class Rng {
  /** sfc32 state a, b, c, d (a typed array keeps V8 from boxing the 32-bit words). */
  private readonly s = new Uint32Array(4);

  /** Seeds from one or more integers, e.g. `new Rng(seed, step)` for a per-step stream. */
  constructor(...seeds: number[]) {
    if (seeds.length === 0) throw new Error("Rng needs at least one integer seed");
    let mix = 0x2545f491;
    for (const seed of seeds) {
      if (!Number.isInteger(seed)) throw new Error(`Rng seed must be an integer, got ${seed}`);
      mix = splitmix32(mix ^ (seed >>> 0) ^ Math.floor(seed / 2 ** 32))();
    }
    const sm = splitmix32(mix);
    for (let i = 0; i < 4; i++) this.s[i] = sm();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (a + b + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal, by the ziggurat method (exact; about 99% of draws take one number). */
  normal(): number {
    for (;;) {
      const u = this.nextUint32();
      const layer = u & (ZIG_LAYERS - 1);
      const h = (u >>> 7) - ZIG_SCALE; // signed, in [−2^24, 2^24)
      const x = h * zigW[layer];
      if (Math.abs(h) < zigK[layer]) return x;
      if (layer === 0) {
        // the tail beyond r
        let tx: number;
        let ty: number;
        do {
          tx = -Math.log(1 - this.next()) / ZIG_R;
          ty = -Math.log(1 - this.next());
        } while (ty + ty < tx * tx);
        return h > 0 ? ZIG_R + tx : -ZIG_R - tx;
      }
      if (zigF[layer] + this.next() * (zigF[layer - 1] - zigF[layer]) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }
}
