import { describe, expect, it } from "vitest";
import { redactUrl, serverProcesses, splitSocketHost } from "../../db/client";

describe("DATABASE_URL", () => {
  it("takes a Unix socket directory from ?host=, as libpq does", () => {
    expect(splitSocketHost("postgres://app:secret@localhost/manabiya?host=/var/run/postgresql&sslmode=disable")).toEqual({
      url: "postgres://app:secret@localhost/manabiya?sslmode=disable",
      socketDir: "/var/run/postgresql",
    });
  });

  it("leaves TCP addresses and other host values alone", () => {
    expect(splitSocketHost("postgres://postgres@127.0.0.1:5432/manabiya")).toEqual({ url: "postgres://postgres@127.0.0.1:5432/manabiya", socketDir: null });
    expect(splitSocketHost("postgres://postgres@db/manabiya?host=db2")).toEqual({ url: "postgres://postgres@db/manabiya?host=db2", socketDir: null });
    expect(splitSocketHost("not a url")).toEqual({ url: "not a url", socketDir: null });
  });

  it("never prints the password", () => {
    expect(redactUrl("postgres://app:secret@localhost/manabiya?host=/var/run/postgresql")).toBe(
      "postgres://app:***@localhost/manabiya?host=/var/run/postgresql",
    );
  });
});

describe("WEB_CONCURRENCY (server processes)", () => {
  const pg = "postgres://postgres@localhost/manabiya";
  it("is one process unless set", () => {
    expect(serverProcesses({})).toBe(1);
    expect(serverProcesses({ WEB_CONCURRENCY: " " })).toBe(1);
    expect(serverProcesses({ WEB_CONCURRENCY: "1" })).toBe(1);
  });

  it("runs several processes on Postgres", () => {
    expect(serverProcesses({ WEB_CONCURRENCY: "4", DATABASE_URL: pg })).toBe(4);
  });

  it("refuses several processes on the embedded database, and values that are not a count, in Japanese", () => {
    expect(() => serverProcesses({ WEB_CONCURRENCY: "2" })).toThrow("WEB_CONCURRENCY を2以上にするには DATABASE_URL（Postgres）が必要です");
    for (const bad of ["0", "-1", "1.5", "two", "65"]) {
      expect(() => serverProcesses({ WEB_CONCURRENCY: bad, DATABASE_URL: pg })).toThrow(
        `WEB_CONCURRENCY は 1〜64 の整数で指定してください（いまの値: "${bad}"）`,
      );
    }
  });
});
