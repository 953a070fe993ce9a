/**
 * Bulk loading with COPY … FROM STDIN in Postgres' text format, on either backend:
 * - Postgres (postgres-js): one `COPY … FROM STDIN` stream per table, written in ~1 MiB chunks with backpressure;
 * - PGlite: `COPY … FROM '/dev/blob'` per chunk (tests and the smoke run).
 * Values are encoded here (NULL as \N, booleans as t/f, arrays as {…}, JSON as text), with \, tab and newlines escaped.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { splitSocketHost, type Database } from "../db/client";

export type Value = string | number | boolean | null | undefined | Date | readonly string[] | { json: unknown };

const SPECIAL = /[\\\t\n\r]/;
function escapeText(s: string): string {
  return SPECIAL.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

export function encode(v: Value): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return escapeText(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeText(`{${v.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
  return escapeText(JSON.stringify((v as { json: unknown }).json));
}

const CHUNK_BYTES = 1 << 20;

export interface TableWriter {
  readonly table: string;
  rows: number;
  /** Bytes of COPY text sent. */
  bytes: number;
  /** Milliseconds spent waiting for the database to take this table's rows (backpressure and the final commit). */
  waitMs: number;
  /** Appends a row (values in the order of the columns given to `open`). */
  row(values: readonly Value[]): void;
  /** Sends what is buffered once it is large enough; waits while the database is behind. */
  pace(): Promise<void>;
  /** Sends the rest and finishes the COPY. */
  close(): Promise<void>;
}

export interface Loader {
  open(table: string, columns: readonly string[]): Promise<TableWriter>;
  end(): Promise<void>;
}

abstract class BufferedWriter implements TableWriter {
  rows = 0;
  bytes = 0;
  waitMs = 0;
  protected buffer: string[] = [];
  protected size = 0;
  constructor(readonly table: string) {}
  row(values: readonly Value[]) {
    let line = "";
    for (let i = 0; i < values.length; i++) line += (i ? "\t" : "") + encode(values[i] as Value);
    line += "\n";
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
  }
  async pace() {
    if (this.size >= CHUNK_BYTES) await this.timed(() => this.flush());
  }
  protected async timed(run: () => Promise<void>) {
    const started = Date.now();
    await run();
    this.waitMs += Date.now() - started;
  }
  protected take(): string {
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bytes += Buffer.byteLength(chunk);
    this.size = 0;
    return chunk;
  }
  protected abstract flush(): Promise<void>;
  abstract close(): Promise<void>;
}

class PostgresWriter extends BufferedWriter {
  constructor(
    table: string,
    private readonly stream: Writable,
  ) {
    super(table);
  }
  protected async flush() {
    if (!this.size) return;
    if (!this.stream.write(this.take())) await once(this.stream, "drain");
  }
  async close() {
    await this.timed(async () => {
      await this.flush();
      const finished = once(this.stream, "finish");
      this.stream.end();
      await finished;
    });
  }
}

class PgliteWriter extends BufferedWriter {
  constructor(
    table: string,
    private readonly client: PGlite,
    private readonly statement: string,
  ) {
    super(table);
  }
  protected async flush() {
    if (!this.size) return;
    await this.client.query(this.statement, [], { blob: new Blob([this.take()]) });
  }
  async close() {
    await this.timed(() => this.flush());
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A loader for the database: on PGlite its own client (drizzle exposes it as `$client`); on Postgres a pool of its own
 * on `url`, since every table being loaded holds a connection in COPY state until it is closed.
 */
export function loaderFor(database: Database, url?: string): Loader {
  if (database.kind === "pglite") {
    const pg = (database.db as unknown as { $client: PGlite }).$client;
    return {
      async open(table, columns) {
        return new PgliteWriter(table, pg, `copy ${ident(table)} (${columns.map(ident).join(", ")}) from '/dev/blob'`);
      },
      async end() {},
    };
  }
  if (!url) throw new Error("loading into Postgres needs the database URL");
  const { url: tcpOrSocketUrl, socketDir } = splitSocketHost(url);
  const sql = postgres(tcpOrSocketUrl, {
    max: 8,
    onnotice: () => {},
    connection: { application_name: "manabiya-bench-seed" },
    ...(socketDir ? { host: socketDir } : {}),
  });
  return {
    async open(table, columns) {
      const stream = await sql.unsafe(`copy ${ident(table)} (${columns.map(ident).join(", ")}) from stdin`).writable();
      return new PostgresWriter(table, stream);
    },
    end: () => sql.end({ timeout: 5 }),
  };
}
