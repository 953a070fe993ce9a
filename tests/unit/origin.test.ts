import { describe, expect, it } from "vitest";
import { judgeOrigin } from "~/http/origin.server";

describe("judgeOrigin", () => {
  const site = "https://manabiya.example.jp";

  it("passes requests without an Origin and from this site", () => {
    expect(judgeOrigin(undefined, site)).toBe("same");
    expect(judgeOrigin("", site)).toBe("same");
    expect(judgeOrigin("https://manabiya.example.jp", site)).toBe("same");
    expect(judgeOrigin("https://MANABIYA.example.jp:443", site)).toBe("same");
    expect(judgeOrigin("http://127.0.0.1:3000", "http://127.0.0.1:3000")).toBe("same");
  });

  it("treats Origin: null (a strict referrer policy) as opaque, for the CSRF token to decide", () => {
    expect(judgeOrigin("null", site)).toBe("opaque");
  });

  it.each([
    "https://evil.example",
    "http://manabiya.example.jp", // another scheme is another origin
    "https://manabiya.example.jp.evil.example",
    "https://manabiya.example.jp:8443",
    "not a url",
    "https://",
    "javascript:alert(1)",
    "null null",
    "\u0000",
  ])("refuses %j", (origin) => {
    expect(judgeOrigin(origin, site)).toBe("foreign");
  });
});
