/**
 * Loading is faster without secondary indexes and foreign keys: they are dropped before the bulk load and recreated
 * (and thereby validated) afterwards from their own definitions in pg_catalog. Primary keys stay. The schema after
 * loading is compared with the migrated schema before it, so the end state is exactly what the migrations made.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";

export interface SchemaObject {
  table: string;
  name: string;
  /** "index" (not backing a constraint), or the constraint type: p (primary), u (unique), f (foreign), c (check). */
  kind: string;
  definition: string;
}

/** Every index and constraint of the public schema, sorted. */
export async function schemaSnapshot(db: Db): Promise<SchemaObject[]> {
  const rows = await queryRows<SchemaObject>(
    db,
    sql`select c.relname as "table", i.relname as name, 'index' as kind, pg_get_indexdef(i.oid) as definition
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and not exists (select 1 from pg_constraint k where k.conindid = i.oid and k.contype in ('p', 'u', 'x'))
      union all
      select c.relname, k.conname, k.contype::text, pg_get_constraintdef(k.oid)
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public'`,
  );
  return rows.map((r) => ({ ...r })).sort((a, b) => `${a.table}.${a.name}.${a.kind}`.localeCompare(`${b.table}.${b.name}.${b.kind}`));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Secondary indexes, unique constraints and foreign keys of `tables` (everything but primary keys and checks). */
export function secondaryObjects(snapshot: SchemaObject[], tables: readonly string[]): SchemaObject[] {
  return snapshot.filter((o) => tables.includes(o.table) && (o.kind === "index" || o.kind === "u" || o.kind === "f"));
}

export async function dropSecondary(db: Db, objects: SchemaObject[]): Promise<void> {
  for (const o of objects.filter((x) => x.kind === "f")) await db.execute(sql.raw(`alter table ${ident(o.table)} drop constraint ${ident(o.name)}`));
  for (const o of objects.filter((x) => x.kind === "u")) await db.execute(sql.raw(`alter table ${ident(o.table)} drop constraint ${ident(o.name)}`));
  for (const o of objects.filter((x) => x.kind === "index")) await db.execute(sql.raw(`drop index ${ident(o.name)}`));
}

/**
 * Recreates what `dropSecondary` dropped: indexes and unique constraints first (`parallel` at a time), then foreign
 * keys, which Postgres validates against the loaded rows. Reports each statement's time.
 */
export async function recreateSecondary(db: Db, objects: SchemaObject[], options: { parallel?: number; log?: (line: string) => void } = {}): Promise<void> {
  const log = options.log ?? (() => {});
  const statement = (o: SchemaObject) => (o.kind === "index" ? o.definition : `alter table ${ident(o.table)} add constraint ${ident(o.name)} ${o.definition}`);
  const runAll = async (list: SchemaObject[], parallel: number) => {
    const queue = [...list];
    await Promise.all(
      Array.from({ length: Math.max(1, parallel) }, async () => {
        for (let o = queue.shift(); o; o = queue.shift()) {
          const started = Date.now();
          await db.execute(sql.raw(statement(o)));
          const seconds = (Date.now() - started) / 1000;
          if (seconds >= 1) log(`  ${o.kind === "f" ? "foreign key" : o.kind === "u" ? "unique" : "index"} ${o.name} (${o.table}) ${seconds.toFixed(1)} s`);
        }
      }),
    );
  };
  await runAll(
    objects.filter((o) => o.kind !== "f"),
    options.parallel ?? 2,
  );
  await runAll(
    objects.filter((o) => o.kind === "f"),
    options.parallel ?? 2,
  );
}

/** Throws unless the two snapshots list the same indexes and constraints with the same definitions. */
export function assertSameSchema(before: SchemaObject[], after: SchemaObject[]): void {
  const key = (o: SchemaObject) => `${o.table} ${o.kind} ${o.name}: ${o.definition}`;
  const a = new Set(before.map(key));
  const b = new Set(after.map(key));
  const missing = [...a].filter((k) => !b.has(k));
  const extra = [...b].filter((k) => !a.has(k));
  if (missing.length || extra.length) {
    throw new Error(
      `schema differs from the migrated one:\n${missing.map((m) => `  missing ${m}`).join("\n")}\n${extra.map((m) => `  extra ${m}`).join("\n")}`,
    );
  }
}
