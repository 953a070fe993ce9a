/**
 * Seeded (deterministic) randomness, for the whole app: one generator. The same seed always gives the same sequence,
 * on every machine — a quiz attempt shows the same order on every reload (app/quizzes/grading.ts), and the demo data
 * (app/demo/) and the benchmark dataset (bench/dataset.ts) are the same rows, identifiers included, for the same seed.
 *
 * Not for secrets: tokens, check-in secrets, certificate codes and password salts come from node:crypto.
 */

/** mulberry32: a small, fast 32-bit PRNG. Numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a (32 bits) of a string's UTF-16 code units: turns a readable seed ("manabiya-demo-classes:ami") into a number. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator with the draws the seeders need. A string seed is hashed (hashString), a number used as is. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: string | number) {
    this.next = seededRandom(typeof seed === "string" ? hashString(seed) : seed);
  }
  /** In [0, 1). */
  float(): number {
    return this.next();
  }
  /** In [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** One of the items, each with the probability of its weight over the total. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  /** `chars` lowercase hex digits. */
  hex(chars: number): string {
    let s = "";
    for (let i = 0; i < chars; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Math.floor(this.next() * 4)]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
