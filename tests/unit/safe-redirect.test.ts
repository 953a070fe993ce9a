import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/http/safe-redirect";

/**
 * Where a browser would really go with `Location: <value>` from https://manabiya.example.jp/login: the WHATWG URL
 * parser drops tabs and newlines and reads backslashes as slashes, as Chromium and Firefox do.
 */
function whereBrowserGoes(location: string): URL {
  return new URL(location, "https://manabiya.example.jp/login");
}

/** A header value Node accepts: visible ASCII only. */
const VALID_HEADER = /^[\x21-\x7e]+$/;

describe("safeRedirect", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirect("/courses?audience=residents#top")).toBe("/courses?audience=residents#top");
    expect(safeRedirect("/courses/smartphone-basics/calls")).toBe("/courses/smartphone-basics/calls");
    expect(safeRedirect("/admin/staff?q=%E4%BD%90%E8%97%A4")).toBe("/admin/staff?q=%E4%BD%90%E8%97%A4");
  });

  it("percent-encodes what a header cannot carry (a Japanese or an ideographic space)", () => {
    expect(safeRedirect("/classes?venue=中央公民館")).toBe("/classes?venue=%E4%B8%AD%E5%A4%AE%E5%85%AC%E6%B0%91%E9%A4%A8");
    expect(safeRedirect("/\u3000/evil.example")).toBe("/%E3%80%80/evil.example");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/.//evil.example",
    "/./../..//evil.example",
    "/a/..//evil.example",
    "/%2e/%2e//evil.example",
    "javascript:alert(1)",
    " /courses",
    "/\u0000",
    "/\u0085/evil.example",
    "",
    null,
    42,
    undefined,
  ])("refuses %j", (evil) => {
    expect(safeRedirect(evil)).toBe("/");
    expect(safeRedirect(evil, "/learning")).toBe("/learning");
  });

  it("never leads off the site nor writes an invalid header, for thousands of hostile values", () => {
    const pieces = [
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2e",
      "%2f",
      "%5c",
      "\t",
      "\n",
      "\r",
      "\u0000",
      "\u3000",
      " ",
      "@",
      ":",
      "evil.example",
      "http:",
      "#",
      "?",
      "ａ",
      "\ud800",
      "%",
      "%0a",
    ];
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      let value = random() < 0.8 ? "/" : "";
      const n = 1 + Math.floor(random() * 6);
      for (let j = 0; j < n; j++) value += pieces[Math.floor(random() * pieces.length)];
      const result = safeRedirect(value);
      expect(result, JSON.stringify(value)).toMatch(VALID_HEADER);
      expect(whereBrowserGoes(result).origin, JSON.stringify(value)).toBe("https://manabiya.example.jp");
    }
  });
});
