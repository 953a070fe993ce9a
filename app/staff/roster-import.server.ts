import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, jobRanks, rosterImports, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import {
  decodeRosterFile,
  parseRoster,
  ROSTER_COLUMNS,
  planRosterImport,
  type ExistingStaff,
  type RosterOptions,
  type RosterPlan,
  type RosterProblem,
  type RosterRow,
} from "./roster";
import type { ChangeContext } from "~/kernel/actor";
import { isUuid } from "~/kernel/uuid";
import type { Result } from "~/kernel/result";

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

/** The column headings HR's file must have, for the upload page's help text. */
export const ROSTER_REQUIRED_COLUMNS = Object.values(ROSTER_COLUMNS)
  .filter((c) => c.required)
  .map((c) => c.label);
const CHUNK = 1000;

interface StoredRoster {
  rows: RosterRow[];
  problems: RosterProblem[];
}

async function loadExisting(db: Db, organizationId: string): Promise<(ExistingStaff & { id: string })[]> {
  return db
    .select({
      id: users.id,
      staffNumber: users.staffNumber,
      name: users.name,
      nameKana: users.nameKana,
      email: users.email,
      departmentName: departments.name,
      rankName: jobRanks.name,
      employmentType: users.employmentType,
      active: users.active,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(eq(users.organizationId, organizationId));
}

/**
 * Plans the import against the organization's current data, including emails taken in other organizations. The admin
 * running the import is never deactivated by it (they would lock themselves out mid-way).
 */
async function plan(db: Db, organizationId: string, stored: StoredRoster, options: RosterOptions, actorUserId: string | null): Promise<RosterPlan> {
  const [existing, depts, ranks] = await Promise.all([
    loadExisting(db, organizationId),
    db.select({ name: departments.name }).from(departments).where(eq(departments.organizationId, organizationId)),
    db.select({ name: jobRanks.name }).from(jobRanks).where(eq(jobRanks.organizationId, organizationId)),
  ]);
  const planned = planRosterImport(stored, existing, { departments: depts.map((d) => d.name), ranks: ranks.map((r) => r.name) }, options);
  const actorNumber = actorUserId ? existing.find((e) => e.id === actorUserId)?.staffNumber : undefined;
  const result = actorNumber ? { ...planned, deactivate: planned.deactivate.filter((s) => s.staffNumber !== actorNumber) } : planned;

  // Email addresses are unique across the instance: one used by a person of another organization blocks the row.
  const emails = [...result.add, ...result.update.map((u) => u.row)].map((r) => r.email).filter((e): e is string => !!e);
  const taken = new Set<string>();
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows = await db
      .select({ email: users.email })
      .from(users)
      .where(and(inArray(users.email, emails.slice(i, i + CHUNK)), ne(users.organizationId, organizationId)));
    for (const r of rows) if (r.email) taken.add(r.email);
  }
  if (taken.size === 0) return result;
  const blocked = (row: RosterRow) => !!row.email && taken.has(row.email);
  const extra = [...result.add, ...result.update.map((u) => u.row)]
    .filter(blocked)
    .map((row) => ({ line: row.line, staffNumber: row.staffNumber, message: `メールアドレス「${row.email}」は、ほかの自治体の職員が使っています。` }));
  return {
    ...result,
    add: result.add.filter((r) => !blocked(r)),
    update: result.update.filter((u) => !blocked(u.row)),
    invalid: [...result.invalid, ...extra].sort((a, b) => a.line - b.line),
  };
}

/** Decodes and parses an uploaded file and stores it for confirmation. Nothing about staff is written. */
export async function createRosterPreview(
  db: Db,
  ctx: ChangeContext,
  input: { fileName: string; bytes: Uint8Array; options: RosterOptions },
): Promise<{ id: string; plan: RosterPlan; encoding: string }> {
  const { text, encoding } = decodeRosterFile(input.bytes);
  const stored: StoredRoster = parseRoster(text);
  const result = await plan(db, ctx.organizationId, stored, input.options, ctx.actorUserId);
  const [row] = await db
    .insert(rosterImports)
    .values({
      organizationId: ctx.organizationId,
      createdBy: ctx.actorUserId,
      fileName: input.fileName.slice(0, 200),
      encoding,
      rows: stored,
      options: input.options,
    })
    .returning({ id: rosterImports.id });
  return { id: row!.id, plan: result, encoding };
}

export async function getRosterImport(db: Db, organizationId: string, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(rosterImports)
    .where(and(eq(rosterImports.id, id), eq(rosterImports.organizationId, organizationId)));
  if (!row) return null;
  const options = row.options as RosterOptions;
  const currentPlan = row.status === "previewed" ? await plan(db, organizationId, row.rows as StoredRoster, options, row.createdBy) : null;
  return { ...row, options, plan: currentPlan, summary: row.summary as ImportSummary | null };
}

export interface ImportSummary {
  added: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  invalid: number;
  departmentsCreated: string[];
}

/** Creates the 課 the file names that do not exist yet (when the import asked for it); returns their names. */
async function createImportedDepartments(tx: Db, ctx: ChangeContext, p: RosterPlan, options: RosterOptions): Promise<string[]> {
  const created: string[] = [];
  if (options.createDepartments && p.newDepartments.length) {
    const existingDepts = await tx
      .select({ code: departments.code, position: departments.position })
      .from(departments)
      .where(eq(departments.organizationId, ctx.organizationId));
    const codes = new Set(existingDepts.map((d) => d.code));
    let position = Math.max(-1, ...existingDepts.map((d) => d.position)) + 1;
    let n = 1;
    for (const name of p.newDepartments) {
      while (codes.has(`imported-${n}`)) n++;
      const code = `imported-${n}`;
      codes.add(code);
      const [row] = await tx.insert(departments).values({ organizationId: ctx.organizationId, code, name, position }).returning({ id: departments.id });
      await writeAudit(tx, { ...ctx, action: "department.create", targetType: "department", targetId: row!.id, after: { name, source: "roster_import" } });
      created.push(name);
      position++;
    }
  }
  return created;
}

/** The users columns of a row, with the 課 and 職位 names resolved to ids as they are inside the transaction. */
async function rowValuesResolver(tx: Db, ctx: ChangeContext) {
  const deptIds = new Map(
    (await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.organizationId, ctx.organizationId))).map((d) => [
      d.name,
      d.id,
    ]),
  );
  const rankIds = new Map(
    (await tx.select({ id: jobRanks.id, name: jobRanks.name }).from(jobRanks).where(eq(jobRanks.organizationId, ctx.organizationId))).map((r) => [
      r.name,
      r.id,
    ]),
  );
  const values = (row: RosterRow) => ({
    name: row.name,
    nameKana: row.nameKana,
    email: row.email,
    departmentId: deptIds.get(row.departmentName) ?? null,
    jobRankId: rankIds.get(row.rankName) ?? null,
    employmentType: row.employmentType,
  });
  return values;
}
type RowValues = Awaited<ReturnType<typeof rowValuesResolver>>;

/** Writes the updates and the new staff. */
async function writeUpdatesAndAdds(tx: Db, ctx: ChangeContext, p: RosterPlan, values: RowValues) {
  // Emails are unique and may move between people in one file (a swap, or an address handed to a newcomer): free
  // every address that changes first, then write updates, then inserts.
  const emailMovers = p.update.filter((u) => u.changes.some((c) => c.field === "email")).map((u) => u.row.staffNumber);
  for (let i = 0; i < emailMovers.length; i += CHUNK) {
    await tx
      .update(users)
      .set({ email: null })
      .where(and(eq(users.organizationId, ctx.organizationId), inArray(users.staffNumber, emailMovers.slice(i, i + CHUNK))));
  }
  for (let i = 0; i < p.update.length; i += CHUNK) {
    const chunk = p.update.slice(i, i + CHUNK);
    const tuples = chunk.map(({ row }) => {
      const v = values(row);
      return sql`(${row.staffNumber}, ${v.name}, ${v.nameKana}, ${v.email}, ${v.departmentId}::uuid, ${v.jobRankId}::uuid, ${v.employmentType})`;
    });
    await tx.execute(sql`
      update users as u set
        name = v.name, name_kana = v.name_kana, email = v.email, department_id = v.department_id,
        job_rank_id = v.job_rank_id, employment_type = v.employment_type, active = true, updated_at = now()
      from (values ${sql.join(tuples, sql`, `)}) as v(staff_number, name, name_kana, email, department_id, job_rank_id, employment_type)
      where u.organization_id = ${ctx.organizationId} and u.staff_number = v.staff_number`);
  }
  for (let i = 0; i < p.add.length; i += CHUNK) {
    const chunk = p.add.slice(i, i + CHUNK);
    await tx
      .insert(users)
      .values(
        chunk.map((row) => ({ organizationId: ctx.organizationId, staffNumber: row.staffNumber, active: true, roles: ["learner" as const], ...values(row) })),
      );
  }
}

/** Deactivates the staff missing from the file and ends their sessions. */
async function deactivateMissing(tx: Db, ctx: ChangeContext, p: RosterPlan) {
  const deactivateNumbers = p.deactivate.map((s) => s.staffNumber);
  for (let i = 0; i < deactivateNumbers.length; i += CHUNK) {
    const chunk = deactivateNumbers.slice(i, i + CHUNK);
    await tx
      .update(users)
      .set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(users.organizationId, ctx.organizationId), inArray(users.staffNumber, chunk)));
    // Deactivated staff are signed out everywhere.
    await tx.execute(sql`update sessions set revoked_at = now() where revoked_at is null and user_id in (
      select id from users where organization_id = ${ctx.organizationId} and staff_number in (${sql.join(
        chunk.map((n) => sql`${n}`),
        sql`, `,
      )}))`);
  }
}

/** One audit row per staff change, written in chunks. */
async function auditStaffChanges(tx: Db, ctx: ChangeContext, p: RosterPlan, values: RowValues) {
  const audits = [
    ...p.add.map((row) => ({ action: "staff.create", targetId: row.staffNumber, before: null, after: { ...values(row), staffNumber: row.staffNumber } })),
    ...p.update.map(({ row, changes }) => ({
      action: "staff.update",
      targetId: row.staffNumber,
      before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
      after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    })),
    ...p.deactivate.map((s) => ({ action: "staff.deactivate", targetId: s.staffNumber, before: { active: true }, after: { active: false } })),
  ];
  for (let i = 0; i < audits.length; i += CHUNK) {
    await tx.execute(
      sql`insert into audit_log (organization_id, actor_user_id, action, target_type, target_id, before, after, ip) values ${sql.join(
        audits
          .slice(i, i + CHUNK)
          .map(
            (a) =>
              sql`(${ctx.organizationId}, ${ctx.actorUserId}, ${a.action}, 'staff_number', ${a.targetId}, ${a.before ? JSON.stringify(a.before) : null}::jsonb, ${JSON.stringify(a.after)}::jsonb, ${ctx.ip})`,
          ),
        sql`, `,
      )}`,
    );
  }
}

/**
 * Applies a previewed import in one transaction. The plan is computed again inside the transaction from the stored
 * rows, so what is written matches the data as it is now; invalid rows are skipped, as the preview said. Every change
 * is written to the audit log with its before and after.
 */
export async function commitRosterImport(db: Db, ctx: ChangeContext, id: string): Promise<Result<{ summary: ImportSummary }>> {
  return db.transaction(async (tx) => {
    const [imp] = await tx
      .select()
      .from(rosterImports)
      .where(and(eq(rosterImports.id, id), eq(rosterImports.organizationId, ctx.organizationId)))
      .for("update");
    if (!imp) return { ok: false as const, error: "取り込みが見つかりません。" };
    if (imp.status !== "previewed") return { ok: false as const, error: "この取り込みは、すでに反映済みか取り消し済みです。" };
    const options = imp.options as RosterOptions;
    const p = await plan(tx, ctx.organizationId, imp.rows as StoredRoster, options, ctx.actorUserId);

    const created = await createImportedDepartments(tx, ctx, p, options);
    const values = await rowValuesResolver(tx, ctx);
    await writeUpdatesAndAdds(tx, ctx, p, values);
    await deactivateMissing(tx, ctx, p);
    await auditStaffChanges(tx, ctx, p, values);

    const summary: ImportSummary = {
      added: p.add.length,
      updated: p.update.length,
      deactivated: p.deactivate.length,
      unchanged: p.unchanged,
      invalid: p.invalid.length,
      departmentsCreated: created,
    };
    await tx
      .update(rosterImports)
      .set({ status: "committed", summary, committedAt: sql`now()` })
      .where(eq(rosterImports.id, id));
    await writeAudit(tx, { ...ctx, action: "staff.import", targetType: "roster_import", targetId: id, after: { fileName: imp.fileName, ...summary } });
    return { ok: true as const, summary };
  });
}

export async function discardRosterImport(db: Db, ctx: ChangeContext, id: string): Promise<boolean> {
  const rows = await db
    .update(rosterImports)
    .set({ status: "discarded" })
    .where(and(eq(rosterImports.id, id), eq(rosterImports.organizationId, ctx.organizationId), eq(rosterImports.status, "previewed")))
    .returning({ id: rosterImports.id });
  return rows.length > 0;
}

export async function listRecentImports(db: Db, organizationId: string) {
  return db
    .select({
      id: rosterImports.id,
      fileName: rosterImports.fileName,
      status: rosterImports.status,
      createdAt: rosterImports.createdAt,
      summary: rosterImports.summary,
    })
    .from(rosterImports)
    .where(eq(rosterImports.organizationId, organizationId))
    .orderBy(sql`${rosterImports.createdAt} desc`)
    .limit(10);
}
