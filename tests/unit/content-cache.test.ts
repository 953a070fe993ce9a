import { describe, expect, it } from "vitest";
import { cachedContent, CONTENT_CACHE_TTL_MS, invalidateContentCache } from "~/content/cache.server";
import type { Db } from "../../db/client";

/** Each test uses its own stand-in database object: the cache is kept per database. */
const fakeDb = () => ({}) as Db;

function counter<T>(values: T[]) {
  let calls = 0;
  return {
    load: async () => values[Math.min(calls++, values.length - 1)] as T,
    get calls() {
      return calls;
    },
  };
}

describe("content cache", () => {
  it("loads once per key within the time to live, again after it", async () => {
    const db = fakeDb();
    const source = counter([{ title: "一回目" }, { title: "二回目" }]);
    const t0 = 1_000_000;
    expect(await cachedContent(db, "k", source.load, t0)).toEqual({ title: "一回目" });
    expect(await cachedContent(db, "k", source.load, t0 + CONTENT_CACHE_TTL_MS - 1)).toEqual({ title: "一回目" });
    expect(source.calls).toBe(1);
    expect(await cachedContent(db, "k", source.load, t0 + CONTENT_CACHE_TTL_MS)).toEqual({ title: "二回目" });
    expect(source.calls).toBe(2);
  });

  it("shares one load between concurrent requests and keeps databases apart", async () => {
    const a = fakeDb();
    const b = fakeDb();
    const source = counter(["A"]);
    const results = await Promise.all([cachedContent(a, "k", source.load), cachedContent(a, "k", source.load), cachedContent(a, "k", source.load)]);
    expect(results).toEqual(["A", "A", "A"]);
    expect(source.calls).toBe(1);
    await cachedContent(b, "k", source.load);
    expect(source.calls).toBe(2);
  });

  it("forgets everything of a database when its content is synced", async () => {
    const db = fakeDb();
    const source = counter(["古い", "新しい"]);
    expect(await cachedContent(db, "k", source.load)).toBe("古い");
    invalidateContentCache(db);
    expect(await cachedContent(db, "k", source.load)).toBe("新しい");
  });

  it("does not keep lookups that found nothing, nor failures", async () => {
    const db = fakeDb();
    const missing = counter([null, { id: 1 }]);
    expect(await cachedContent(db, "k", missing.load)).toBeNull();
    expect(await cachedContent(db, "k", missing.load)).toEqual({ id: 1 });
    let attempts = 0;
    const flaky = async () => {
      attempts++;
      if (attempts === 1) throw new Error("接続が切れました");
      return "ok";
    };
    await expect(cachedContent(db, "f", flaky)).rejects.toThrow("接続が切れました");
    expect(await cachedContent(db, "f", flaky)).toBe("ok");
  });

  it("hands out frozen values, so one request cannot change what the next one sees", async () => {
    const db = fakeDb();
    const value = await cachedContent(db, "k", async () => ({ lessons: [{ title: "第1回" }] }));
    expect(() => {
      (value.lessons[0] as { title: string }).title = "書き換え";
    }).toThrow(TypeError);
    expect((await cachedContent<{ lessons: { title: string }[] }>(db, "k", async () => ({ lessons: [] }))).lessons[0]!.title).toBe("第1回");
  });
});
