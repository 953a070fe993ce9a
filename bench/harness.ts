/**
 * Pieces of a load run: the app server as a child process (the production build, as `npm start` runs it), the
 * static ceiling server, RSS sampling from /proc, and one measured autocannon run with exact percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import autocannon, { type Options } from "autocannon";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Output so far (for errors). */
  output(): string;
  stop(): Promise<void>;
}

async function waitForLine(child: ChildProcess, marker: string, timeoutMs: number): Promise<() => string> {
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes(marker)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return () => output;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

/**
 * The server's heap limit in MB, as `npm start` and `npm run serve` set it (package.json: SERVER_HEAP_MB, default 256;
 * bench/RESULTS.md, "Server memory"). The benchmark runs the server with the same flags.
 */
export const DEFAULT_SERVER_HEAP_MB = 256;
/**
 * The young generation's semi-space in MB (V8's default is 16). A page leaves most of its garbage there; twice the
 * room means half the scavenges, for ~35 MB more RSS (bench/RESULTS.md, "Server memory"; decision 016).
 */
export const SERVER_SEMI_SPACE_MB = 32;

export function serverNodeFlags(env: Record<string, string | undefined> = process.env): string[] {
  const mb = env.SERVER_HEAP_MB ? Number(env.SERVER_HEAP_MB) : DEFAULT_SERVER_HEAP_MB;
  if (!Number.isInteger(mb) || mb < 64) throw new Error(`SERVER_HEAP_MB must be a whole number of MB, at least 64: "${env.SERVER_HEAP_MB}"`);
  return [`--max-old-space-size=${mb}`, `--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`];
}

/**
 * Starts the production server (build/server.mjs, the bundled server.ts, with the React Router build (build/server/index.js); `npm run build` first) against `database` (a Postgres URL, or a PGlite
 * directory), NODE_ENV=production, on a free loopback port. `cpuProfileDir` adds --cpu-prof.
 */
export async function startAppServer(
  database: { url: string } | { pgliteDir: string },
  options: { cpuProfileDir?: string; poolMax?: number; processes?: number } = {},
): Promise<ChildServer> {
  if (!existsSync("build/server/index.js") || !existsSync("build/server.mjs"))
    throw new Error("build/server/index.js または build/server.mjs がありません。先に npm run build を実行してください。");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  if ("url" in database) env.DATABASE_URL = database.url;
  else env.PGLITE_DIR = database.pgliteDir;
  if (options.poolMax) env.DATABASE_POOL_MAX = String(options.poolMax);
  if (options.processes) env.WEB_CONCURRENCY = String(options.processes);
  const args = [...serverNodeFlags(), ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : []), "build/server.mjs"];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const output = await waitForLine(child, `http://localhost:${port}`, 120_000);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output, stop: stopper(child) };
}

/** The ceiling: a minimal Node http server (its own process) answering every request with the same bytes. */
export async function startCeilingServer(html: string): Promise<ChildServer> {
  const port = await freePort();
  const script = `
    const http = require("node:http");
    const body = Buffer.from(process.env.BENCH_BODY, "base64");
    http.createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(body);
    }).listen(${port}, "127.0.0.1", () => console.log("ceiling http://localhost:${port}"));`;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, BENCH_BODY: Buffer.from(html).toString("base64") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = await waitForLine(child, `http://localhost:${port}`, 30_000);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output, stop: stopper(child) };
}

/** The process and its descendants (the server's cluster workers), from the children files of its tasks in /proc. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const children = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // gone, or no /proc
    }
  }
  return out;
}

/** Resident set size in MB (VmRSS in /proc/<pid>/status) of a process and its descendants, or null where /proc is unavailable. */
export function rssMb(pid: number): number | null {
  let total: number | null = null;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total = (total ?? 0) + Number(m[1]) / 1024;
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}

/**
 * CPU time (user + system) a process and its descendants have used so far, in ms, from /proc/<pid>/stat; null where
 * unavailable. A descendant that exits during a run takes its time with it (cutime counts only waited-for children).
 */
export function cpuMs(pid: number): number | null {
  let total: number | null = null;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      // utime and stime are fields 14 and 15 of the file (11 and 12 after the command name), in clock ticks of 10 ms.
      total = (total ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}

export interface Measurement {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses outside 2xx (redirects included). */
  non2xx: number;
  /** Responses whose status was not one the scenario expects. */
  unexpected: number;
  statuses: Record<string, number>;
  /** Peak and final RSS of the server process during the run, MB. */
  rssPeakMb: number | null;
  rssEndMb: number | null;
  /** Server CPU time per response (ms): what a request costs, whatever else runs on the machine. */
  cpuMsPerRequest: number | null;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * One autocannon run, bounded by `duration` seconds and `maxRequests`. Latencies are collected per response (all
 * statuses) for exact p50/p95/p99; the server's RSS is sampled every 100 ms.
 */
export async function measure(options: Options & { expectStatus: number[]; serverPid?: number; maxRequests: number }): Promise<Measurement> {
  const { expectStatus, serverPid, maxRequests, ...rest } = options;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let rssPeak: number | null = null;
  const sample = () => {
    if (!serverPid) return;
    const v = rssMb(serverPid);
    if (v !== null) rssPeak = Math.max(rssPeak ?? 0, v);
  };
  sample();
  const cpuBefore = serverPid ? cpuMs(serverPid) : null;
  const sampler = setInterval(sample, 100);
  const started = Date.now();
  const instance = autocannon({ timeout: 10, ...rest, maxOverallRequests: Math.max(maxRequests, rest.connections ?? 10) });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  clearInterval(sampler);
  sample();
  const cpuAfter = serverPid ? cpuMs(serverPid) : null;
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  const unexpected = Object.entries(statuses).reduce((n, [s, c]) => (expectStatus.includes(Number(s)) ? n : n + c), 0);
  return {
    connections: rest.connections ?? 10,
    seconds: round(seconds),
    requests: latencies.length,
    rps: round(latencies.length / Math.max(0.001, result.duration || seconds)),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
    errors: result.errors + result.timeouts,
    non2xx: Object.entries(statuses).reduce((n, [s, c]) => (Number(s) >= 200 && Number(s) < 300 ? n : n + c), 0),
    unexpected,
    statuses,
    rssPeakMb: rssPeak === null ? null : round(rssPeak),
    rssEndMb: serverPid ? (rssMb(serverPid) === null ? null : round(rssMb(serverPid)!)) : null,
    cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && latencies.length ? round((cpuAfter - cpuBefore) / latencies.length) : null,
  };
}
