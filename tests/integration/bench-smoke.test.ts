import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { SCALES } from "../../bench/dataset";
import { startAppServer, startCeilingServer, type ChildServer } from "../../bench/harness";
import { checkTargets, insertRun, renderSvg, type RunResult } from "../../bench/report";
import { runScenarios, type LoadPlan } from "../../bench/run";
import { prepareFixture, verifyCheckin, verifyQuiz } from "../../bench/scenarios";
import { seedBench } from "../../bench/seed";

/**
 * The benchmark, tiny: seeds the "tiny" dataset with the benchmark's own seeder into a fresh database (a PGlite
 * directory, or a new Postgres database with TEST_DATABASE_URL), starts the production server on it as `npm run bench`
 * does, and runs every scenario for a few requests per connection (about a second each). Keeps bench/ from rotting.
 */
const SMOKE_PLAN: LoadPlan = {
  // Bounded by requests (a few per connection, about a second on an idle machine); the time bound only guards
  // against a hang, so a busy machine makes the test slower, not flaky.
  duration: 20,
  requestsPerConnection: 6,
  connections: { lesson: 4, catalogue: 4, quiz: 2, checkin: 4, admin: 2 },
  warmupSeconds: 0,
};

interface Target {
  url?: string;
  open(): Promise<Database>;
  server: { url: string } | { pgliteDir: string };
  dispose(): Promise<void>;
}

async function freshTarget(): Promise<Target> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (serverUrl) {
    const name = `manabiya_test_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      open: () => openDatabase({ url: url.toString(), max: 4 }),
      server: { url: url.toString() },
      async dispose() {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "manabiya-bench-"));
  return { open: () => openDatabase({ dataDir: dir }), server: { pgliteDir: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
}

describe("benchmark smoke run", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it("seeds the tiny dataset and runs every scenario against the production server without an error", async () => {
    if (!existsSync("build/server/index.js") || !existsSync("build/server.mjs")) {
      // NODE_ENV is "test" under vitest; a build made with it would not run in production mode.
      const built = spawnSync("npm", ["run", "build"], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
      expect(built.status, built.stderr).toBe(0);
    }
    const target = await freshTarget();
    cleanup.push(target.dispose);

    const database = await target.open();
    let fixture;
    try {
      const report = await seedBench(database, SCALES.tiny!, { url: target.url, log: () => {} });
      expect(report.rows.attendance).toBe(SCALES.tiny!.attendance);
      expect(report.rows.quiz_attempts).toBe(SCALES.tiny!.quizAttempts);
      expect(report.rows.class_sessions).toBe(SCALES.tiny!.sessions);
      fixture = await prepareFixture(database.db, { lessonUsers: 4, quizUsers: 40 });
    } finally {
      await database.close();
    }

    const app = await startAppServer(target.server);
    let ceiling: ChildServer | null = null;
    let outcome;
    try {
      const page = await fetch(app.url + fixture.lessonPath, { headers: { cookie: fixture.lessonCookies[0]! } });
      expect(page.status, app.output().slice(-2000)).toBe(200);
      ceiling = await startCeilingServer(await page.text());
      outcome = await runScenarios(app, ceiling, fixture, SMOKE_PLAN, () => {});
    } finally {
      await ceiling?.stop();
      await app.stop();
    }

    const keys = outcome.results.map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(["ceiling", "lesson", "catalogue", "quiz", "checkin", "kpis"]));
    for (const r of outcome.results) {
      expect({ key: r.key, errors: r.errors, unexpected: r.unexpected, statuses: r.statuses }).toEqual({
        key: r.key,
        errors: 0,
        unexpected: 0,
        statuses: expect.any(Object),
      });
      expect(r.requests, r.key).toBeGreaterThan(0);
      expect(r.p99, r.key).toBeGreaterThanOrEqual(r.p50);
    }

    const after = await target.open();
    try {
      const checkin = await verifyCheckin(after.db, fixture, outcome.confirmed);
      expect(checkin.confirmedReceipts).toBeGreaterThan(0);
      expect(checkin.lost).toBe(0);
      expect(checkin.duplicated).toBe(0);
      // A request still in flight when the run stopped may have been recorded without its answer being counted.
      expect(checkin.marks).toBeGreaterThanOrEqual(checkin.confirmedReceipts);
      const quiz = await verifyQuiz(after.db, fixture);
      expect(outcome.quizFlows).toBeGreaterThan(0);
      expect(quiz.submitted).toBeGreaterThanOrEqual(outcome.quizFlows);

      const run: RunResult = {
        startedAt: new Date().toISOString(),
        label: "smoke",
        machine: { nproc: 2, memoryGb: 1, cpu: "test", node: process.version, database: "test", loadAverage: [0, 0, 0] },
        dataset: { scale: "tiny", seedSeconds: 1, rows: { attendance: 300 } },
        command: "npm test",
        commit: "test",
        scenarios: outcome.results,
        checkin,
        quiz: { flows: outcome.quizFlows, ...quiz },
      };
      expect(checkTargets(run).map((t) => t.target)).toHaveLength(6);
      expect(insertRun(null, run)).toContain("| lesson page, signed-in staff |");
      expect(renderSvg(run)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    } finally {
      await after.close();
    }
  }, 240_000); // on a fresh clone it builds the app first (Vite, ~30–60 s on a busy machine)
});
