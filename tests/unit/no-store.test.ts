import { describe, expect, it } from "vitest";
import { carriesSession } from "~/http/no-store.server";

describe("carriesSession", () => {
  it("sees the session cookie wherever it stands in the header", () => {
    expect(carriesSession("manabiya_session=abc")).toBe(true);
    expect(carriesSession("manabiya_csrf=x; manabiya_session=abc; lang=en")).toBe(true);
  });
  it("ignores other cookies, an empty session and look-alike names", () => {
    expect(carriesSession(undefined)).toBe(false);
    expect(carriesSession("manabiya_csrf=x")).toBe(false);
    expect(carriesSession("manabiya_session=")).toBe(false);
    expect(carriesSession("xmanabiya_session=abc")).toBe(false);
  });
});
