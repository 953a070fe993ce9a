import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, parsePreferences, preferenceClasses, serializePreferences, updatePreferences } from "~/display/preferences";
import { callAction, callLoader } from "../support/app";

describe("display preferences (senior mode)", () => {
  it("round-trips through the cookie value and ignores anything unknown", () => {
    const prefs = { textSize: "xlarge", contrast: "high", furigana: "off" } as const;
    expect(parsePreferences(serializePreferences(prefs))).toEqual(prefs);
    expect(parsePreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences("text=huge&contrast=<script>&furigana=maybe")).toEqual(DEFAULT_PREFERENCES);
  });

  it("updates only the fields a form sent, and only with valid values", () => {
    const form = new URLSearchParams({ textSize: "large", contrast: "nope" });
    expect(updatePreferences({ ...DEFAULT_PREFERENCES, furigana: "off" }, form)).toEqual({ textSize: "large", contrast: "standard", furigana: "off" });
  });

  it("turns preferences into classes on <html>, none by default", () => {
    expect(preferenceClasses(DEFAULT_PREFERENCES)).toBeUndefined();
    expect(preferenceClasses({ textSize: "large", contrast: "high", furigana: "off" })).toBe("text-large theme-high-contrast furigana-off");
  });
});

describe("POST /preferences", () => {
  it("saves the choice in a long-lived cookie and goes back to the page", async () => {
    const mod = await import("~/routes/preferences");
    const outcome = await callAction(
      mod.action,
      "/preferences",
      { textSize: "xlarge", returnTo: "/courses/smartphone-basics/calls" },
      { cookie: "manabiya_display=contrast%3Dhigh" },
    );
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe("/courses/smartphone-basics/calls");
    const cookie = outcome.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^manabiya_display=/);
    expect(parsePreferences(decodeURIComponent(cookie.split(";")[0]!.split("=").slice(1).join("=")))).toEqual({
      textSize: "xlarge",
      contrast: "high",
      furigana: "on",
    });
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("never redirects to another site", async () => {
    const mod = await import("~/routes/preferences");
    const outcome = await callAction(mod.action, "/preferences", { contrast: "high", returnTo: "//evil.example/" });
    expect(outcome.location).toBe("/");
  });

  it("refuses a post without the CSRF token", async () => {
    const mod = await import("~/routes/preferences");
    expect((await callAction(mod.action, "/preferences", { textSize: "large" }, { csrf: false })).status).toBe(403);
    expect((await callLoader(mod.loader, "/preferences")).location).toBe("/");
  });
});
