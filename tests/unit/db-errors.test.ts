import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createRequestHandler, type ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import config from "../../react-router.config";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "~/db-errors.server";
import { databaseUnavailableResponse, resourceRoute } from "~/http/unavailable.server";
import ja from "~/locales/ja";
import en from "~/locales/en";
import * as entry from "~/entry.server";
import * as root from "~/root";
import { freePort } from "../../bench/harness";

/**
 * Which errors mean "the database cannot be reached" (decision 020), and what a visitor gets then: a 503 with
 * Retry-After and the root ErrorBoundary's page, through React Router's own request handler and the app's real
 * entry.server and root modules. No database is needed: the connection errors come from postgres.js itself, aimed at
 * a port where nothing listens.
 */

const postgresError = (fields: Record<string, string>) => new postgres.PostgresError({ message: "from the server", ...fields } as never);
const socketError = (code: string, syscall: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${syscall} ${code}`), { code, syscall, ...extra });

let refused: unknown; // what postgres.js rejects a query with when nothing listens
let refusedThroughDrizzle: unknown; // the same, as drizzle throws it (DrizzleQueryError, the driver's error as its cause)
let client: ReturnType<typeof postgres>;

beforeAll(async () => {
  client = postgres(`postgres://nobody@127.0.0.1:${await freePort()}/nothing`, { max: 1, onnotice: () => {}, backoff: () => 0 });
  refused = await client`select 1`.catch((error: unknown) => error);
  refusedThroughDrizzle = await drizzle(client)
    .execute(sql`select ${1}::int`)
    .catch((error: unknown) => error);
});
afterAll(() => client?.end({ timeout: 0 }));

describe("isDatabaseUnavailable", () => {
  it("recognises a connection refused by a stopped Postgres, raw and as drizzle wraps it", () => {
    expect((refused as { code?: string }).code).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect((refusedThroughDrizzle as Error).constructor.name).toBe("DrizzleQueryError");
    expect(isDatabaseUnavailable(refusedThroughDrizzle)).toBe(true);
    expect(isDatabaseUnavailable(new Error("the transaction's connection was lost", { cause: refusedThroughDrizzle }))).toBe(true);
  });

  it.each(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"])("recognises postgres.js's %s", (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code }))).toBe(true);
  });

  it("recognises socket errors of a query, and only of a query", () => {
    const fromQuery = { query: "select 1", parameters: [] };
    expect(isDatabaseUnavailable(socketError("ECONNRESET", "read", fromQuery))).toBe(true);
    expect(isDatabaseUnavailable(socketError("EPIPE", "write", fromQuery))).toBe(true);
    // The Unix socket file is gone while Postgres is down.
    expect(isDatabaseUnavailable(socketError("ENOENT", "connect", fromQuery))).toBe(true);
    // The same codes from a mail server or a file are not the database.
    expect(isDatabaseUnavailable(socketError("ECONNREFUSED", "connect"))).toBe(false);
    expect(isDatabaseUnavailable(socketError("ENOENT", "open", fromQuery))).toBe(false);
    // Node's happy-eyeballs connect fails with every address's error together.
    expect(
      isDatabaseUnavailable(Object.assign(new AggregateError([socketError("ECONNREFUSED", "connect"), socketError("ECONNREFUSED", "connect")]), fromQuery)),
    ).toBe(true);
  });

  it.each([
    ["57P01", "FATAL"], // terminating connection due to administrator command (pg_ctl stop -m fast)
    ["57P02", "FATAL"],
    ["57P03", "FATAL"], // the database system is starting up
    ["53300", "FATAL"], // sorry, too many clients already
    ["08006", "ERROR"],
    ["28P01", "FATAL"], // any FATAL ends the session
  ])("recognises the server's %s (%s)", (code, severity) => {
    expect(isDatabaseUnavailable(postgresError({ code, severity }))).toBe(true);
  });

  it.each([
    ["23505", "ERROR"], // unique_violation: the data
    ["42P01", "ERROR"], // undefined_table: a bug
    ["57014", "ERROR"], // query_canceled (statement timeout): the query, not the server
    ["25P02", "ERROR"],
  ])("leaves the query's own errors alone: %s", (code, severity) => {
    expect(isDatabaseUnavailable(postgresError({ code, severity }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Failed query: insert …", { cause: postgresError({ code, severity }) }))).toBe(false);
  });

  it("is false for anything else, and does not loop on a cyclic cause", () => {
    const cyclic = new Error("a") as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    for (const value of [undefined, null, "ECONNREFUSED", 503, {}, new Error("boom"), new Response("x", { status: 500 }), cyclic]) {
      expect(isDatabaseUnavailable(value)).toBe(false);
    }
  });
});

/** A build of the app's real entry.server and root modules, whose root loader fails as given, and a page whose action does. */
function buildFailingWith(error: () => unknown): ServerBuild {
  const fail = async () => {
    throw error();
  };
  return {
    mode: "production",
    entry: { module: entry },
    routes: {
      root: { id: "root", parentId: undefined, path: "", index: undefined, caseSensitive: undefined, module: { ...root, loader: fail } },
      page: { id: "page", parentId: "root", path: "page", index: undefined, caseSensitive: undefined, module: { default: () => null, action: fail } },
    },
    assets: {
      entry: { module: "/entry.js", imports: [] },
      routes: {
        root: {
          id: "root",
          path: "",
          module: "/root.js",
          imports: [],
          css: [],
          hasLoader: true,
          hasAction: false,
          hasClientLoader: false,
          hasClientAction: false,
          hasClientMiddleware: false,
          hasErrorBoundary: true,
        },
        page: {
          id: "page",
          parentId: "root",
          path: "page",
          module: "/page.js",
          imports: [],
          css: [],
          hasLoader: false,
          hasAction: true,
          hasClientLoader: false,
          hasClientAction: false,
          hasClientMiddleware: false,
          hasErrorBoundary: false,
        },
      },
      url: "/manifest.js",
      version: "1",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: config.future,
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "initial", manifestPath: "/__manifest" },
    basename: undefined,
  } as unknown as ServerBuild;
}

describe("a request while the database cannot be reached", () => {
  const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" }, body: "a=1" };

  it("gets the 503 page with Retry-After, and one line in the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await createRequestHandler(
      buildFailingWith(() => refusedThroughDrizzle),
      "production",
    )(new Request("http://localhost/page?month=2026-12"));
    const html = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(html).toContain("ただいまご利用いただけません");
    expect(html).toContain('href="/page?month=2026-12"');
    // The browser's copy of the state holds the same 503, so hydration shows the same page.
    expect(html).toMatch(/ErrorResponse[^<]*503/);
    // One line for the outage, and the error itself (a stack for every request of an outage) is not dumped.
    const lines = log.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith("[manabiya]"));
    expect(lines).toEqual([
      expect.stringMatching(/^\[manabiya\] データベースに接続できないため 503 を返します: GET \/page \(ECONNREFUSED: connect ECONNREFUSED/),
    ]);
    expect(log.mock.calls.some((call) => call[0] instanceof Error)).toBe(false);
    log.mockRestore();
  });

  it("gets it for a form posted without JavaScript", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await createRequestHandler(
      buildFailingWith(() => postgresError({ code: "57P01", severity: "FATAL" })),
      "production",
    )(new Request("http://localhost/page", form));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(await response.text()).toContain("ただいまご利用いただけません");
    log.mockRestore();
  });

  it("gets a plain 503 for client-side navigations and submissions, which the browser's router shows as a 503", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = createRequestHandler(
      buildFailingWith(() => refused),
      "production",
    );
    for (const request of [new Request("http://localhost/page.data"), new Request("http://localhost/page.data", form)]) {
      const response = await handler(request);
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
      expect(response.headers.has("X-Remix-Response")).toBe(false);
      expect(await response.text()).toBe(`${ja.errors.unavailableText}\n`);
    }
    log.mockRestore();
  });

  it("leaves other errors as 500s with the ordinary error page", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const failure = postgresError({ code: "23505", severity: "ERROR" });
    const response = await createRequestHandler(
      buildFailingWith(() => failure),
      "production",
    )(new Request("http://localhost/page"));
    expect(response.status).toBe(500);
    expect(response.headers.has("Retry-After")).toBe(false);
    expect(await response.text()).not.toContain("ただいまご利用いただけません");
    expect(log).toHaveBeenCalledWith(failure);
    log.mockRestore();
  });
});

describe("databaseUnavailableResponse", () => {
  it("is plain text in the visitor's language that is never stored", async () => {
    const response = databaseUnavailableResponse(new Request("http://localhost/x"));
    expect(response.status).toBe(503);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe(`${ja.errors.unavailableText}\n`);
    const english = databaseUnavailableResponse(new Request("http://localhost/x", { headers: { Cookie: "manabiya_lang=en" } }));
    expect(await english.text()).toBe(`${en.errors.unavailableText}\n`);
  });
});

describe("resourceRoute (CSV, QR codes, open data, form-only routes)", () => {
  it("answers a database outage with the 503 and one log line, and lets other errors and thrown Responses through", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const request = new Request("http://localhost/admin/kpis/csv?fy=2026");
    const outage = await resourceRoute(async () => {
      throw refusedThroughDrizzle;
    })({ request });
    expect(outage.status).toBe(503);
    expect(outage.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(await outage.text()).toBe(`${ja.errors.unavailableText}\n`);
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/^\[manabiya\] データベースに接続できないため 503 を返します: GET \/admin\/kpis\/csv \(ECONNREFUSED/),
    ]);

    const bug = postgresError({ code: "23505", severity: "ERROR" });
    await expect(resourceRoute(async () => Promise.reject(bug))({ request })).rejects.toBe(bug);
    const notFound = new Response("見つかりません", { status: 404 });
    await expect(resourceRoute(async () => Promise.reject(notFound))({ request })).rejects.toBe(notFound);
    const csv = new Response("a,b\n");
    expect(await resourceRoute(async () => csv)({ request })).toBe(csv);
    log.mockRestore();
  });

  it("wraps the loader and action of every resource route that reads the database", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const unwrapped = readdirSync("app/routes")
      .filter((name) => !readFileSync(`app/routes/${name}`, "utf8").includes("export default"))
      .flatMap((name) => {
        const source = readFileSync(`app/routes/${name}`, "utf8");
        return /getDb\(/.test(source) && /export async function (loader|action)\(\{/.test(source) ? [name] : [];
      });
    expect(unwrapped).toEqual([]);
  });
});
