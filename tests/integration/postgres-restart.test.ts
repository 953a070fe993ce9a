import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinCode } from "~/classes/checkin.server";
import { isDatabaseUnavailable } from "~/db-errors.server";
import { type Db, queryRows } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freePort } from "../../bench/harness";

/**
 * Surviving a restart of Postgres (decision 020). First, deterministically on TEST_DATABASE_URL's server: a
 * transaction whose backend is terminated must fail with a connection error, not end the process (postgres.js wrote
 * ROLLBACK or COMMIT on the closed connection: porsager/postgres#1154, #1208), and must not send its later statements
 * on the reconnected connection. Then the whole server: the production build on a private Postgres cluster, under
 * check-ins and registrations, while the cluster restarts. Both run on the Postgres pass of `npm test` only.
 */
const adminUrl = process.env.TEST_DATABASE_URL?.trim();
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

describe.skipIf(!adminUrl)("a transaction whose connection dies", () => {
  let database: TestDatabase;
  let killer: ReturnType<typeof postgres>;
  beforeAll(async () => {
    // One connection: a connection the guard failed to give back would make the next query wait forever.
    database = await createTestDatabase({ max: 1 });
    killer = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    await database.db.execute(sql`create table restart_probe (note text)`);
  });
  afterAll(async () => {
    await killer?.end();
    await database?.dispose();
  });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Terminates the backend serving `tx` and waits until the driver has seen its connection close. */
  const terminate = async (tx: Tx) => {
    const [backend] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
    await killer`select pg_terminate_backend(${backend!.pid})`;
    await pause(150);
  };
  /** The transaction's error, after its body has run to its end; then the pool must answer again. */
  const failure = async (run: () => Promise<unknown>) => {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    await pause(300);
    expect(await queryRows(database.db, sql`select ${1}::int as one`)).toEqual([{ one: 1 }]);
    return error;
  };

  const bodies: [string, (tx: Tx) => Promise<void>][] = [
    [
      "a query after the connection died",
      async (tx) => {
        await terminate(tx);
        await queryRows(tx, sql`select ${2}::int`);
      },
    ],
    ["COMMIT after the connection died while the transaction waited", (tx) => terminate(tx)],
    [
      "queries whose errors the body swallowed",
      async (tx) => {
        await terminate(tx);
        await queryRows(tx, sql`select ${2}::int`).catch(() => null);
        await queryRows(tx, sql`select ${3}::int`).catch(() => null);
      },
    ],
    ["a savepoint whose connection died", (tx) => tx.transaction((savepoint) => terminate(savepoint))],
  ];
  it.each(bodies)("%s: the transaction fails with a connection error, and the process goes on", async (_, body) => {
    const error = await failure(() => database.db.transaction(body));
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("does not write the dead transaction's later statements on the reconnected connection", async () => {
    const run = database.db.transaction(async (tx) => {
      await terminate(tx);
      await pause(300); // meanwhile the query below reconnects the pool's only connection
      await tx.execute(sql`insert into restart_probe values ('written after the transaction had failed')`);
    });
    const error = run.then(
      () => null,
      (e: unknown) => e,
    );
    await pause(100);
    expect(await queryRows(database.db, sql`select ${1}::int as one`)).toEqual([{ one: 1 }]);
    expect(isDatabaseUnavailable(await error)).toBe(true);
    await pause(400);
    expect(await queryRows(database.db, sql`select note from restart_probe`)).toEqual([]);
  });

  it("still rolls back an ordinary error and keeps the connection", async () => {
    const error = await failure(() =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into restart_probe values ('rolled back')`);
        await tx.execute(sql`select 1 / 0`);
      }),
    );
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await queryRows(database.db, sql`select note from restart_probe`)).toEqual([]);
  });
});

const BIN = "/usr/lib/postgresql/15/bin";
/** Files of the behaviour under test: a build older than any of them would test yesterday's server. */
const SOURCES = ["server.ts", "db/client.ts", "app/db-errors.server.ts", "app/entry.server.tsx", "app/root.tsx"];

function whyNot(): string | null {
  if (!existsSync(`${BIN}/pg_ctl`)) return `${BIN}/pg_ctl がありません（Debian の postgresql-15）`;
  if (!existsSync("build/server.mjs") || !existsSync("build/server/index.js")) return "build/ がありません。先に npm run build を実行してください";
  const built = Math.min(statSync("build/server.mjs").mtimeMs, statSync("build/server/index.js").mtimeMs);
  const newer = SOURCES.filter((file) => existsSync(file) && statSync(file).mtimeMs > built);
  return newer.length ? `build/ が ${newer.join(", ")} より古いため、npm run build をやり直してください` : null;
}
const skipped = adminUrl ? whyNot() : null;

/** Runs one of Postgres's programs, as the postgres user when we are root (initdb refuses root). */
function pg(program: string, args: string[]) {
  const [command, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", `${BIN}/${program}`, ...args]] : [`${BIN}/${program}`, args];
  execFileSync(command, argv, { stdio: "pipe", timeout: 60_000 });
}

interface Outcome {
  status: number | string;
  retryAfter: string | null;
  body: string;
}

describe.skipIf(!adminUrl || !!skipped)(`the server while Postgres restarts${skipped ? `（スキップ: ${skipped}）` : ""}`, () => {
  let dir = "";
  let clusterPort = 0;
  let server: ChildProcess | undefined;
  let output = "";
  let base = "";
  let url = "";
  const pgOptions = () => ["-D", `${dir}/data`, "-l", `${dir}/log`, "-o", `-p ${clusterPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "manabiya-restart-"));
    if (process.getuid?.() === 0)
      await chown(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
    clusterPort = await freePort();
    pg("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
    pg("pg_ctl", [...pgOptions(), "-w", "start"]);
    url = `postgres://postgres@127.0.0.1:${clusterPort}/manabiya`;
    const admin = postgres(`postgres://postgres@127.0.0.1:${clusterPort}/postgres`, { max: 1, onnotice: () => {} });
    await admin`create database manabiya`;
    await admin.end();
    // The production server as `npm start` runs it; its first start migrates, syncs content/ and seeds the demo data.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" };
    delete env.WEB_CONCURRENCY;
    server = spawn(process.execPath, ["build/server.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 150_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`学び舎を起動しました: http://localhost:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      server!.stdout!.on("data", onData);
      server!.stderr!.on("data", onData);
      server!.once("exit", (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server!.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) {
      try {
        pg("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]);
      } catch {
        // not started, or already stopped
      }
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("answers 503 during the restart, 200 again soon after, and keeps every check-in it confirmed", async () => {
    const db = postgres(url, { max: 1, onnotice: () => {} });
    // A class happening now with 2,000 registrations to check in, and a class next week to register for.
    const [now] =
      await db`update class_sessions set starts_at = now() - interval '5 minutes', ends_at = now() + interval '2 hours', closed_at = null, status = 'scheduled'
      where id = (select s.id from class_sessions s join class_series c on c.id = s.series_id where c.audience = 'residents' and s.status <> 'cancelled' order by s.starts_at limit 1)
      returning id, organization_id, checkin_secret`;
    await db`delete from attendance where session_id = ${now!.id}`;
    await db`insert into registrations (organization_id, session_id, receipt_number, channel, status, name)
      select ${now!.organization_id}, ${now!.id}, 'RT' || substr(lpad(g::text, 6, '0'), 1, 2) || '-' || substr(lpad(g::text, 6, '0'), 3), 'online', 'confirmed', '試験 太郎'
      from generate_series(1, 2000) g`;
    const receipts = (await db`select receipt_number from registrations where session_id = ${now!.id} and status = 'confirmed' order by receipt_number`).map(
      (r) => r.receipt_number as string,
    );
    const [later] = await db`update class_sessions set capacity = 100000 where id = (select s.id from class_sessions s join class_series c on c.id = s.series_id
      where c.audience = 'residents' and s.status = 'scheduled' and s.closed_at is null and s.starts_at > now() + interval '1 day' order by s.starts_at limit 1) returning id`;
    await db.end();

    const csrf = "restart-test-csrf-token-0123456789";
    const post = async (pathname: string, form: Record<string, string>): Promise<Outcome & { location: string | null }> => {
      try {
        const response = await fetch(`${base}${pathname}`, {
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(20_000),
          headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "sec-fetch-site": "same-origin", cookie: `manabiya_csrf=${csrf}` },
          body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        });
        return {
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          location: response.headers.get("location"),
          body: await response.text(),
        };
      } catch (error) {
        return { status: `failed: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}`, retryAfter: null, location: null, body: "" };
      }
    };
    const outcomes: Outcome[] = [];
    const confirmed = new Set<string>();
    const registered = new Set<string>();
    let next = 0;
    let stop = false;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A resident whose check-in was not confirmed taps again until it is, as people do.
    const checkIns = async () => {
      while (!stop && next < receipts.length) {
        const receipt = receipts[next++]!;
        for (let tries = 0; tries < 100; tries++) {
          const outcome = await post(`/classes/${now!.id}/checkin`, { code: checkinCode(now!.checkin_secret, new Date()), receipt });
          outcomes.push(outcome);
          if (outcome.status === 200) {
            confirmed.add(receipt);
            break;
          }
          await pause(200);
        }
      }
    };
    const registrations = async () => {
      while (!stop) {
        const outcome = await post(`/classes/${later!.id}`, {
          name: "試験 花子",
          nameKana: "しけん はなこ",
          phone: "",
          ageBand: "70s",
          district: "",
          consent: "yes",
        });
        outcomes.push(outcome);
        if (outcome.status === 302 && outcome.location) registered.add(outcome.location.split("/").pop()!);
        else await pause(200);
      }
    };
    // A resource route (no page around it): the open-data figures, fetched by a script.
    const openData = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${base}/open-data/ami/kpis.json`, { signal: AbortSignal.timeout(20_000) });
          outcomes.push({ status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() });
        } catch (error) {
          outcomes.push({ status: `failed: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}`, retryAfter: null, body: "" });
        }
        await pause(100);
      }
    };
    const clients = [...Array.from({ length: 6 }, checkIns), ...Array.from({ length: 2 }, registrations), openData()];
    await pause(2000);

    // Registrations wait on a lock of their class, so that some are surely inside a transaction when Postgres goes.
    const lock = postgres(url, { max: 1, onnotice: () => {} });
    await lock.unsafe(`begin; select 1 from class_sessions where id = '${later!.id}' for update`).simple();
    await pause(1000);
    pg("pg_ctl", [...pgOptions(), "-m", "fast", "-w", "restart"]);
    const restarted = Date.now();
    let answeredAfter = Number.POSITIVE_INFINITY;
    while (Date.now() - restarted < 30_000) {
      const response = await fetch(`${base}/classes/${now!.id}/checkin`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      await response?.text();
      if (response?.status === 200) {
        answeredAfter = Date.now() - restarted;
        break;
      }
      await pause(100);
    }
    await pause(3000);
    stop = true;
    await Promise.all(clients);
    await lock.end({ timeout: 0 });

    const statuses = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [String(o.status)]: (acc[String(o.status)] ?? 0) + 1 }), {});
    expect(server!.exitCode, output).toBeNull();
    expect(output).not.toMatch(/サーバーのプロセス \d+ が終了しました/);
    expect(answeredAfter).toBeLessThan(10_000);
    // Nothing but answers: confirmed, registered (a redirect to the receipt), or the 503 page; no 500, no dropped connection.
    expect(
      Object.keys(statuses).filter((s) => !["200", "302", "503"].includes(s)),
      JSON.stringify(statuses),
    ).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length, JSON.stringify(statuses)).toBeGreaterThan(0);
    for (const o of unavailable) {
      expect(o.retryAfter).toBe("5");
      expect(o.body).toContain("ただいまご利用いただけません");
    }

    const check = postgres(url, { max: 1, onnotice: () => {} });
    const marks = (await check`select r.receipt_number from attendance a join registrations r on r.id = a.registration_id where a.session_id = ${now!.id}`).map(
      (r) => r.receipt_number as string,
    );
    const stored = new Set((await check`select receipt_number from registrations where session_id = ${later!.id}`).map((r) => r.receipt_number as string));
    await check.end();
    expect(confirmed.size).toBeGreaterThan(0);
    expect(new Set(marks).size).toBe(marks.length);
    expect([...marks].sort()).toEqual([...confirmed].sort());
    expect([...registered].filter((receipt) => !stored.has(receipt))).toEqual([]);
  }, 120_000);
});
