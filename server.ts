/**
 * Production (and development) server: validates content/, migrates the database and syncs the curriculum before it
 * listens, then serves the React Router build with Express. `npm run build` bundles it into build/server.mjs, which
 * `npm start` runs with plain node (decision 017); `npm run dev` runs it with tsx and Vite in middleware mode.
 */
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "react-router";
import { bootstrap } from "./app/bootstrap.server";
import { CSRF_COOKIE } from "./app/auth/cookies.server";
import { csrfCookieHeader, newCsrfToken } from "./app/auth/csrf.server";
import { FOREIGN_ORIGIN_PAGE, judgeOrigin } from "./app/http/origin.server";
import { carriesSession, NO_STORE } from "./app/http/no-store.server";
import { badUrlPage, refusesTarget } from "./app/http/form.server";
import { ContentError, contentRoot } from "./app/content/load.server";
import { env, EnvError, type Env } from "./app/kernel/env.server";
import { closeDatabase, databaseOptionsFromEnv, getDatabase, openDatabase, serverProcesses } from "./db/client";

// Before the environment is first read (no module reads it while being imported) and before React is imported.
process.env.NODE_ENV ??= "production";
const config = envOrExit();
const isProduction = config.NODE_ENV === "production";
const port = config.PORT;
const host = config.HOST;
const BUILD_PATH = path.resolve("build/server/index.js");
/** A Cookie header that already carries the CSRF cookie (made once, not per request). */
const HAS_CSRF_COOKIE = new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=`);

async function prepareDatabase() {
  // A dedicated single connection, so the Postgres advisory lock taken by bootstrap() holds for all of its work.
  const database = await openDatabase({ ...databaseOptionsFromEnv(), max: 1 });
  try {
    const started = Date.now();
    const result = await bootstrap(database, { contentDir: contentRoot(), seed: "if-empty" });
    const { created, updated, unchanged, archived } = result.sync;
    console.log(
      `[manabiya] database ready (${database.kind}: ${database.location}); ` +
        `courses: ${created} new, ${updated} updated, ${unchanged} unchanged, ${archived} archived` +
        (result.seeded
          ? `; demo data seeded (${result.seeded.organizations} organizations, ${result.seeded.staff} staff, ${result.seeded.classSessions} class sessions)`
          : "") +
        ` in ${Date.now() - started} ms`,
    );
  } finally {
    await database.close();
  }
}

/** Security headers for every response. Scripts run only with the per-request nonce (React Router's inline scripts carry it). */
function securityHeaders(req: express.Request, res: express.Response, next: express.NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${isProduction ? "" : " 'unsafe-eval'"}`,
    "style-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self'${isProduction ? "" : " ws://localhost:*"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (isProduction && req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  next();
}

/** The validated environment (app/kernel/env.server.ts); a wrong variable stops the server before anything else. */
function envOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) exitForEnv(error);
    throw error;
  }
}

/** One line per wrong variable, no stack trace, exit code 1; the database has not been opened. */
function exitForEnv(error: EnvError): never {
  console.error(`[manabiya] 環境変数に誤りがあるため起動できません（データベースは変更していません）:\n${error.problems.join("\n")}`);
  process.exit(1);
}

async function prepareOrExit() {
  try {
    await prepareDatabase();
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`[manabiya] content/ に誤りがあるため起動できません（データベースは変更していません）:\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * This process prepares the database once, in a worker of its own, then runs the server in WEB_CONCURRENCY worker
 * processes (default 1; more than one needs Postgres, and with PGlite the one worker owns the database) sharing the
 * port (node:cluster); each has its own connection pool and heap. It replaces a worker that dies, so an uncaught error
 * costs the requests that worker had in hand, not the site (decision 020). Sessions, throttles and attempts live in
 * the database, so any process can answer any request (decision 015).
 */
async function main() {
  if (cluster.isWorker && process.env[PROCESS_ROLE] === "prepare") return prepareOrExit().then(() => process.exit(0));
  if (cluster.isWorker) return serve({ announce: false });
  const processes = serverProcesses();
  await prepareInWorker();
  supervise(processes);
}

/** Set (internally) on the worker that prepares the database. */
const PROCESS_ROLE = "MANABIYA_PROCESS";

/**
 * Runs prepareOrExit() in a worker and waits for it, so that this process, which stays up beside the workers, does not
 * keep what migrating, syncing and seeding left on its heap (measured: 93 instead of 125 MB of RSS on a database that
 * was already set up, about half of it pages of the node binary shared with the workers).
 */
function prepareInWorker(): Promise<void> {
  return new Promise((resolve) => {
    const worker = cluster.fork({ [PROCESS_ROLE]: "prepare" });
    let stopped = false;
    const stop = () => {
      stopped = true;
      worker.kill("SIGTERM");
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    worker.once("exit", (code) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      if (stopped) process.exit(0);
      if (code !== 0) process.exit(code || 1); // the worker has said why (content/ errors, the database)
      resolve();
    });
  });
}

/** The first replacement of a dead worker waits this long; one dying again soon after waits twice as long, up to 30 s. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

function supervise(processes: number) {
  let listening = 0;
  let started = false;
  let stopping = false;
  let delay = RESTART_DELAY_MS;
  let lastExit = 0;
  const fork = () => void (stopping || cluster.fork());
  cluster.on("listening", (worker, address) => {
    if (address.port !== port) return; // another server of the worker's (Vite's hot reload in development)
    if (started) return console.log(`[manabiya] 新しいサーバーのプロセス ${worker.process.pid} が受付を始めました。`);
    if (++listening < processes) return;
    started = true;
    console.log(`[manabiya] 学び舎を起動しました${processes > 1 ? `（${processes}プロセス）` : ""}: http://localhost:${port}`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!started) {
      // It never listened: the server cannot start (its error is in the log above), and trying again would not help.
      console.error(`[manabiya] サーバーのプロセス ${worker.process.pid} が起動できずに終了しました（${signal ?? code}）。学び舎を停止します。`);
      return shutdown(1);
    }
    const now = Date.now();
    delay = now - lastExit < MAX_RESTART_DELAY_MS ? Math.min(delay * 2, MAX_RESTART_DELAY_MS) : RESTART_DELAY_MS;
    lastExit = now;
    console.error(`[manabiya] サーバーのプロセス ${worker.process.pid} が終了しました（${signal ?? code}）。${delay / 1000}秒後に新しいプロセスを起動します。`);
    setTimeout(fork, delay); // not unref()d: with every worker gone, this timer is what keeps this process running
  });
  for (let i = 0; i < processes; i++) fork();
  const shutdown = (exitCode = 0) => {
    stopping = true;
    process.exitCode = exitCode; // also when this process ends by itself, its last worker gone
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    const check = setInterval(() => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(exitCode), 100);
    setTimeout(() => process.exit(exitCode), 6000).unref();
    check.unref();
  };
  process.once("SIGINT", () => shutdown());
  process.once("SIGTERM", () => shutdown());
}

/**
 * The React Router build and the files beside it. In production: build/server/index.js, the hashed assets with a
 * year's caching, public/'s copies with an hour's. In development: Vite in middleware mode, which rebuilds on change.
 */
async function serverBuild(app: express.Express): Promise<ServerBuild | (() => Promise<ServerBuild>)> {
  if (!isProduction) {
    const vite = await import("vite");
    const dev = await vite.createServer({ server: { middlewareMode: true } });
    app.use(dev.middlewares);
    return () => dev.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>;
  }
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Files in public/ have an extension; page URLs do not, and skipping the file system for them saves a stat() per page.
  const publicFiles = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) && !req.path.endsWith(".data") ? publicFiles(req, res, next) : next()));
  return (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
}

async function serve({ announce }: { announce: boolean }) {
  await getDatabase(); // open the pool the app will use

  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  app.use(securityHeaders);
  // gzip or brotli for pages, scripts and styles (compressible types over 1 kB), as the browser accepts.
  app.use(compression());
  // A path Express cannot decode (`/verify/%FF`) or with NUL and other control characters gets the site's 400 page here,
  // in the visitor's language, instead of Express's English "Bad Request" (app/http/form.server.ts; decision 022).
  app.use((req, res, next) => {
    if (!refusesTarget(req.url)) return next();
    res
      .status(400)
      .type("html")
      .set("Cache-Control", "no-store")
      .send(badUrlPage({ cookie: req.headers.cookie, acceptLanguage: req.get("Accept-Language") }));
  });
  // Every visitor gets a CSRF cookie on their first page; forms repeat it (see app/auth/csrf.server.ts). Only pages set
  // it: the router's background requests (route manifest, `.data`) sent while the cookie was missing would otherwise
  // each set a new token, and the last to arrive would no longer match the one in the page's forms.
  app.use((req, res, next) => {
    const page = (req.method === "GET" || req.method === "HEAD") && req.path !== "/__manifest" && !req.path.endsWith(".data");
    if (page && !HAS_CSRF_COOKIE.test(req.headers.cookie ?? "")) {
      const token = newCsrfToken();
      res.locals.csrfToken = token;
      res.append("Set-Cookie", csrfCookieHeader(token));
    }
    next();
  });
  // Anything sent to someone signed in may hold personal data: never stored, unless the route says otherwise.
  app.use((req, res, next) => {
    if (carriesSession(req.headers.cookie)) res.setHeader("Cache-Control", NO_STORE);
    next();
  });
  // Posts from another site get a clear 403 here; `Origin: null` goes on to the app's CSRF check (app/http/origin.server.ts).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    // As @react-router/express builds request.url: the protocol and, behind a trusted proxy, X-Forwarded-Host.
    const host = (app.enabled("trust proxy") && req.get("X-Forwarded-Host")) || req.get("Host") || "localhost";
    const verdict = judgeOrigin(req.get("Origin"), `${req.protocol}://${host}`);
    if (verdict === "foreign") return void res.status(403).type("html").set("Cache-Control", "no-store").send(FOREIGN_ORIGIN_PAGE);
    if (verdict === "opaque") delete req.headers.origin;
    next();
  });
  const build = await serverBuild(app);
  // Imported here, after NODE_ENV is set: React chooses its development or production build when first imported.
  const { createRequestHandler } = await import("@react-router/express");
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: isProduction ? "production" : "development",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        csrfToken: res.locals.csrfToken as string | undefined,
        clientIp: req.ip,
      }),
    }),
  );

  const server = app.listen(port, host, () => {
    if (announce) console.log(`[manabiya] 学び舎を起動しました: http://localhost:${port}`);
  });

  const shutdown = () => {
    server.close(() => void closeDatabase().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) exitForEnv(error); // WEB_CONCURRENCY above 1 without DATABASE_URL
  console.error("[manabiya] 起動に失敗しました:", error);
  process.exit(1);
});
