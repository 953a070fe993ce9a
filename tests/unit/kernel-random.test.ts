import { describe, expect, it } from "vitest";
import { hashString, Rng, seededRandom } from "~/kernel/random";
import { seededRandom as gradingRandom } from "~/quizzes/grading";

const draws = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe("seededRandom (mulberry32)", () => {
  it("gives the same sequence for the same seed, and a different one for another seed", () => {
    expect(draws(seededRandom(42), 50)).toEqual(draws(seededRandom(42), 50));
    expect(draws(seededRandom(42), 50)).not.toEqual(draws(seededRandom(43), 50));
    expect(draws(seededRandom(0), 50)).not.toEqual(draws(seededRandom(2 ** 32 - 1), 50));
  });
  it("keeps its numbers: the demo data and saved quiz attempts depend on them", () => {
    expect(draws(seededRandom(42), 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    // Quizzes take it from here too: one generator.
    expect(gradingRandom).toBe(seededRandom);
  });
  it("stays in [0, 1)", () => {
    const xs = draws(seededRandom(7), 10_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Spread over the interval, not bunched.
    expect(xs.filter((x) => x < 0.5).length / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe("hashString (FNV-1a)", () => {
  it("is the 32-bit FNV-1a of the string", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("manabiya-demo-classes:ami")).toBe(833935837);
    expect(hashString("a")).not.toBe(hashString("b"));
  });
});

describe("Rng", () => {
  it("gives the same draws for the same seed, string or number, and different draws for different seeds", () => {
    const run = (rng: Rng) => [rng.float(), rng.int(1, 6), rng.between(2, 3), rng.pick(["a", "b", "c"]), rng.uuid(), rng.hex(8), rng.shuffle([1, 2, 3, 4, 5])];
    expect(run(new Rng("seed"))).toEqual(run(new Rng("seed")));
    expect(run(new Rng(12345))).toEqual(run(new Rng(12345)));
    expect(run(new Rng("seed"))).not.toEqual(run(new Rng("seed2")));
    // A string seed is its hash.
    expect(run(new Rng("seed"))).toEqual(run(new Rng(hashString("seed"))));
    expect(new Rng(42).float()).toBe(seededRandom(42)());
  });

  it("keeps its identifiers: the demo classes' first series", () => {
    expect(new Rng("manabiya-demo-classes-ids:ami").uuid()).toBe("f560bcd3-5563-4abb-b692-a470af9c2ca1");
  });

  it("respects ranges", () => {
    const rng = new Rng("ranges");
    const ints = new Set<number>();
    const reals: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      ints.add(rng.int(-2, 3));
      reals.push(rng.between(10, 20));
    }
    expect(Math.min(...reals)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...reals)).toBeLessThan(20);
    // Both ends are reached: int is inclusive.
    expect([...ints].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rng.int(4, 4)).toBe(4);
  });

  it("picks only from the items, and by weight", () => {
    const rng = new Rng("picks");
    const items = ["x", "y", "z"] as const;
    const counts = { x: 0, y: 0, z: 0 };
    const picked = new Set(Array.from({ length: 3_000 }, () => rng.pick(items)));
    expect([...picked].sort()).toEqual(["x", "y", "z"]);
    for (let i = 0; i < 10_000; i++)
      counts[
        rng.weighted([
          ["x", 1],
          ["y", 3],
          ["z", 0],
        ] as const)
      ]++;
    expect(counts.z).toBe(0);
    expect(counts.y / 10_000).toBeCloseTo(0.75, 1);
    let yes = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.2)) yes++;
    expect(yes / 10_000).toBeCloseTo(0.2, 1);
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
  });

  it("shuffles into a permutation without touching the input", () => {
    const rng = new Rng("shuffle");
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("makes hex strings and version-4-shaped UUIDs", () => {
    const rng = new Rng("ids");
    expect(rng.hex(12)).toMatch(/^[0-9a-f]{12}$/);
    const ids = Array.from({ length: 500 }, () => rng.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
