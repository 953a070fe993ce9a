import { describe, expect, it } from "vitest";
import { oncePerRequest } from "~/request-memo.server";

describe("oncePerRequest", () => {
  it("reads once for the action and loaders of one request, and again for the next request", async () => {
    let reads = 0;
    const read = async () => ++reads;
    const request = {};
    expect(await oncePerRequest(request, "session:a", read)).toBe(1);
    expect(await oncePerRequest(request, "session:a", read)).toBe(1);
    expect(await oncePerRequest(request, "session:b", read)).toBe(2);
    expect(await oncePerRequest({}, "session:a", read)).toBe(3);
    expect(reads).toBe(3);
  });

  it("shares a read that is still under way", async () => {
    let reads = 0;
    const request = {};
    const read = () => new Promise<number>((resolve) => setTimeout(() => resolve(++reads), 5));
    expect(await Promise.all([oncePerRequest(request, "k", read), oncePerRequest(request, "k", read)])).toEqual([1, 1]);
  });
});
