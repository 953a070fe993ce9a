import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cookieSecure } from "../../app/auth/cookies.server";
import { sessionConfig } from "../../app/auth/config.server";
import { contentRoot } from "../../app/content/load.server";
import { ENV_NAMES, EnvError, loadEnv, type EnvName, type EnvSource } from "../../app/kernel/env.server";
import { mailSettingsFromEnv } from "../../app/mail/mailer.server";
import { DEFAULT_SERVER_HEAP_MB } from "../../bench/harness";
import { backupTargetFromEnv } from "../../db/backup";
import { DEFAULT_DATA_DIR, databaseOptionsFromEnv } from "../../db/client";
import { migrationsDir } from "../../db/migrate";

/** The problems loadEnv reports for `source`, or [] when it parses. */
function problems(source: EnvSource): readonly string[] {
  try {
    loadEnv(source);
    return [];
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return error.problems;
  }
}

describe("loadEnv: defaults", () => {
  it("gives every default for an empty environment", () => {
    expect(loadEnv({})).toEqual({
      PORT: 3000,
      HOST: "0.0.0.0",
      WEB_CONCURRENCY: 1,
      SERVER_HEAP_MB: 256,
      DATABASE_POOL_MAX: 10,
      PGLITE_DIR: "./.data/pglite",
      CONTENT_DIR: "content",
      SESSION_IDLE_MINUTES: 120,
      SESSION_ABSOLUTE_HOURS: 12,
      SMTP_PORT: 587,
      SMTP_SECURE: false,
      SMTP_TLS_REJECT_UNAUTHORIZED: true,
      MAIL_FROM: "学び舎 <no-reply@localhost>",
    });
    for (const name of [
      "NODE_ENV",
      "TRUST_PROXY",
      "DATABASE_URL",
      "MIGRATIONS_DIR",
      "COOKIE_SECURE",
      "SMTP_HOST",
      "SMTP_USER",
      "SMTP_PASSWORD",
      "APP_BASE_URL",
      "PG_BIN_DIR",
    ] as const) {
      expect(loadEnv({})[name]).toBeUndefined();
    }
  });

  it("treats empty and blank values as unset, and ignores variables it does not know", () => {
    const blank = Object.fromEntries(ENV_NAMES.map((name) => [name, name.length % 2 ? "" : "  "]));
    expect(loadEnv({ ...blank, TEST_DATABASE_URL: "x", HOME: "/root" })).toEqual(loadEnv({}));
  });

  it("matches the defaults written elsewhere", () => {
    expect(loadEnv({}).PGLITE_DIR).toBe(DEFAULT_DATA_DIR);
    expect(loadEnv({}).SERVER_HEAP_MB).toBe(DEFAULT_SERVER_HEAP_MB);
    expect(migrationsDir({})).toBe(path.resolve("db/migrations"));
    expect(contentRoot({})).toBe(path.resolve("content"));
  });

  it("is frozen", () => {
    const env = loadEnv({});
    expect(Object.isFrozen(env)).toBe(true);
    expect(() => Object.assign(env, { PORT: 1 })).toThrow(TypeError);
  });
});

describe("loadEnv: good values", () => {
  it("parses integers, booleans, URLs and text to their types", () => {
    const env = loadEnv({
      NODE_ENV: "production",
      PORT: " 8080 ",
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "4",
      DATABASE_URL: " postgres://app:secret@localhost/manabiya?host=/var/run/postgresql ",
      DATABASE_POOL_MAX: "5",
      SESSION_IDLE_MINUTES: "30",
      SESSION_ABSOLUTE_HOURS: "8",
      COOKIE_SECURE: "false",
      SMTP_HOST: "smtp.example.lg.jp",
      SMTP_PORT: "465",
      SMTP_SECURE: "1",
      SMTP_USER: " user ",
      SMTP_PASSWORD: " pass word ",
      SMTP_TLS_REJECT_UNAUTHORIZED: "0",
      APP_BASE_URL: "https://manabiya.example.lg.jp/",
      CONTENT_DIR: " /srv/content ",
    });
    expect(env).toMatchObject({
      NODE_ENV: "production",
      PORT: 8080,
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: 4,
      DATABASE_URL: "postgres://app:secret@localhost/manabiya?host=/var/run/postgresql",
      DATABASE_POOL_MAX: 5,
      SESSION_IDLE_MINUTES: 30,
      SESSION_ABSOLUTE_HOURS: 8,
      COOKIE_SECURE: false,
      SMTP_PORT: 465,
      SMTP_SECURE: true,
      SMTP_TLS_REJECT_UNAUTHORIZED: false,
      APP_BASE_URL: "https://manabiya.example.lg.jp/",
      CONTENT_DIR: "/srv/content",
    });
    // Credentials are taken as they are.
    expect(env.SMTP_USER).toBe(" user ");
    expect(env.SMTP_PASSWORD).toBe(" pass word ");
  });

  it("accepts true/false and 1/0 in any case for booleans", () => {
    for (const [raw, value] of [
      ["true", true],
      ["TRUE", true],
      ["1", true],
      ["false", false],
      ["False", false],
      ["0", false],
    ] as const) {
      expect(loadEnv({ SMTP_SECURE: raw }).SMTP_SECURE).toBe(value);
      expect(loadEnv({ COOKIE_SECURE: raw }).COOKIE_SECURE).toBe(value);
    }
  });

  it("takes several Postgres hosts and the postgresql:// scheme", () => {
    expect(loadEnv({ DATABASE_URL: "postgres://app@db1:5432,db2:5432/manabiya" }).DATABASE_URL).toBe("postgres://app@db1:5432,db2:5432/manabiya");
    expect(loadEnv({ DATABASE_URL: "postgresql://app@db/manabiya" }).DATABASE_URL).toBe("postgresql://app@db/manabiya");
  });

  it("reads TRUST_PROXY as Express takes it: a number of proxies, a boolean or a list of addresses", () => {
    expect(loadEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
    expect(loadEnv({ TRUST_PROXY: "10.0.0.1, 192.168.0.0/16, ::1" }).TRUST_PROXY).toBe("10.0.0.1,192.168.0.0/16,::1");
  });
});

describe("loadEnv: wrong values", () => {
  it("refuses what is not an integer in range, naming the variable and the range", () => {
    expect(problems({ DATABASE_POOL_MAX: "abc" })).toEqual(['環境変数 DATABASE_POOL_MAX は 1〜1000 の整数で指定してください（いまの値: "abc"）。']);
    for (const bad of ["0", "-1", "1.5", "two", "65536", "Infinity"]) {
      expect(problems({ PORT: bad })).toEqual([`環境変数 PORT は 1〜65535 の整数で指定してください（いまの値: "${bad}"）。`]);
    }
    expect(problems({ SESSION_IDLE_MINUTES: "0" })).toEqual(['環境変数 SESSION_IDLE_MINUTES は 1〜10080 の整数で指定してください（いまの値: "0"）。']);
    expect(problems({ SERVER_HEAP_MB: "16" })[0]).toContain("SERVER_HEAP_MB は 64〜65536 の整数");
  });

  it("refuses booleans other than true/false/1/0", () => {
    for (const bad of ["yes", "on", "no", "2"]) {
      expect(problems({ COOKIE_SECURE: bad })).toEqual([`環境変数 COOKIE_SECURE は true か false（1 か 0 でも可）で指定してください（いまの値: "${bad}"）。`]);
    }
    expect(problems({ SMTP_TLS_REJECT_UNAUTHORIZED: "no" })[0]).toContain("SMTP_TLS_REJECT_UNAUTHORIZED は true か false");
  });

  it("refuses an APP_BASE_URL that is not an http(s) URL", () => {
    for (const bad of ["manabiya.example.lg.jp", "ftp://manabiya.example.lg.jp", "https://"]) {
      expect(problems({ APP_BASE_URL: bad })).toEqual([
        `環境変数 APP_BASE_URL は http:// か https:// で始まる URL（例: https://manabiya.example.lg.jp）で指定してください（いまの値: "${bad}"）。`,
      ]);
    }
  });

  it("refuses a DATABASE_URL that is not postgres://, without repeating it (it may hold a password)", () => {
    const [problem, ...rest] = problems({ DATABASE_URL: "mysql://app:secret@db/manabiya" });
    expect(rest).toEqual([]);
    expect(problem).toContain("環境変数 DATABASE_URL は postgres:// か postgresql:// で始まる接続 URL");
    expect(problem).toContain("いまの値は表示しません");
    expect(problem).not.toContain("secret");
  });

  it("refuses a TRUST_PROXY that Express would misread", () => {
    for (const bad of ["yes", "17", "10.0.0.1, proxy.example", "1.5"]) {
      expect(problems({ TRUST_PROXY: bad })).toHaveLength(1);
      expect(problems({ TRUST_PROXY: bad })[0]).toMatch(new RegExp(`^環境変数 TRUST_PROXY は .*（いまの値: "${bad.replace(".", "\\.")}"）。$`));
    }
  });

  it("reports every wrong variable at once, in one Japanese message", () => {
    let thrown: unknown;
    try {
      loadEnv({ SMTP_SECURE: "yes", DATABASE_POOL_MAX: "abc", PORT: "http", APP_BASE_URL: "localhost", MAIL_FROM: "ok" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    const error = thrown as EnvError;
    expect(error.problems.map((p) => p.match(/^環境変数 (\w+) は/)?.[1])).toEqual(["PORT", "DATABASE_POOL_MAX", "SMTP_SECURE", "APP_BASE_URL"]);
    expect(error.message).toBe(`環境変数に誤りがあります（4件）:\n${error.problems.join("\n")}`);
  });

  it("shortens a very long value in the message", () => {
    const [problem] = problems({ PORT: "9".repeat(500) });
    expect(problem!.length).toBeLessThan(200);
    expect(problem).toContain("…");
  });
});

describe("the modules that read the environment", () => {
  it("keep their behaviour", () => {
    expect(cookieSecure({ NODE_ENV: "production" })).toBe(true);
    expect(cookieSecure({ NODE_ENV: "test" })).toBe(false);
    expect(cookieSecure({ NODE_ENV: "production", COOKIE_SECURE: "false" })).toBe(false);
    expect(cookieSecure({ NODE_ENV: "development", COOKIE_SECURE: "true" })).toBe(true);
    expect(sessionConfig({})).toMatchObject({ idleMs: 120 * 60_000, absoluteMs: 12 * 3_600_000 });
    expect(sessionConfig({ SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "8" })).toMatchObject({ idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 });
    expect(databaseOptionsFromEnv({})).toEqual({ dataDir: "./.data/pglite" });
    expect(databaseOptionsFromEnv({ DATABASE_URL: "postgres://db/m", DATABASE_POOL_MAX: "4" })).toEqual({ url: "postgres://db/m", max: 4 });
    expect(backupTargetFromEnv({ PGLITE_DIR: "/srv/pglite" })).toEqual({ kind: "pglite", dataDir: "/srv/pglite" });
    expect(backupTargetFromEnv({ DATABASE_URL: "postgres://db/m" })).toEqual({ kind: "postgres", url: "postgres://db/m" });
    expect(migrationsDir({ MIGRATIONS_DIR: "/srv/migrations" })).toBe("/srv/migrations");
  });

  it("build mail settings from it", () => {
    expect(mailSettingsFromEnv({})).toEqual({ transport: null, from: "学び舎 <no-reply@localhost>", baseUrl: "http://localhost:3000" });
    expect(mailSettingsFromEnv({ PORT: "8080" }).baseUrl).toBe("http://localhost:8080");
    expect(mailSettingsFromEnv({ APP_BASE_URL: "https://manabiya.example.lg.jp//" }).baseUrl).toBe("https://manabiya.example.lg.jp");
    const mail = mailSettingsFromEnv({
      SMTP_HOST: "smtp.example.lg.jp",
      SMTP_PORT: "465",
      SMTP_SECURE: "true",
      SMTP_USER: "u",
      SMTP_TLS_REJECT_UNAUTHORIZED: "false",
    });
    const options = (mail.transport as unknown as { options: { port: number; secure: boolean; auth: unknown; tls: unknown } }).options;
    expect(options).toMatchObject({ port: 465, secure: true, auth: { user: "u", pass: "" }, tls: { rejectUnauthorized: false } });
  });
});

describe(".env.example", () => {
  const lines = readFileSync(".env.example", "utf8").split("\n");
  const assignments = lines.flatMap((line) => {
    const m = /^#?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return m ? [{ name: m[1] as EnvName, value: m[2]! }] : [];
  });

  it("lists exactly the variables of the schema, each once", () => {
    const listed = assignments.map((a) => a.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...ENV_NAMES].sort());
  });

  it("gives each variable its default, or no value when it has none", () => {
    const defaults = loadEnv({});
    for (const { name, value } of assignments) {
      expect(value === "" ? undefined : loadEnv({ [name]: value })[name], name).toEqual(defaults[name]);
    }
  });

  it("describes each variable on the lines above it", () => {
    for (const [i, line] of lines.entries()) {
      if (/^#?[A-Z][A-Z0-9_]*=/.test(line)) expect(lines[i - 1], line).toMatch(/^# \S/);
    }
  });
});
