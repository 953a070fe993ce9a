import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { badUrlPage, FORM_BYTE_LIMIT, hasUnusableCharacter, readForm, refusesTarget } from "~/http/form.server";
import en from "~/locales/en";
import ja from "~/locales/ja";

const URL_ = "http://localhost:3000/login";
const FORM = "application/x-www-form-urlencoded";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: "POST", body, headers, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

/** What readForm threw: status and text, or the form when it did not throw. */
async function outcome(request: Request): Promise<{ status: number; text: string } | { form: [string, string][] }> {
  try {
    const form = await readForm(request);
    return { form: [...form].map(([k, v]) => [k, String(v)]) };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, text: await thrown.text() };
  }
}

describe("readForm: what it accepts", () => {
  it("reads url-encoded forms as the browser sends them: + and %20, UTF-8, repeated names, empty values", async () => {
    const result = await outcome(post("a=1&b=%E9%98%BF%E8%A6%8B%E7%94%BA+%E5%BD%B9%E5%A0%B4&b=x%20y&c=&d&&e=%3D%26", { "Content-Type": FORM }));
    expect(result).toEqual({
      form: [
        ["a", "1"],
        ["b", "阿見町 役場"],
        ["b", "x y"],
        ["c", ""],
        ["d", ""],
        ["e", "=&"],
      ],
    });
  });

  it("gives the same fields as URLSearchParams for any string a browser could send (tab and line breaks included)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string(), fc.string({ unit: "grapheme" })), { maxLength: 8 }), async (pairs) => {
        const clean = pairs
          .map(([k, v]) => [k.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\n"), v.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\t")] as [string, string])
          .filter(([k]) => !hasUnusableCharacter(k));
        const body = new URLSearchParams(clean);
        const result = await outcome(post(body.toString(), { "Content-Type": `${FORM}; charset=UTF-8` }));
        expect(result).toEqual({ form: [...new URLSearchParams(body)] });
      }),
      { numRuns: 200 },
    );
  });

  it("reads multipart forms without files, and an empty body as an empty form", async () => {
    const body = new FormData();
    body.append("name", "佐藤\r\n美和");
    const result = await outcome(new Request(URL_, { method: "POST", body }));
    expect(result).toEqual({ form: [["name", "佐藤\r\n美和"]] });
    expect(await outcome(post(null, { "Content-Type": FORM }))).toEqual({ form: [] });
  });
});

describe("readForm: what it refuses, with a 400 naming the problem", () => {
  it("a body that is not a form (JSON, text, none declared) — request.formData() would throw a 500", async () => {
    for (const [body, type] of [
      ['{"identifier":"1001"}', "application/json"],
      ["identifier=1001", "text/plain"],
      ["identifier=1001", ""],
    ] as const) {
      const result = await outcome(post(body, type ? { "Content-Type": type } : {}));
      // A string body without a declared type gets text/plain from fetch itself.
      expect(result, type).toEqual({ status: 400, text: ja.input.notForm });
    }
  });

  it("answers in the visitor's language (cookie, else Accept-Language)", async () => {
    expect(await outcome(post("{}", { "Content-Type": "application/json", "Accept-Language": "en-US,en;q=0.9" }))).toEqual({
      status: 400,
      text: en.input.notForm,
    });
    expect(await outcome(post("a=%00", { "Content-Type": FORM, Cookie: "manabiya_lang=en" }))).toEqual({ status: 400, text: en.input.unusableCharacter });
  });

  it("NUL, other control characters and DEL, in a value or in a name", async () => {
    for (const body of ["name=a%00b", "a%00=1", "name=%01", "name=%1B%5B31m", "name=%7F", "name=%C2%85", "comment=ok&district=%0B"]) {
      expect(await outcome(post(body, { "Content-Type": FORM })), body).toEqual({ status: 400, text: ja.input.unusableCharacter });
    }
    const multipart = new FormData();
    multipart.append("name", "a\u0000b");
    expect(await outcome(new Request(URL_, { method: "POST", body: multipart }))).toEqual({ status: 400, text: ja.input.unusableCharacter });
  });

  it("malformed percent-encoding and bytes that are not UTF-8 (an encoded lone surrogate among them)", async () => {
    for (const body of ["name=%FF", "name=%E3%81", "name=100%", "name=%zz", "name=%ED%A0%80", "%C0%AF=1"]) {
      expect(await outcome(post(body, { "Content-Type": FORM })), body).toEqual({ status: 400, text: ja.input.badEncoding });
    }
    expect(await outcome(post(new Uint8Array([0x61, 0x3d, 0xff, 0xfe]), { "Content-Type": FORM }))).toEqual({ status: 400, text: ja.input.badEncoding });
  });

  it("files in a form that takes none", async () => {
    const body = new FormData();
    body.append("file", new Blob(["x"]), "roster.csv");
    expect(await outcome(new Request(URL_, { method: "POST", body }))).toEqual({ status: 400, text: ja.input.fileNotAccepted });
  });

  it("a body over the limit: 413, whether declared (Content-Length) or streamed", async () => {
    const big = "a=" + "x".repeat(FORM_BYTE_LIMIT);
    expect(await outcome(post(big, { "Content-Type": FORM }))).toEqual({ status: 413, text: ja.input.tooLarge });
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 40) controller.close();
        else controller.enqueue(chunk);
      },
    });
    expect(await outcome(post(stream, { "Content-Type": FORM }))).toEqual({ status: 413, text: ja.input.tooLarge });
    expect(sent).toBeLessThanOrEqual(20); // stopped reading soon after the limit
  });

  it("a smaller limit when asked", async () => {
    await expect(readForm(post("a=" + "x".repeat(100), { "Content-Type": FORM }), { limit: 50 })).rejects.toMatchObject({ status: 413 });
    expect([...(await readForm(post("a=" + "x".repeat(40), { "Content-Type": FORM }), { limit: 50 }))]).toEqual([["a", "x".repeat(40)]]);
  });

  it("a body already read", async () => {
    const request = post("a=1", { "Content-Type": FORM });
    await request.text();
    expect(await outcome(request)).toEqual({ status: 400, text: ja.input.notForm });
  });

  it("every message fits the error page (shown as thrown up to 400 characters) in both languages", () => {
    for (const text of [...Object.values(ja.input), ...Object.values(en.input)]) expect(text.length).toBeLessThanOrEqual(400);
  });
});

describe("hasUnusableCharacter", () => {
  it("finds NUL, controls and lone surrogates; lets text, tab, line breaks and surrogate pairs through", () => {
    for (const bad of ["\u0000", "a\u0008", "\u000b", "\u000c", "\u001f", "\u007f", "\u0080", "\u009f", "\ud800", "x\udc00", "\udbff\ud800", "a\udfffb"]) {
      expect(hasUnusableCharacter(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ["", "阿見町", "a\tb\r\nc", "😀", "\ud83d\ude00", "𠮷野家", "=cmd|' /C calc'!A0", "\u00a0", "\ufffd", "\u200b"]) {
      expect(hasUnusableCharacter(good), JSON.stringify(good)).toBe(false);
    }
  });

  it("agrees with a character-by-character reading for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        let expected = false;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) expected = true;
          if (c >= 0xd800 && c <= 0xdbff) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) i++;
            else expected = true;
          } else if (c >= 0xdc00 && c <= 0xdfff) expected = true;
        }
        expect(hasUnusableCharacter(text)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("request targets (server.ts)", () => {
  it("refuses paths Express cannot decode and NUL or controls in the path or the query", () => {
    for (const bad of ["/verify/%FF", "/verify/%E3%81", "/%", "/courses/%00", "/courses/a%0Ab", "/admin/staff?q=%00", "/classes?month=%01&x=1", "/x?%00=1"]) {
      expect(refusesTarget(bad), bad).toBe(true);
    }
    for (const good of [
      "/",
      "/verify/ABCD-EFGH",
      "/verify/%E3%81%82",
      "/courses?category=security",
      "/admin/staff?q=%E4%BD%90%E8%97%A4",
      "/x?q=%FF",
      "/x?q=100%",
      "/a%2Fb",
    ]) {
      expect(refusesTarget(good), good).toBe(false);
    }
  });

  it("the 400 page speaks the visitor's language and echoes nothing", () => {
    const jaPage = badUrlPage({});
    expect(jaPage).toContain('<html lang="ja">');
    expect(jaPage).toContain(ja.input.badUrl);
    expect(jaPage).toContain(`<title>${ja.errors.requestTitle} | 学び舎</title>`);
    expect(badUrlPage({ acceptLanguage: "en-GB,en;q=0.8" })).toContain(en.input.badUrl);
    expect(badUrlPage({ cookie: "manabiya_lang=en; other=1", acceptLanguage: "ja" })).toContain('<html lang="en">');
    expect(badUrlPage({ cookie: "manabiya_lang=ja", acceptLanguage: "en" })).toContain('<html lang="ja">');
    expect(badUrlPage({ cookie: "%%%;;=" })).toContain('<html lang="ja">');
  });
});

describe("every action reads its form with readForm", () => {
  it("no route module calls request.formData() or another parser, and each readForm is followed by the CSRF check", () => {
    const dir = path.resolve("app/routes");
    const offenders: string[] = [];
    for (const file of readdirSync(dir)) {
      const source = readFileSync(path.join(dir, file), "utf8");
      if (/request\.formData\(\)|parseFormData/.test(source)) offenders.push(file);
      // The CSRF check is the next statement; a route may first turn readForm's refusal into its own answer (the
      // roster upload says how large a file may be) in at most two `if` lines.
      for (const m of source.matchAll(/await readForm\(request[^;]*;\n((?:\s*if \(.*\n){0,2})(.*)\n/g)) {
        if (!/^\s*requireCsrf\(request, form\);$/.test(m[2]!)) offenders.push(`${file}: ${m[2]}`);
      }
      if ((source.match(/readForm\(request/g) ?? []).length !== [...source.matchAll(/await readForm\(request[^;]*;\n/g)].length)
        offenders.push(`${file}: readForm not awaited on its own line`);
    }
    expect(offenders).toEqual([]);
  });
});
