/**
 * npm run bench [-- --database-url postgres://… --duration 15 --only lesson,quiz --label "…" --cpu-prof --no-write
 *                   --timeout 10 --admin-connections 8 --connections quiz=2,checkin=4 --requests-per-connection 400
 *                   --processes 2 (server processes, as WEB_CONCURRENCY) --build (rebuild even when build/ exists)]
 *
 * Starts the production build (build/server.mjs, NODE_ENV=production; `npm run build` first when build/ is missing) against
 * the benchmark database as a child process and drives it over loopback with autocannon, each run bounded in time and
 * in requests: the static ceiling, the lesson page signed in, the catalogue, a full quiz attempt, self check-in for
 * one busy session, the KPI dashboard and the campaign compliance page as the DX office. Appends the figures to
 * bench/RESULTS.md and redraws bench/latency.svg.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import autocannon from "autocannon";
import { openDatabase, queryRows, redactUrl, serverProcesses } from "../db/client";
import { measure, startAppServer, startCeilingServer, type ChildServer } from "./harness";
import { checkTargets, insertRun, renderSvg, type RunResult, type ScenarioResult } from "./report";
import {
  checkinScenario,
  getScenario,
  lessonScenario,
  prepareFixture,
  quizScenario,
  verifyCheckin,
  verifyQuiz,
  type Fixture,
  type Scenario,
} from "./scenarios";
import { DEFAULT_BENCH_URL, LOADED_TABLES, type SeedReport } from "./seed";

export interface LoadPlan {
  /** Seconds per scenario (each also stops at its request bound). */
  duration: number;
  /** Request bound per scenario, times the connection count. */
  requestsPerConnection: number;
  connections: { lesson: number; catalogue: number; quiz: number; checkin: number; admin: number };
  warmupSeconds: number;
  /** Seconds before autocannon gives up on one response (counted as an error). */
  timeout?: number;
  only?: string[];
}

export const FULL_PLAN: LoadPlan = {
  duration: 15,
  requestsPerConnection: 400,
  connections: { lesson: 64, catalogue: 64, quiz: 16, checkin: 32, admin: 8 },
  warmupSeconds: 3,
};

async function warmup(url: string, scenario: Scenario, seconds: number) {
  if (seconds <= 0) return;
  await autocannon({
    url,
    connections: Math.min(8, scenario.connections),
    duration: seconds,
    requests: scenario.requests.map((r) => ({ ...r, onResponse: undefined })),
  });
}

/**
 * Runs every scenario of `plan` against a started server (and the ceiling server), in order; returns the figures.
 * `onCheckin` receives the set of receipts confirmed to participants, for verification after the server stops.
 */
export async function runScenarios(app: ChildServer, ceiling: ChildServer | null, f: Fixture, plan: LoadPlan, log: (line: string) => void = console.log) {
  const results: ScenarioResult[] = [];
  const wanted = (key: string) => !plan.only || plan.only.includes(key);
  const bound = (connections: number) => connections * plan.requestsPerConnection;
  let confirmed = new Set<string>();
  let quizFlows = 0;
  const run = async (scenario: Scenario, target: ChildServer, options: { warm?: boolean; notes?: () => string[] } = {}) => {
    if (options.warm) await warmup(target.url, scenario, plan.warmupSeconds);
    log(`  ${scenario.label}: ${scenario.connections} connections, ≤ ${plan.duration} s, ≤ ${scenario.maxRequests} requests`);
    const m = await measure({
      url: target.url,
      connections: scenario.connections,
      duration: plan.duration,
      timeout: plan.timeout ?? 10,
      maxRequests: scenario.maxRequests,
      requests: scenario.requests,
      expectStatus: scenario.expectStatus,
      serverPid: target.pid,
    });
    const result: ScenarioResult = { key: scenario.key, label: scenario.label, ...m, notes: options.notes?.() ?? [] };
    log(
      `    ${m.rps} req/s, p50 ${m.p50} ms, p95 ${m.p95} ms, p99 ${m.p99} ms, errors ${m.errors}, unexpected ${m.unexpected}, server CPU ${m.cpuMsPerRequest} ms/req, RSS ${m.rssPeakMb} MB`,
    );
    results.push(result);
    return result;
  };

  if (ceiling && wanted("ceiling")) {
    await run(
      getScenario("ceiling", "ceiling: same lesson HTML, minimal http server", "/", "", plan.connections.lesson, bound(plan.connections.lesson)),
      ceiling,
      { warm: true },
    );
  }
  if (wanted("lesson")) {
    const lesson = await run(lessonScenario(f, plan.connections.lesson, bound(plan.connections.lesson)), app, { warm: true });
    const c = results.find((r) => r.key === "ceiling");
    if (c) lesson.notes.push(`${((lesson.rps / c.rps) * 100).toFixed(1)} % of the ceiling's ${c.rps} req/s`);
  }
  if (wanted("catalogue"))
    await run(
      getScenario("catalogue", "catalogue, anonymous", "/courses", `manabiya_csrf=${f.csrf}`, plan.connections.catalogue, bound(plan.connections.catalogue)),
      app,
      { warm: true },
    );
  if (wanted("quiz")) {
    const users = f.quizCookies.length;
    const s = quizScenario(f, app.url, plan.connections.quiz, Math.min(bound(plan.connections.quiz), Math.max(0, (users - plan.connections.quiz) * 3)));
    if (s.maxRequests < s.connections) log("  quiz: not enough quiz users prepared; skipped");
    else {
      await run(s, app, {
        notes: () => [
          `${s.state.submitted} attempts completed (${s.state.started} started, ${s.state.failedSteps} failed steps); latency is over all three requests`,
        ],
      });
      quizFlows = s.state.submitted ?? 0;
    }
  }
  if (wanted("checkin")) {
    const s = checkinScenario(f, app.url, plan.connections.checkin);
    s.maxRequests = Math.min(s.maxRequests, bound(plan.connections.checkin));
    await run(s, app, { notes: () => [`${s.state.ok} check-ins answered 200 (${s.state.repeats} of them repeated taps), ${s.state.refused} refused`] });
    confirmed = s.confirmed;
  }
  if (wanted("kpis"))
    await run(
      getScenario(
        "kpis",
        "KPI dashboard, DX office, largest organization",
        "/admin/kpis",
        f.adminCookie,
        plan.connections.admin,
        bound(plan.connections.admin),
      ),
      app,
      { warm: true },
    );
  if (wanted("compliance")) {
    const path = f.campaignPath;
    const status = path ? (await fetch(app.url + path, { headers: { cookie: f.adminCookie }, redirect: "manual" })).status : 0;
    if (status === 200) {
      await run(
        getScenario(
          "compliance",
          "campaign compliance, DX office, largest organization",
          path!,
          f.adminCookie,
          plan.connections.admin,
          bound(plan.connections.admin),
        ),
        app,
        { warm: true },
      );
    } else log(`  compliance: ${path ?? "no campaign"} answers ${status}; skipped (the page may not exist yet)`);
  }
  return { results, confirmed, quizFlows };
}

function gitCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim() || "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "app", "server.ts", "db"], { encoding: "utf8" }).stdout.trim();
  return dirty ? `${head}+changes` : head;
}

async function ensureBuild(force = false) {
  if (existsSync("build/server/index.js") && existsSync("build/server.mjs") && !force) return;
  console.log(force ? "[bench] npm run build" : "[bench] build/ is missing: npm run build");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error("npm run build failed");
}

async function main() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string" },
      duration: { type: "string" },
      timeout: { type: "string" },
      "admin-connections": { type: "string" },
      connections: { type: "string" },
      "requests-per-connection": { type: "string" },
      only: { type: "string" },
      label: { type: "string", default: "" },
      "cpu-prof": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      build: { type: "boolean", default: false },
      processes: { type: "string" },
    },
  });
  const url = values["database-url"] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  const plan: LoadPlan = {
    ...FULL_PLAN,
    duration: values.duration ? Number(values.duration) : FULL_PLAN.duration,
    timeout: values.timeout ? Number(values.timeout) : undefined,
    requestsPerConnection: values["requests-per-connection"] ? Number(values["requests-per-connection"]) : FULL_PLAN.requestsPerConnection,
    connections: {
      ...FULL_PLAN.connections,
      ...(values["admin-connections"] ? { admin: Number(values["admin-connections"]) } : {}),
      // --connections quiz=2,checkin=4
      ...Object.fromEntries(
        (values.connections ?? "")
          .split(",")
          .filter(Boolean)
          .map((kv) => kv.split("="))
          .map(([k, v]) => [k, Number(v)]),
      ),
    },
    only: values.only?.split(","),
  };
  // The same rules as the server's WEB_CONCURRENCY (the benchmark always runs on Postgres).
  const processes = serverProcesses({ WEB_CONCURRENCY: values.processes ?? process.env.WEB_CONCURRENCY, DATABASE_URL: url });
  await ensureBuild(values.build);
  const startedAt = new Date().toISOString();
  const loadAverage = os.loadavg();
  console.log(`[bench] ${redactUrl(url)}; preparing sessions and the busy session`);

  const database = await openDatabase({ url, max: 2 });
  let fixture: Fixture;
  let seed: SeedReport | null = null;
  let pgVersion = "Postgres";
  const rows: Record<string, number> = {};
  try {
    const [comment] = await queryRows<{ c: string | null }>(
      database.db,
      sql`select shobj_description(oid, 'pg_database') as c from pg_database where datname = current_database()`,
    );
    try {
      seed = comment?.c ? (JSON.parse(comment.c) as SeedReport) : null;
    } catch {
      seed = null;
    }
    const [v] = await queryRows<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
    pgVersion = `PostgreSQL ${v?.v ?? "?"}`;
    for (const t of LOADED_TABLES) {
      const [r] = await queryRows<{ n: number }>(database.db, sql.raw(`select reltuples::bigint as n from pg_class where relname = '${t}'`));
      rows[t] = seed?.rows[t] ?? Number(r?.n ?? 0);
    }
    const quizUsers = Math.ceil((plan.connections.quiz * plan.requestsPerConnection) / 3) + plan.connections.quiz + 10;
    fixture = await prepareFixture(database.db, { lessonUsers: plan.connections.lesson, quizUsers, ...(seed ? { seededAt: seed.finishedAt } : {}) });
  } finally {
    await database.close();
  }
  console.log(`[bench] largest organization: ${fixture.org.name} (${fixture.org.slug}, ${fixture.org.staff} staff)`);

  const profileDir = values["cpu-prof"] ? path.resolve("bench/profiles") : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const app = await startAppServer({ url }, { cpuProfileDir: profileDir, processes });
  let ceiling: ChildServer | null = null;
  let outcome: Awaited<ReturnType<typeof runScenarios>>;
  try {
    const page = await fetch(app.url + fixture.lessonPath, { headers: { cookie: fixture.lessonCookies[0]! } });
    if (page.status !== 200) throw new Error(`lesson page answered ${page.status}`);
    ceiling = await startCeilingServer(await page.text());
    console.log(`[bench] server pid ${app.pid} (${processes} process${processes > 1 ? "es" : ""}) at ${app.url}; ceiling at ${ceiling.url}`);
    outcome = await runScenarios(app, ceiling, fixture, plan, (line) => console.log(`[bench]${line}`));
  } catch (error) {
    console.error(app.output().slice(-5000));
    throw error;
  } finally {
    await ceiling?.stop();
    await app.stop();
  }

  const after = await openDatabase({ url, max: 1 });
  let checkin = null;
  let quiz = null;
  try {
    if (outcome.results.some((r) => r.key === "checkin")) checkin = await verifyCheckin(after.db, fixture, outcome.confirmed);
    if (outcome.results.some((r) => r.key === "quiz")) quiz = { flows: outcome.quizFlows, ...(await verifyQuiz(after.db, fixture)) };
  } finally {
    await after.close();
  }
  const ci = outcome.results.find((r) => r.key === "checkin");
  if (ci && checkin)
    ci.notes.push(
      `database: ${checkin.marks} marks for ${checkin.distinctRegistrations} registrations, ${checkin.confirmedReceipts} confirmed to participants; lost ${checkin.lost}, duplicated ${checkin.duplicated}`,
    );
  const qz = outcome.results.find((r) => r.key === "quiz");
  if (qz && quiz) qz.notes.push(`database: ${quiz.submitted} attempts submitted by the benchmark users, ${quiz.open} left open`);

  const cpus = os.cpus();
  const run: RunResult = {
    startedAt,
    label: values.label ?? "",
    serverProcesses: processes,
    machine: {
      nproc: cpus.length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      cpu: cpus[0]?.model.trim() ?? "?",
      node: process.version,
      database: `${pgVersion} on the same machine`,
      loadAverage,
    },
    dataset: { scale: seed?.scale ?? "unknown", seedSeconds: seed?.seconds ?? null, rows },
    commit: gitCommit(),
    command: ["npm run bench", ...(process.argv.slice(2).length ? ["--", ...process.argv.slice(2)] : [])].join(" "),
    scenarios: outcome.results,
    checkin,
    quiz,
  };
  for (const t of checkTargets(run)) console.log(`[bench] ${t.met === null ? "—" : t.met ? "met   " : "MISSED"} ${t.target}: ${t.figure}`);
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/${startedAt.replace(/[:.]/g, "-")}-${run.dataset.scale}.json`;
  await writeFile(file, JSON.stringify(run, null, 2) + "\n");
  if (!values["no-write"]) {
    const existing = existsSync("bench/RESULTS.md") ? await readFile("bench/RESULTS.md", "utf8") : null;
    await writeFile("bench/RESULTS.md", insertRun(existing, run));
    await writeFile("bench/latency.svg", renderSvg(run));
    console.log(`[bench] wrote ${file}, bench/RESULTS.md and bench/latency.svg`);
  } else console.log(`[bench] wrote ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error("[bench] failed:", error);
    process.exit(1);
  });
}
