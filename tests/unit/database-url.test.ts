import { describe, expect, it } from "vitest";
import { redactUrl, splitSocketHost } from "../../db/client";

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
    expect(redactUrl("postgres://app:secret@localhost/manabiya?host=/var/run/postgresql")).toBe("postgres://app:***@localhost/manabiya?host=/var/run/postgresql");
  });
});
