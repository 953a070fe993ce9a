import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "~/bootstrap.server";
import type { EmploymentType } from "~/staff/constants";
import type { RosterOptions } from "~/staff/roster";
import { commitRosterImport, createRosterPreview, discardRosterImport, getRosterImport } from "~/staff/roster-import.server";
import { createDepartment } from "~/staff/staff.server";
import type { ChangeContext } from "~/kernel/actor";
import { auditLog, departments, jobRanks, organizations, rosterImports, sessions, users } from "../../db/schema";
import { demoPasswordHash } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/database";

// One database for the whole file: bootstrap seeds 阿見町 (ami) and 小美玉市 (omitama) with ~30 demo staff each, and
// the tests below run in order against it, each one computing what it expects from the data as it finds it.

let database: TestDatabase;
let amiId: string;
let omitamaId: string;
let ctx: ChangeContext; // 阿見町's 人事担当 (staff number 1001)
let omitamaUsersAtStart: UserSnapshot[];
let omitamaDepartmentsAtStart: { id: string; code: string; name: string; position: number; updatedAt: string }[];

const HEADER = "職員番号,氏名,ふりがな,所属,職位,雇用形態,メール";
const NO_OPTIONS: RosterOptions = { deactivateMissing: false, createDepartments: false };
const FIXTURE = path.resolve("tests/fixtures/roster-sample-sjis.csv");

const csv = (...lines: string[]) => lines.join("\r\n") + "\r\n";
const utf8 = (text: string) => new TextEncoder().encode(text);
const utf8Bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
/** Shift_JIS (CP932) bytes; fails loudly if a character cannot be encoded (iconv-lite would write "?"). */
function sjis(text: string): Uint8Array {
  const bytes = new Uint8Array(iconv.encode(text, "cp932"));
  if (iconv.decode(Buffer.from(bytes), "cp932") !== text || new TextDecoder("shift_jis").decode(bytes) !== text) {
    throw new Error("text is not representable in Shift_JIS (CP932)");
  }
  return bytes;
}

const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
  await bootstrap(database, { contentDir: path.resolve("content"), seed: "if-empty", seedOptions: { sharedPasswordHash: await demoPasswordHash() } });
  const orgs = await db().select({ id: organizations.id, slug: organizations.slug }).from(organizations);
  amiId = orgs.find((o) => o.slug === "ami")!.id;
  omitamaId = orgs.find((o) => o.slug === "omitama")!.id;
  const [hr] = await db()
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(eq(users.organizationId, amiId), eq(users.staffNumber, "1001")));
  expect(hr?.roles).toContain("hr_admin");
  ctx = { organizationId: amiId, actorUserId: hr!.id, ip: "192.0.2.10" };
  omitamaUsersAtStart = await snapshotUsers(omitamaId);
  omitamaDepartmentsAtStart = await snapshotDepartments(omitamaId);
}, 180_000);

afterAll(async () => {
  await database?.dispose();
});

// --------------------------------------------------------------------------------------------------------- helpers

interface UserSnapshot {
  id: string;
  staffNumber: string;
  name: string;
  nameKana: string;
  email: string | null;
  departmentName: string | null;
  rankName: string | null;
  employmentType: EmploymentType;
  roles: string[];
  active: boolean;
  updatedAt: string; // timestamptz as text: full microsecond precision
}

async function snapshotUsers(organizationId: string, staffNumbers?: string[]): Promise<UserSnapshot[]> {
  return db()
    .select({
      id: users.id,
      staffNumber: users.staffNumber,
      name: users.name,
      nameKana: users.nameKana,
      email: users.email,
      departmentName: departments.name,
      rankName: jobRanks.name,
      employmentType: users.employmentType,
      roles: users.roles,
      active: users.active,
      updatedAt: sql<string>`${users.updatedAt}::text`,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(and(eq(users.organizationId, organizationId), staffNumbers ? inArray(users.staffNumber, staffNumbers) : undefined))
    .orderBy(asc(users.staffNumber));
}

async function snapshotDepartments(organizationId: string) {
  return db()
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      position: departments.position,
      updatedAt: sql<string>`${departments.updatedAt}::text`,
    })
    .from(departments)
    .where(eq(departments.organizationId, organizationId))
    .orderBy(asc(departments.position), asc(departments.name));
}

async function userOf(organizationId: string, staffNumber: string): Promise<UserSnapshot | undefined> {
  return (await snapshotUsers(organizationId, [staffNumber]))[0];
}

async function countUsers(organizationId: string, where?: ReturnType<typeof eq>) {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), where));
  return row!.n;
}

async function activeStaffNumbers(organizationId: string): Promise<string[]> {
  const rows = await db()
    .select({ staffNumber: users.staffNumber })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true)));
  return rows.map((r) => r.staffNumber).sort();
}

async function departmentId(organizationId: string, name: string) {
  const [row] = await db()
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.organizationId, organizationId), eq(departments.name, name)));
  return row?.id;
}

async function rankId(organizationId: string, name: string) {
  const [row] = await db()
    .select({ id: jobRanks.id })
    .from(jobRanks)
    .where(and(eq(jobRanks.organizationId, organizationId), eq(jobRanks.name, name)));
  return row?.id;
}

async function importRow(id: string) {
  const [row] = await db().select().from(rosterImports).where(eq(rosterImports.id, id));
  return row!;
}

/** Every audit entry written by the transaction that committed this import (same transaction ⇒ same now()). */
async function auditOfCommit(importId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.organizationId, amiId),
        sql`${auditLog.createdAt} = (select created_at from audit_log where action = 'staff.import' and target_id = ${importId})`,
      ),
    )
    .orderBy(asc(auditLog.action), asc(auditLog.targetId));
}

async function auditCount() {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog);
  return row!.n;
}

async function preview(fileName: string, bytes: Uint8Array, options: Partial<RosterOptions> = {}) {
  return createRosterPreview(db(), ctx, { fileName, bytes, options: { ...NO_OPTIONS, ...options } });
}

async function commitOk(id: string) {
  const result = await commitRosterImport(db(), ctx, id);
  if (!result.ok) throw new Error(`commit failed: ${result.error}`);
  return result.summary;
}

// --------------------------------------------------------------------------------------------------------- 1

describe("the Shift_JIS sample roster (tests/fixtures/roster-sample-sjis.csv)", () => {
  let id: string;

  it("previews 20 additions, detects Shift_JIS and writes nothing about staff", async () => {
    const usersBefore = await snapshotUsers(amiId);
    const auditBefore = await auditCount();
    const result = await preview("職員名簿.csv", new Uint8Array(readFileSync(FIXTURE)));
    id = result.id;

    expect(result.encoding).toBe("shift_jis");
    expect(result.plan.add).toHaveLength(20);
    expect(result.plan.update).toEqual([]);
    expect(result.plan.deactivate).toEqual([]);
    expect(result.plan.invalid).toEqual([]);
    expect(result.plan.unchanged).toBe(0);
    expect(result.plan.newDepartments).toEqual([]);
    expect(result.plan.add.find((r) => r.staffNumber === "10002")).toEqual({
      line: 3,
      staffNumber: "10002",
      name: "髙野　恵美",
      nameKana: "たかの　えみ",
      departmentName: "人事課",
      rankName: "課長",
      employmentType: "regular",
      email: "e.takano@town.ami.example.jp",
    });

    // Only the roster_imports row exists: users and audit_log are exactly as before.
    expect(await snapshotUsers(amiId)).toEqual(usersBefore);
    expect(await auditCount()).toBe(auditBefore);
    const stored = await importRow(id);
    expect(stored).toMatchObject({
      organizationId: amiId,
      createdBy: ctx.actorUserId,
      fileName: "職員名簿.csv",
      encoding: "shift_jis",
      status: "previewed",
      summary: null,
      committedAt: null,
    });

    // The stored preview is readable again by its organization, with the same plan.
    const again = await getRosterImport(db(), amiId, id);
    expect(again?.plan).toEqual(result.plan);
  });

  it("commit adds them with 所属, 職位, 雇用形態 and ふりがな as in the file, and audits every addition", async () => {
    const before = await countUsers(amiId);
    const summary = await commitOk(id);
    expect(summary).toEqual({ added: 20, updated: 0, deactivated: 0, unchanged: 0, invalid: 0, departmentsCreated: [] });
    expect(await countUsers(amiId)).toBe(before + 20);

    const numbers = [
      "10001",
      "10002",
      "10003",
      "10004",
      "10005",
      "10006",
      "10007",
      "10008",
      "10009",
      "10010",
      "10011",
      "10012",
      "20001",
      "20002",
      "30001",
      "30002",
      "30003",
      "40001",
      "50001",
      "50002",
    ];
    const added = await snapshotUsers(amiId, numbers);
    expect(added.map((u) => u.staffNumber)).toEqual(numbers);
    expect(added.every((u) => u.active && u.roles.join() === "learner")).toBe(true);

    const pick = (n: string) => {
      const { id: _id, updatedAt: _u, ...rest } = added.find((u) => u.staffNumber === n)!;
      return rest;
    };
    expect(pick("10002")).toEqual({
      staffNumber: "10002",
      name: "髙野　恵美",
      nameKana: "たかの　えみ",
      email: "e.takano@town.ami.example.jp",
      departmentName: "人事課",
      rankName: "課長",
      employmentType: "regular",
      roles: ["learner"],
      active: true,
    });
    expect([...pick("10002").name].map((c) => c.codePointAt(0)!.toString(16))).toEqual(["9ad9", "91ce", "3000", "6075", "7f8e"]); // 髙 U+9AD9, not 高
    expect(pick("20001")).toMatchObject({ name: "染谷　誠", departmentName: "総務課", rankName: "主任", employmentType: "reappointed" });
    expect(pick("30002")).toMatchObject({
      name: "吉原　彩花",
      nameKana: "よしはら　あやか",
      departmentName: "子ども家庭課",
      rankName: "会計年度任用職員",
      employmentType: "fiscal_year",
      email: "a.yoshihara@town.ami.example.jp",
    });
    expect(pick("40001")).toMatchObject({ departmentName: "高齢福祉課", rankName: "主事", employmentType: "temporary", email: null });
    expect(pick("50001")).toMatchObject({
      name: "倉持　勝",
      nameKana: "くらもち　まさる",
      departmentName: "中央公民館",
      employmentType: "commissioned",
      email: null,
    });

    const stored = await importRow(id);
    expect(stored.status).toBe("committed");
    expect(stored.summary).toEqual(summary);
    expect(stored.committedAt).toBeInstanceOf(Date);

    const audit = await auditOfCommit(id);
    const importEntry = audit.filter((a) => a.action === "staff.import");
    expect(importEntry).toHaveLength(1);
    expect(importEntry[0]).toMatchObject({
      organizationId: amiId,
      actorUserId: ctx.actorUserId,
      targetType: "roster_import",
      targetId: id,
      ip: "192.0.2.10",
      before: null,
      after: { fileName: "職員名簿.csv", added: 20, updated: 0, deactivated: 0, unchanged: 0, invalid: 0, departmentsCreated: [] },
    });
    const creates = audit.filter((a) => a.action === "staff.create");
    expect(creates.map((a) => a.targetId).sort()).toEqual(numbers);
    expect(audit).toHaveLength(21); // nothing else
    const takano = creates.find((a) => a.targetId === "10002")!;
    expect(takano).toMatchObject({ targetType: "staff_number", actorUserId: ctx.actorUserId, ip: "192.0.2.10", before: null });
    expect(takano.after).toEqual({
      staffNumber: "10002",
      name: "髙野　恵美",
      nameKana: "たかの　えみ",
      email: "e.takano@town.ami.example.jp",
      departmentId: await departmentId(amiId, "人事課"),
      jobRankId: await rankId(amiId, "課長"),
      employmentType: "regular",
    });
  });
});

// --------------------------------------------------------------------------------------------------------- 2

/** Full-width katakana → half-width (ｶﾞ etc. as two characters), built from NFKC so no table is typed by hand. */
const HALFWIDTH = new Map<string, string>();
for (let c = 0xff66; c <= 0xff9d; c++) {
  const half = String.fromCharCode(c);
  HALFWIDTH.set(half.normalize("NFKC"), half);
  for (const mark of ["ﾞ", "ﾟ"]) {
    const composed = (half + mark).normalize("NFKC");
    if (composed.length === 1) HALFWIDTH.set(composed, half + mark);
  }
}
const toKatakana = (hiragana: string) => hiragana.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
const toHalfwidth = (katakana: string) => [...katakana].map((ch) => HALFWIDTH.get(ch) ?? ch).join("");
const toFullwidthDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const AMI_DEPARTMENTS = [
  "総務課",
  "人事課",
  "秘書広聴課",
  "町民課",
  "税務課",
  "収納課",
  "会計課",
  "子ども家庭課",
  "高齢福祉課",
  "健康づくり課",
  "学校教育課",
  "中央公民館",
];
// 髙 and 﨑 (U+FA11) are CP932 extensions; 﨑 is a CJK compatibility ideograph the importer must keep as written.
const BULK_FAMILY: [string, string][] = [
  ["髙橋", "たかはし"],
  ["山﨑", "やまさき"],
  ["渡邊", "わたなべ"],
  ["齋藤", "さいとう"],
  ["佐々木", "ささき"],
  ["小松崎", "こまつざき"],
  ["飯塚", "いいづか"],
  ["根本", "ねもと"],
  ["倉持", "くらもち"],
  ["椎名", "しいな"],
  ["羽成", "はなり"],
];
const BULK_GIVEN: [string, string][] = [
  ["一郎", "いちろう"],
  ["花子", "はなこ"],
  ["翔", "しょう"],
  ["恵美", "えみ"],
  ["健太", "けんた"],
  ["千尋", "ちひろ"],
  ["誠", "まこと"],
];
const NAME_SEPARATORS = [" ", "　", "  ", "　 "];
const TYPE_CELLS: [string, EmploymentType][] = [
  ["正規", "regular"],
  ["正職員", "regular"],
  ["再任用", "reappointed"],
  ["会計年度任用", "fiscal_year"],
  ["臨時", "temporary"],
  ["嘱託", "commissioned"],
  ["会計年度任用職員", "fiscal_year"],
  ["Regular", "regular"],
];
const RANK_CYCLE = ["主事", "主任", "係長", "技師", "課長補佐", "課長"];

interface BulkExpected {
  staffNumber: string;
  name: string;
  nameKana: string;
  email: string | null;
  departmentName: string;
  rankName: string;
  employmentType: EmploymentType;
}

/** 1,000 staff as HR's Excel would export them, with the variations the importer must normalise. */
function bulkRoster(count: number): { text: string; expected: BulkExpected[] } {
  const lines = [HEADER];
  const expected: BulkExpected[] = [];
  for (let i = 0; i < count; i++) {
    const number = String(700001 + i);
    const [family, familyKana] = BULK_FAMILY[i % BULK_FAMILY.length]!;
    const [given, givenKana] = BULK_GIVEN[(i * 3) % BULK_GIVEN.length]!;
    const kanaCell =
      i % 3 === 0
        ? `${familyKana}　${givenKana}`
        : i % 3 === 1
          ? toKatakana(`${familyKana} ${givenKana}`)
          : toHalfwidth(toKatakana(`${familyKana} ${givenKana}`));
    const [typeCell, employmentType] = TYPE_CELLS[i % TYPE_CELLS.length]!;
    const rankName = employmentType === "fiscal_year" ? "会計年度任用職員" : RANK_CYCLE[i % RANK_CYCLE.length]!;
    const departmentName = AMI_DEPARTMENTS[i % AMI_DEPARTMENTS.length]!;
    const email = i % 3 === 2 ? null : `bulk.${number}@town.ami.example.jp`;
    const emailCell = email === null ? "" : i % 2 === 0 ? email : email.replace("bulk", "Bulk").replace("town", "TOWN");
    lines.push(
      [
        i % 10 === 0 ? toFullwidthDigits(number) : number,
        `${family}${NAME_SEPARATORS[i % 4]}${given}`,
        kanaCell,
        departmentName,
        rankName,
        typeCell,
        emailCell,
      ].join(","),
    );
    expected.push({
      staffNumber: number,
      name: `${family}　${given}`,
      nameKana: `${familyKana}　${givenKana}`,
      email,
      departmentName,
      rankName,
      employmentType,
    });
  }
  return { text: csv(...lines), expected };
}

describe("a generated Shift_JIS roster of 1,000 staff", () => {
  const { text, expected } = bulkRoster(1000);
  const bytes = sjis(text);
  const numbers = expected.map((e) => e.staffNumber);
  let afterFirstCommit: UserSnapshot[];

  it("imports all 1,000 as active staff with normalised values", { timeout: 120_000 }, async () => {
    expect(toHalfwidth("サイトウ")).toBe("ｻｲﾄｳ"); // the generator really produces 半角カナ
    const before = await countUsers(amiId);
    const result = await preview("全職員.csv", bytes);
    expect(result.encoding).toBe("shift_jis");
    expect(result.plan.invalid).toEqual([]);
    expect(result.plan.add).toHaveLength(1000);
    expect(result.plan.update).toEqual([]);
    expect(await countUsers(amiId)).toBe(before);

    const summary = await commitOk(result.id);
    expect(summary).toEqual({ added: 1000, updated: 0, deactivated: 0, unchanged: 0, invalid: 0, departmentsCreated: [] });
    expect(await countUsers(amiId)).toBe(before + 1000);

    afterFirstCommit = await snapshotUsers(amiId, numbers);
    expect(afterFirstCommit.map(({ id: _i, updatedAt: _u, roles: _r, active: _a, ...rest }) => rest)).toEqual(expected);
    expect(afterFirstCommit.every((u) => u.active && u.roles.join() === "learner")).toBe(true);
    expect(afterFirstCommit.filter((u) => u.email === null)).toHaveLength(333);
    expect(new Set(afterFirstCommit.map((u) => u.employmentType))).toEqual(new Set(["regular", "reappointed", "fiscal_year", "temporary", "commissioned"]));
    const yamasaki = afterFirstCommit.find((u) => u.staffNumber === "700002")!;
    expect(yamasaki.name).toBe("山\uFA11　恵美"); // 﨑 kept as U+FA11, not folded to 崎
    expect(afterFirstCommit.find((u) => u.staffNumber === "700003")).toMatchObject({ name: "渡邊　誠", nameKana: "わたなべ　まこと" }); // from ﾜﾀﾅﾍﾞ ﾏｺﾄ
    expect(afterFirstCommit.find((u) => u.staffNumber === "700011")).toMatchObject({ email: "bulk.700011@town.ami.example.jp" }); // written ７０００１１

    const audit = await auditOfCommit(result.id);
    expect(audit.filter((a) => a.action === "staff.create")).toHaveLength(1000);
    expect(audit).toHaveLength(1001);
  });

  it("re-importing the same file plans nothing and changes nothing", { timeout: 120_000 }, async () => {
    const allBefore = await snapshotUsers(amiId);
    const result = await preview("全職員.csv", bytes);
    expect(result.plan.add).toEqual([]);
    expect(result.plan.update).toEqual([]);
    expect(result.plan.invalid).toEqual([]);
    expect(result.plan.unchanged).toBe(1000);

    const summary = await commitOk(result.id);
    expect(summary).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: 1000, invalid: 0, departmentsCreated: [] });
    expect(await snapshotUsers(amiId)).toEqual(allBefore); // same rows, same updated_at to the microsecond
    expect(await snapshotUsers(amiId, numbers)).toEqual(afterFirstCommit);
    // Only the import itself is audited.
    expect((await auditOfCommit(result.id)).map((a) => a.action)).toEqual(["staff.import"]);
  });
});

// --------------------------------------------------------------------------------------------------------- 3

describe("a UTF-8 file with BOM that moves a demo staff member", () => {
  // KNOWN BUG (reported, not fixed here): demo staff (and staff saved through the admin form) are stored with an ASCII
  // space in 氏名/ふりがな ("渡辺 さくら"), but the importer normalises the file's names to a 全角 space and compares
  // them with the stored value as is, so an unchanged row is reported as a name change. Remove `.fails` once fixed.
  it("an unchanged demo staff row is reported as unchanged", async () => {
    const result = await preview(
      "unchanged.csv",
      utf8Bom(csv(HEADER, "1006,渡辺 さくら,わたなべ さくら,町民課,会計年度任用職員,会計年度任用,staff1006@ami.example.lg.jp")),
    );
    expect(await discardRosterImport(db(), ctx, result.id)).toBe(true);
    expect(result.plan.update).toEqual([]);
    expect(result.plan.unchanged).toBe(1);
  });

  it("shows 所属 and 職位 as field-level changes and applies them with their before/after in the audit log", async () => {
    const before = (await userOf(amiId, "1005"))!;
    expect(before).toMatchObject({ departmentName: "町民課", rankName: "主事", employmentType: "regular", active: true });
    const text = csv(HEADER, "１００５,伊藤　翔太,いとう　しょうた,税務課,主任,正規,STAFF1005@ami.example.lg.jp");
    const result = await preview("異動.csv", utf8Bom(text));
    expect(result.encoding).toBe("utf-8-bom");
    expect(result.plan.add).toEqual([]);
    expect(result.plan.invalid).toEqual([]);
    expect(result.plan.update).toHaveLength(1);
    const [update] = result.plan.update;
    expect(update!.row).toMatchObject({ line: 2, staffNumber: "1005", departmentName: "税務課", rankName: "主任", email: "staff1005@ami.example.lg.jp" });
    expect(update!.changes).toEqual(
      expect.arrayContaining([
        { field: "departmentName", before: "町民課", after: "税務課" },
        { field: "rankName", before: "主事", after: "主任" },
      ]),
    );
    // Nothing else about this person changes (apart from the name spacing of the known bug above).
    expect(
      update!.changes
        .map((c) => c.field)
        .filter((f) => f !== "name" && f !== "nameKana")
        .sort(),
    ).toEqual(["departmentName", "rankName"]);
    expect(await userOf(amiId, "1005")).toEqual(before);

    const summary = await commitOk(result.id);
    expect(summary).toMatchObject({ added: 0, updated: 1, deactivated: 0, invalid: 0 });
    const [row] = await db()
      .select()
      .from(users)
      .where(and(eq(users.organizationId, amiId), eq(users.staffNumber, "1005")));
    expect(row!.departmentId).toBe(await departmentId(amiId, "税務課"));
    expect(row!.jobRankId).toBe(await rankId(amiId, "主任"));
    expect(row!.id).toBe(before.id);
    expect(row!.email).toBe("staff1005@ami.example.lg.jp");
    expect(row!.roles).toEqual(["learner"]); // roles are not touched by an import
    const after = (await userOf(amiId, "1005"))!;
    expect(after.updatedAt).not.toBe(before.updatedAt);

    const audit = await auditOfCommit(result.id);
    expect(audit.map((a) => a.action)).toEqual(["staff.import", "staff.update"]);
    const entry = audit[1]!;
    expect(entry).toMatchObject({ targetType: "staff_number", targetId: "1005", actorUserId: ctx.actorUserId, ip: "192.0.2.10" });
    expect(entry.before).toMatchObject({ departmentName: "町民課", rankName: "主事" });
    expect(entry.after).toMatchObject({ departmentName: "税務課", rankName: "主任" });
    expect(Object.keys(entry.before as object).sort()).toEqual(update!.changes.map((c) => c.field).sort());
  });
});

// --------------------------------------------------------------------------------------------------------- 4

describe("invalid rows", () => {
  it("are listed with their line numbers and skipped; the valid rows are written", async () => {
    const text = csv(
      HEADER,
      "60001,稲葉　一郎,いなば　いちろう,総務課,主事,正規,inaba@town.ami.example.jp", // 2 valid
      "60002,稲葉　二郎,いなば　じろう,未来創造課,主事,正規,", // 3 unknown 課
      "60001,稲葉　三郎,いなば　さぶろう,税務課,主事,正規,", // 4 duplicate 職員番号
      "60004,稲葉　四郎,いなば　しろう,総務課,主事,正規,inaba4@@town", // 5 bad email
      "60005,稲葉　五郎,いなば　ごろう,総務課,主事,パート,", // 6 unknown 雇用形態
      "60006,稲葉　六郎,いなば　ろくろう,会計課,係長,嘱託,", // 7 valid
    );
    const before = await countUsers(amiId);
    const result = await preview("誤りあり.csv", utf8(text));
    expect(result.encoding).toBe("utf-8");
    expect(result.plan.add.map((r) => [r.line, r.staffNumber])).toEqual([
      [2, "60001"],
      [7, "60006"],
    ]);
    expect(result.plan.invalid.map((p) => [p.line, p.staffNumber])).toEqual([
      [3, "60002"],
      [4, "60001"],
      [5, "60004"],
      [6, "60005"],
    ]);
    const messages = result.plan.invalid.map((p) => p.message);
    expect(messages[0]).toContain("所属「未来創造課」は登録されていません。");
    expect(messages[1]).toBe("職員番号「60001」が2行目と重複しています。");
    expect(messages[2]).toBe("メール「inaba4@@town」はメールアドレスの形式になっていません。");
    expect(messages[3]).toContain("雇用形態「パート」は使えません。");

    const summary = await commitOk(result.id);
    expect(summary).toEqual({ added: 2, updated: 0, deactivated: 0, unchanged: 0, invalid: 4, departmentsCreated: [] });
    expect(await countUsers(amiId)).toBe(before + 2);
    const written = await snapshotUsers(amiId, ["60001", "60002", "60004", "60005", "60006"]);
    expect(written.map((u) => [u.staffNumber, u.name, u.departmentName, u.rankName, u.employmentType, u.email])).toEqual([
      ["60001", "稲葉　一郎", "総務課", "主事", "regular", "inaba@town.ami.example.jp"], // the first of the duplicates
      ["60006", "稲葉　六郎", "会計課", "係長", "commissioned", null],
    ]);
    expect(await departmentId(amiId, "未来創造課")).toBeUndefined();
    const audit = await auditOfCommit(result.id);
    expect(audit.filter((a) => a.action === "staff.create").map((a) => a.targetId)).toEqual(["60001", "60006"]);
  });
});

// --------------------------------------------------------------------------------------------------------- 5

describe("createDepartments", () => {
  const text = csv(
    HEADER,
    "61001,新井　聡,あらい　さとし,ﾃﾞｼﾞﾀﾙ推進課,係長,正規,arai@town.ami.example.jp", // 半角カナ: NFKC → デジタル推進課
    "61002,新井　光,あらい　ひかる,デジタル推進課,主事,正規,",
  );

  it("without the option, an unknown 課 is an invalid row and nothing is created", async () => {
    const departmentsBefore = await snapshotDepartments(amiId);
    const result = await preview("新設課.csv", utf8(text));
    expect(result.plan.add).toEqual([]);
    expect(result.plan.newDepartments).toEqual([]);
    expect(result.plan.invalid.map((p) => [p.line, p.staffNumber])).toEqual([
      [2, "61001"],
      [3, "61002"],
    ]);
    for (const problem of result.plan.invalid) expect(problem.message).toMatch(/^所属「デジタル推進課」は登録されていません。/);
    expect(await commitOk(result.id)).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: 0, invalid: 2, departmentsCreated: [] });
    expect(await snapshotDepartments(amiId)).toEqual(departmentsBefore);
    expect(await snapshotUsers(amiId, ["61001", "61002"])).toEqual([]);
  });

  it("with the option, the 課 is created once on commit and both staff are placed in it", async () => {
    const departmentsBefore = await snapshotDepartments(amiId);
    const maxPosition = Math.max(...departmentsBefore.map((d) => d.position));
    const result = await preview("新設課.csv", utf8(text), { createDepartments: true });
    expect(result.plan.newDepartments).toEqual(["デジタル推進課"]);
    expect(result.plan.add.map((r) => [r.staffNumber, r.departmentName])).toEqual([
      ["61001", "デジタル推進課"],
      ["61002", "デジタル推進課"],
    ]);
    expect(result.plan.invalid).toEqual([]);
    expect(await snapshotDepartments(amiId)).toEqual(departmentsBefore); // preview creates nothing

    const summary = await commitOk(result.id);
    expect(summary).toEqual({ added: 2, updated: 0, deactivated: 0, unchanged: 0, invalid: 0, departmentsCreated: ["デジタル推進課"] });
    const created = (await snapshotDepartments(amiId)).filter((d) => !departmentsBefore.some((b) => b.id === d.id));
    expect(created.map(({ code, name, position }) => ({ code, name, position }))).toEqual([
      { code: "imported-1", name: "デジタル推進課", position: maxPosition + 1 },
    ]);
    const placed = await db()
      .select({ staffNumber: users.staffNumber, departmentId: users.departmentId })
      .from(users)
      .where(and(eq(users.organizationId, amiId), inArray(users.staffNumber, ["61001", "61002"])))
      .orderBy(asc(users.staffNumber));
    expect(placed).toEqual([
      { staffNumber: "61001", departmentId: created[0]!.id },
      { staffNumber: "61002", departmentId: created[0]!.id },
    ]);
    expect(await departmentId(omitamaId, "デジタル推進課")).toBeUndefined();

    const audit = await auditOfCommit(result.id);
    expect(audit.map((a) => a.action)).toEqual(["department.create", "staff.create", "staff.create", "staff.import"]);
    expect(audit[0]).toMatchObject({ targetType: "department", targetId: created[0]!.id, after: { name: "デジタル推進課", source: "roster_import" } });

    // Importing the same file again finds the 課 by name: nothing new to create.
    const again = await preview("新設課.csv", utf8(text), { createDepartments: true });
    expect(again.plan.newDepartments).toEqual([]);
    expect(again.plan.unchanged).toBe(2);
    expect(await discardRosterImport(db(), ctx, again.id)).toBe(true);
  });
});

// --------------------------------------------------------------------------------------------------------- 6

describe("deactivateMissing", () => {
  let text: string;
  let omitama2003: string;
  let ami2003: string;

  beforeAll(async () => {
    // The sample file's 20 staff, plus the acting HR admin, plus a known staff member whose row is invalid.
    const hr = (await userOf(amiId, "1001"))!;
    const sample = iconv.decode(readFileSync(FIXTURE), "cp932").replace(/\r?\n$/, "");
    text = csv(
      sample,
      `1001,${hr.name},${hr.nameKana},${hr.departmentName},${hr.rankName},正規,${hr.email}`,
      "2005,誰か　さん,だれか　さん,総務課,主事,正規,not-an-email",
    );
    // 2010 was already inactive: it is not "deactivated" again.
    await db()
      .update(users)
      .set({ active: false })
      .where(and(eq(users.organizationId, amiId), eq(users.staffNumber, "2010")));
    ami2003 = (await userOf(amiId, "2003"))!.id;
    omitama2003 = (await userOf(omitamaId, "2003"))!.id;
    const expiresAt = new Date(Date.now() + 8 * 3600_000);
    await db()
      .insert(sessions)
      .values([
        { id: "test-session", userId: ami2003, organizationId: amiId, expiresAt },
        { id: "test-session-kept", userId: ctx.actorUserId, organizationId: amiId, expiresAt },
        { id: "test-session-omitama", userId: omitama2003, organizationId: omitamaId, expiresAt },
      ]);
  });

  async function revokedAt() {
    const rows = await db()
      .select({ id: sessions.id, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(inArray(sessions.id, ["test-session", "test-session-kept", "test-session-omitama"]))
      .orderBy(asc(sessions.id));
    return Object.fromEntries(rows.map((r) => [r.id, r.revokedAt]));
  }

  it("without the option, nobody is deactivated", { timeout: 60_000 }, async () => {
    const activeBefore = await activeStaffNumbers(amiId);
    expect(activeBefore.length).toBeGreaterThan(1000);
    const result = await preview("一部.csv", sjis(text));
    expect(result.plan.deactivate).toEqual([]);
    expect(result.plan.invalid.map((p) => [p.line, p.staffNumber])).toEqual([[23, "2005"]]);
    const summary = await commitOk(result.id);
    expect(summary.deactivated).toBe(0);
    expect(await activeStaffNumbers(amiId)).toEqual(activeBefore);
    expect(await revokedAt()).toEqual({ "test-session": null, "test-session-kept": null, "test-session-omitama": null });
  });

  it("with the option, everyone missing from the file is deactivated and signed out", { timeout: 120_000 }, async () => {
    const activeBefore = await activeStaffNumbers(amiId);
    const inFile = new Set([...text.matchAll(/^([0-9]+),/gm)].map((m) => m[1]!));
    expect(inFile.size).toBe(22);
    const missing = activeBefore.filter((n) => !inFile.has(n));
    expect(missing).toContain("2003");
    expect(missing).not.toContain("2010");
    expect(missing).not.toContain("2005"); // its row is invalid, but it is in the file

    const result = await preview("一部.csv", sjis(text), { deactivateMissing: true });
    expect(result.plan.deactivate.map((s) => s.staffNumber).sort()).toEqual([...missing].sort());
    expect(result.plan.add).toEqual([]);
    expect(await activeStaffNumbers(amiId)).toEqual(activeBefore); // preview only

    const summary = await commitOk(result.id);
    expect(summary).toMatchObject({ added: 0, updated: 0, deactivated: missing.length, invalid: 1 });
    expect(await activeStaffNumbers(amiId)).toEqual(activeBefore.filter((n) => inFile.has(n)));
    expect(await activeStaffNumbers(amiId)).toContain("1001");
    expect(await activeStaffNumbers(amiId)).toContain("2005");

    const revoked = await revokedAt();
    expect(revoked["test-session"]).toBeInstanceOf(Date);
    expect(revoked["test-session-kept"]).toBeNull();
    expect(revoked["test-session-omitama"]).toBeNull(); // same staff number, other organization

    const audit = await auditOfCommit(result.id);
    const deactivations = audit.filter((a) => a.action === "staff.deactivate");
    expect(deactivations.map((a) => a.targetId).sort()).toEqual([...missing].sort());
    expect(deactivations[0]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(audit).toHaveLength(missing.length + 1);
  });
});

// --------------------------------------------------------------------------------------------------------- 7

describe("an e-mail taken elsewhere between preview and commit", () => {
  it("an e-mail taken in another organization after the preview makes that row invalid at commit time", async () => {
    const result = await preview(
      "メール競合.csv",
      utf8(csv(HEADER, "80001,石塚　学,いしづか　まなぶ,総務課,主事,正規,dup@town.ami.example.jp", "80002,石塚　望,いしづか　のぞみ,総務課,主事,正規,")),
    );
    expect(result.plan.add.map((r) => r.staffNumber)).toEqual(["80001", "80002"]);
    await db().insert(users).values({
      organizationId: omitamaId,
      staffNumber: "7777",
      name: "小美玉　花子",
      nameKana: "おみたま　はなこ",
      email: "dup@town.ami.example.jp",
      employmentType: "regular",
    });

    const current = await getRosterImport(db(), amiId, result.id);
    expect(current?.plan?.invalid).toEqual([
      { line: 2, staffNumber: "80001", message: "メールアドレス「dup@town.ami.example.jp」は、ほかの自治体の職員が使っています。" },
    ]);

    const summary = await commitOk(result.id);
    expect(summary).toEqual({ added: 1, updated: 0, deactivated: 0, unchanged: 0, invalid: 1, departmentsCreated: [] });
    expect((await snapshotUsers(amiId, ["80001", "80002"])).map((u) => u.staffNumber)).toEqual(["80002"]);
    expect((await userOf(omitamaId, "7777"))?.email).toBe("dup@town.ami.example.jp");
  });
});

describe("a commit that fails midway", () => {
  // The planner re-checks everything inside the transaction, so no data change made before the commit makes it fail.
  // A trigger in this test database raises an error at a chosen statement instead: once while the staff rows are
  // inserted (after a 課 and its audit entry were written), once at the very last statement (everything else done).
  const failures = [
    { at: "inserting staff", table: "users", condition: "new.staff_number = '81002'" },
    { at: "the final audit entry", table: "audit_log", condition: "new.action = 'staff.import'" },
  ];
  let id: string;
  let text: string;

  beforeAll(async () => {
    const hr = (await userOf(amiId, "1001"))!;
    text = csv(
      HEADER,
      `1001,${hr.name},${hr.nameKana},${hr.departmentName},${hr.rankName},正規,${hr.email}`,
      "10002,髙野　恵美,たかの　えみ,総務課,課長,正規,e.takano@town.ami.example.jp", // 人事課 → 総務課
      "81001,危機　一,きき　はじめ,危機管理課,課長,正規,kiki1@town.ami.example.jp",
      "81002,危機　二,きき　ふたば,危機管理課,主事,臨時,kiki2@town.ami.example.jp",
    );
    await db()
      .insert(sessions)
      .values({ id: "test-session-2", userId: (await userOf(amiId, "10001"))!.id, organizationId: amiId, expiresAt: new Date(Date.now() + 3600_000) });
    const result = await preview("全部かゼロか.csv", utf8(text), { createDepartments: true, deactivateMissing: true });
    id = result.id;
    expect(result.plan.newDepartments).toEqual(["危機管理課"]);
    expect(result.plan.add.map((r) => r.staffNumber)).toEqual(["81001", "81002"]);
    expect(result.plan.update.map((u) => u.row.staffNumber)).toEqual(["10002"]);
    expect(result.plan.deactivate.map((s) => s.staffNumber)).toContain("10001");
  });

  it.each(failures)("a failure while $at rolls back every write of the import", async ({ table, condition }) => {
    const usersBefore = await snapshotUsers(amiId);
    const departmentsBefore = await snapshotDepartments(amiId);
    const auditBefore = await auditCount();
    await db().execute(
      sql.raw(`create or replace function test_fail_import() returns trigger language plpgsql as $$
        begin if ${condition} then raise exception 'test: forced failure'; end if; return new; end $$`),
    );
    await db().execute(sql.raw(`create trigger test_fail_import before insert on ${table} for each row execute function test_fail_import()`));
    try {
      const error: unknown = await commitRosterImport(db(), ctx, id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      // drizzle wraps the driver's error ("Failed query: …"); the database's message is its cause.
      expect(String((error as Error).cause ?? error)).toMatch(/test: forced failure/);
    } finally {
      await db().execute(sql.raw(`drop trigger test_fail_import on ${table}`));
      await db().execute(sql.raw(`drop function test_fail_import()`));
    }

    expect(await snapshotUsers(amiId)).toEqual(usersBefore); // no addition, no update, no deactivation
    expect(await snapshotDepartments(amiId)).toEqual(departmentsBefore);
    expect(await departmentId(amiId, "危機管理課")).toBeUndefined();
    expect(await auditCount()).toBe(auditBefore);
    const [session] = await db().select({ revokedAt: sessions.revokedAt }).from(sessions).where(eq(sessions.id, "test-session-2"));
    expect(session?.revokedAt).toBeNull();
    expect(await importRow(id)).toMatchObject({ status: "previewed", summary: null, committedAt: null });
  });

  it("the same import can be committed once the cause is gone", async () => {
    const summary = await commitOk(id);
    expect(summary).toMatchObject({ added: 2, updated: 1, unchanged: 1, invalid: 0, departmentsCreated: ["危機管理課"] });
    expect(summary.deactivated).toBeGreaterThan(0);
    expect(await activeStaffNumbers(amiId)).toEqual(["1001", "10002", "81001", "81002"].sort());
    expect((await userOf(amiId, "81002"))?.departmentName).toBe("危機管理課");
    expect((await userOf(amiId, "10002"))?.departmentName).toBe("総務課");
    const [session] = await db().select({ revokedAt: sessions.revokedAt }).from(sessions).where(eq(sessions.id, "test-session-2"));
    expect(session?.revokedAt).toBeInstanceOf(Date);
  });
});

// --------------------------------------------------------------------------------------------------------- 8

describe("commit, discard and visibility", () => {
  it("a second commit (double click) is refused in Japanese and writes nothing", async () => {
    const result = await preview("二度押し.csv", utf8(csv(HEADER, "82001,二宮　一,にのみや　はじめ,会計課,主事,正規,")));
    expect((await commitRosterImport(db(), ctx, result.id)).ok).toBe(true);
    const usersAfterFirst = await snapshotUsers(amiId);
    const auditAfterFirst = await auditCount();
    const committed = await importRow(result.id);

    expect(await commitRosterImport(db(), ctx, result.id)).toEqual({ ok: false, error: "この取り込みは、すでに反映済みか取り消し済みです。" });
    expect(await snapshotUsers(amiId)).toEqual(usersAfterFirst);
    expect(await auditCount()).toBe(auditAfterFirst);

    // Discarding a committed import does nothing.
    expect(await discardRosterImport(db(), ctx, result.id)).toBe(false);
    expect(await importRow(result.id)).toEqual(committed);

    // It is visible to its organization only, with its summary and no plan.
    const own = await getRosterImport(db(), amiId, result.id);
    expect(own).toMatchObject({
      id: result.id,
      status: "committed",
      plan: null,
      summary: { added: 1, updated: 0, deactivated: 0, unchanged: 0, invalid: 0, departmentsCreated: [] },
    });
    expect(await getRosterImport(db(), omitamaId, result.id)).toBeNull();
    expect(await getRosterImport(db(), amiId, "not-a-uuid")).toBeNull();
  });

  it("two commits at the same time write the import once", async () => {
    const result = await preview("同時.csv", utf8(csv(HEADER, "82002,二宮　二,にのみや　つぐ,会計課,主事,正規,ninomiya2@town.ami.example.jp")));
    const outcomes = await Promise.all([commitRosterImport(db(), ctx, result.id), commitRosterImport(db(), ctx, result.id)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, error: "この取り込みは、すでに反映済みか取り消し済みです。" }]);
    expect(await countUsers(amiId, eq(users.staffNumber, "82002"))).toBe(1);
    const imports = await db()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, "staff.import"), eq(auditLog.targetId, result.id)));
    expect(imports).toHaveLength(1);
    expect((await auditOfCommit(result.id)).map((a) => a.action)).toEqual(["staff.create", "staff.import"]);
  });

  it("another organization can neither commit nor discard nor see an import; a discarded one cannot be committed", async () => {
    const result = await preview("他自治体.csv", utf8(csv(HEADER, "82003,二宮　三,にのみや　みつ,会計課,主事,正規,")));
    const [omitamaHr] = await db()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organizationId, omitamaId), eq(users.staffNumber, "1001")));
    const omitamaCtx: ChangeContext = { organizationId: omitamaId, actorUserId: omitamaHr!.id, ip: null };

    expect(await getRosterImport(db(), omitamaId, result.id)).toBeNull();
    expect(await commitRosterImport(db(), omitamaCtx, result.id)).toEqual({ ok: false, error: "取り込みが見つかりません。" });
    expect(await discardRosterImport(db(), omitamaCtx, result.id)).toBe(false);
    expect((await importRow(result.id)).status).toBe("previewed");
    expect(await snapshotUsers(amiId, ["82003"])).toEqual([]);
    expect(await snapshotUsers(omitamaId, ["82003"])).toEqual([]);

    expect(await discardRosterImport(db(), ctx, result.id)).toBe(true);
    expect((await importRow(result.id)).status).toBe("discarded");
    expect(await getRosterImport(db(), amiId, result.id)).toMatchObject({ status: "discarded", plan: null });
    expect(await commitRosterImport(db(), ctx, result.id)).toEqual({ ok: false, error: "この取り込みは、すでに反映済みか取り消し済みです。" });
    expect(await discardRosterImport(db(), ctx, result.id)).toBe(false);
    expect(await snapshotUsers(amiId, ["82003"])).toEqual([]);
  });
});

// --------------------------------------------------------------------------------------------------------- known bugs

// Cases the planner accepts that an earlier commitRosterImport could not write (unique email and department code).
describe("commits that move unique values around", () => {
  it("two staff members swapping e-mail addresses in one file (the planner says this is fine)", async () => {
    const setup = await preview(
      "交換前.csv",
      utf8(
        csv(
          HEADER,
          "83001,交換　一,こうかん　はじめ,会計課,主事,正規,swap-a@town.ami.example.jp",
          "83002,交換　二,こうかん　ふたば,会計課,主事,正規,swap-b@town.ami.example.jp",
        ),
      ),
    );
    await commitOk(setup.id);
    const swap = await preview(
      "交換.csv",
      utf8(
        csv(
          HEADER,
          "83001,交換　一,こうかん　はじめ,会計課,主事,正規,swap-b@town.ami.example.jp",
          "83002,交換　二,こうかん　ふたば,会計課,主事,正規,swap-a@town.ami.example.jp",
        ),
      ),
    );
    expect(swap.plan.invalid).toEqual([]);
    expect(swap.plan.update).toHaveLength(2);
    // Fails today: one UPDATE … FROM (VALUES …) statement; Postgres checks the non-deferrable users_email_uq index row
    // by row, so the first row's new address still belongs to the second → duplicate key error, whole import refused.
    await commitOk(swap.id);
    expect((await snapshotUsers(amiId, ["83001", "83002"])).map((u) => u.email)).toEqual(["swap-b@town.ami.example.jp", "swap-a@town.ami.example.jp"]);
  });

  it("an address handed over from a staff member (who gets a new one) to a new staff member in the same file", async () => {
    const setup = await preview("引継ぎ前.csv", utf8(csv(HEADER, "83003,引継　一,ひきつぎ　はじめ,会計課,主事,正規,handover@town.ami.example.jp")));
    await commitOk(setup.id);
    const handover = await preview(
      "引継ぎ.csv",
      utf8(
        csv(
          HEADER,
          "83003,引継　一,ひきつぎ　はじめ,会計課,主事,正規,handover-old@town.ami.example.jp",
          "83004,引継　二,ひきつぎ　ふたば,会計課,主事,正規,handover@town.ami.example.jp",
        ),
      ),
    );
    expect(handover.plan.invalid).toEqual([]);
    expect(handover.plan.add.map((r) => r.staffNumber)).toEqual(["83004"]);
    // Fails today: additions are inserted before updates, so 83004's insert meets 83003's old address.
    await commitOk(handover.id);
    expect((await userOf(amiId, "83004"))?.email).toBe("handover@town.ami.example.jp");
  });

  it("a new 課 whose generated code would already be taken gets the next free one", async () => {
    // An admin created a 課 with the next generated code by hand (the form accepts any lower-case code).
    const taken = new Set((await db().select({ code: departments.code }).from(departments).where(eq(departments.organizationId, amiId))).map((d) => d.code));
    let next = 1;
    while (taken.has(`imported-${next}`)) next++;
    const code = `imported-${next}`;
    expect(await createDepartment(db(), ctx, { code, name: "手作業課" })).toBeNull();
    const result = await preview("新設課2.csv", utf8(csv(HEADER, "83005,新設　一,しんせつ　はじめ,広報課,主事,正規,")), { createDepartments: true });
    expect(result.plan.newDepartments).toEqual(["広報課"]);
    await commitOk(result.id);
    expect((await userOf(amiId, "83005"))?.departmentName).toBe("広報課");
    const [created] = await db()
      .select({ code: departments.code })
      .from(departments)
      .where(and(eq(departments.organizationId, amiId), eq(departments.name, "広報課")));
    expect(created?.code).toBe(`imported-${next + 1}`);
  });
});

// --------------------------------------------------------------------------------------------------------- 9

describe("other organizations", () => {
  it("an ami import that updates and reactivates staff numbers 1003 and 2001 leaves omitama's 1003 and 2001 alone", async () => {
    const omitamaBefore = await snapshotUsers(omitamaId, ["1003", "2001"]);
    expect(omitamaBefore).toHaveLength(2);
    const ami2001 = (await userOf(amiId, "2001"))!;
    expect(ami2001.active).toBe(false); // deactivated above
    const result = await preview(
      "同じ番号.csv",
      sjis(
        csv(
          HEADER,
          "1003,高橋　誠,たかはし　まこと,健康づくり課,課長,正規,staff1003@ami.example.lg.jp",
          `2001,${ami2001.name},${ami2001.nameKana},会計課,係長,正規,${ami2001.email ?? ""}`,
        ),
      ),
    );
    expect(result.plan.update.map((u) => u.row.staffNumber)).toEqual(["1003", "2001"]);
    expect(result.plan.update[1]!.changes).toContainEqual({ field: "active", before: false, after: true });
    await commitOk(result.id);

    expect(await userOf(amiId, "1003")).toMatchObject({ departmentName: "健康づくり課", active: true });
    expect(await userOf(amiId, "2001")).toMatchObject({ departmentName: "会計課", rankName: "係長", active: true });
    expect(await snapshotUsers(omitamaId, ["1003", "2001"])).toEqual(omitamaBefore);
  });

  it("after every import above, omitama's staff, 課 and sessions are exactly as seeded", async () => {
    const now = await snapshotUsers(omitamaId);
    expect(now.filter((u) => u.staffNumber !== "7777")).toEqual(omitamaUsersAtStart); // 7777 was inserted by test 7
    expect(await snapshotDepartments(omitamaId)).toEqual(omitamaDepartmentsAtStart);
    const omitamaAudit = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.organizationId, omitamaId));
    expect(omitamaAudit[0]!.n).toBe(0);
    const omitamaImports = await db().select({ id: rosterImports.id }).from(rosterImports).where(eq(rosterImports.organizationId, omitamaId));
    expect(omitamaImports).toEqual([]);
    const unrevoked = await db()
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.organizationId, omitamaId), isNull(sessions.revokedAt)));
    expect(unrevoked.map((s) => s.id)).toEqual(["test-session-omitama"]);
  });
});
