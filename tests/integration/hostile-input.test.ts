/**
 * Hostile input to every action (issue #18): random and hostile values (NUL, control characters, lone surrogates, very
 * long strings, formulas, wrong types, random uuids, ids of the other organization), missing fields, JSON and other
 * non-form bodies, posted anonymously and signed in with a valid CSRF token. Every answer must be a deliberate one — a
 * page, a redirect or a thrown Response below 500, never a thrown Error — and a refusal (status >= 400) leaves every
 * table as it was (row counts of every table in the public schema).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCheckinSecret } from "~/classes/checkin.server";
import { register } from "~/classes/registration.server";
import { createCampaign } from "~/campaigns/campaigns.server";
import { DEFAULT_REMINDERS } from "~/campaigns/rules";
import { newVerificationCode } from "~/certificates/code.server";
import { fiscalYearOf } from "../../app/kernel/dates";
import { listKpis } from "~/kpis/kpis.server";
import en from "~/locales/en";
import ja from "~/locales/ja";
import { createRosterPreview } from "~/staff/roster-import.server";
import { queryRows } from "../../db/client";
import { classSeries, classSessions, courses, programCertificates, programEnrollments, programs, promoterActivities, users, venues } from "../../db/schema";
import { CSRF, createAppDatabase, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

const ROUTES = path.resolve("app/routes");
const FILES = readdirSync(ROUTES).filter((f) => f.endsWith(".tsx"));
const SOURCES = new Map(FILES.map((f) => [f, readFileSync(path.join(ROUTES, f), "utf8")]));
type Handler = (args: { request: Request; url: URL; pattern: string; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
/** Every route module that exports an action. */
const ACTIONS = (
  await Promise.all(FILES.map(async (file) => ({ file, action: ((await import(path.join(ROUTES, file))) as { action?: Handler }).action })))
).filter((m): m is { file: string; action: Handler } => typeof m.action === "function");

/**
 * Runs per action and principal: ~50 s in all on PGlite. The seed is fixed per action and principal, so the suite
 * gives the same answer every time; search further with HOSTILE_RUNS=300 and HOSTILE_SEED=random (or a number).
 */
const RUNS = { anonymous: 12, signedIn: 20 };
function seedFor(name: string): number | undefined {
  if (process.env.HOSTILE_SEED === "random") return undefined;
  if (process.env.HOSTILE_SEED) return Number(process.env.HOSTILE_SEED);
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}
/** fast-check's report without the (up to 40,000 characters long) counterexample in full. */
async function shortReport<T>(details: fc.RunDetails<T>): Promise<void> {
  if (!details.failed) return;
  const example = JSON.stringify(details.counterexample, (_k, v) =>
    typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v instanceof FormData ? "[multipart]" : v,
  );
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexample ? details.counterexamplePath : ""}"): ${cause}\ncounterexample: ${example.slice(0, 1500)}`,
  );
}

type Principal = "anonymous" | "admin" | "promoter" | "manager";
const ACCOUNTS: Record<Exclude<Principal, "anonymous">, [string, string]> = { admin: ["ami", "9001"], promoter: ["ami", "2020"], manager: ["ami", "1003"] };
/** Who else posts, for actions that are someone else's than the admin's (a promoter's own pages, the 課長's confirmation). */
const EXTRA: Record<string, Principal[]> = {
  "programs.$programSlug._index.tsx": ["promoter"],
  "programs.$programSlug.activities.tsx": ["promoter"],
  "programs.$programSlug.report.tsx": ["promoter"],
  "admin.programs.$programSlug.activities.tsx": ["manager"],
};

/**
 * What a refusal may still write, by design: a failed sign-in is counted (throttle) and logged (audit log). Only these
 * tables, only for these statuses.
 */
const REFUSAL_WRITES: Record<string, { statuses: number[]; tables: string[] }> = {
  "login.tsx": { statuses: [401, 429], tables: ["login_throttles", "audit_log"] },
};

const HOSTILE = [
  "\u0000",
  "a\u0000b",
  "\u0001",
  "\u001b[31m赤\u001b[0m",
  "\u007f",
  "\u0085",
  "\ud800",
  "x\udc00y",
  "\udbff",
  "\ufffe",
  "\u202e逆",
  "=cmd|' /C calc'!A0",
  "+SUM(1,1)",
  "@A1",
  "-2+3",
  "'; drop table users; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "%FF",
  "",
  " ",
  "　",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1.5",
  "1e309",
  "99999999999999999999",
  "2026-02-30",
  "2026-13-01",
  "9999-12-31",
  "00:00",
  "25:61",
  "true",
  "on",
  "yes",
  "[object Object]",
  "{}",
  "[]",
  "1001",
  "1005",
  "9001",
  "AAAA-AAAA",
  "0000",
];

const csrfCookie = `manabiya_csrf=${CSRF}`;
let database: TestDatabase;
const valid: Record<string, string> = {};
/** Ids of rows of both organizations (ours to go deeper, the other's to try crossing over). */
let knownIds: string[] = [];
let tables: string[] = [];

/** Field names an action may read: its own (form.get, name="…") first, then those of the form helpers in app/. */
function namesIn(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:form\.get(?:All)?|\bget)\("([^"]+)"\)|\bname="([^"]+)"/g)) names.add((m[1] ?? m[2])!);
  return [...names].filter((n) => n !== "_csrf");
}
const HELPER_NAMES = (() => {
  const names = new Set<string>(["s0-date", "s0-start", "s0-end", "s1-date", "s1-start", "s1-end"]);
  for (const dir of ["campaigns", "classes", "kpis", "staff", "display", "programs"]) {
    for (const f of readdirSync(path.resolve("app", dir)))
      if (/\.tsx?$/.test(f)) for (const n of namesIn(readFileSync(path.resolve("app", dir, f), "utf8"))) names.add(n);
  }
  return [...names];
})();
/** Values the action compares with: intents, options, button values. */
function literalsIn(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(/(?:intent|decision|kind|status)\s*===\s*"([^"]+)"|case "([^"]+)":|\bvalue="([^"]+)"/g)) out.add((m[1] ?? m[2] ?? m[3])!);
  return [...out];
}

/** Percent-encodes as a browser would, but a lone surrogate as its three (invalid) UTF-8 bytes, as a broken client sends. */
function looseEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(text[i]!);
  }
  return out;
}

type Body = { type: string | null; body: string | Uint8Array<ArrayBuffer> | FormData | null };

/** A value; `storable` leaves out what readForm refuses, so that the action itself meets the rest (wrong types, ids, lengths). */
function valueArb(literals: string[], storable: boolean): fc.Arbitrary<string> {
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 3, arbitrary: fc.constantFrom(...(literals.length ? literals : ["x"])) },
    { weight: 3, arbitrary: fc.constantFrom(...knownIds) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 10_000_000 }).map(String) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }), fc.constantFrom(10, 16, 24))
        .map(([d, n]) => d.toISOString().slice(0, n)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom("あ", "a", "\u0000", "𠮷", "=1+1,"), fc.integer({ min: 1_000, max: 40_000 })).map(([c, n]) => c.repeat(n)),
    },
  );
  return storable ? value.map((v) => v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udfff]/gu, "?")) : value;
}

function bodyArb(file: string): fc.Arbitrary<Body> {
  const source = SOURCES.get(file)!;
  const own = namesIn(source);
  const literals = literalsIn(source);
  const name = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(own.length ? own : ["intent"])) },
    { weight: 1, arbitrary: fc.constantFrom(...HELPER_NAMES) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  );
  const fields = fc.boolean().chain((storable) =>
    fc.array(fc.tuple(storable ? name.map((n) => n.replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/g, "?")) : name, valueArb(literals, storable)), {
      maxLength: 12,
    }),
  );
  const csrf: [string, string] = ["_csrf", CSRF];
  return fc.oneof(
    { weight: 8, arbitrary: fields.map((f) => ({ type: "application/x-www-form-urlencoded", body: new URLSearchParams([csrf, ...f]).toString() })) },
    {
      weight: 3,
      arbitrary: fields.map((f) => ({
        type: "application/x-www-form-urlencoded",
        body: [csrf, ...f].map(([k, v]) => `${looseEncode(k)}=${looseEncode(v)}`).join("&"),
      })),
    },
    { weight: 1, arbitrary: fields.map((f) => ({ type: null, body: toMultipart([csrf, ...f]) })) },
    { weight: 2, arbitrary: fields.map((f) => ({ type: "application/json", body: JSON.stringify(Object.fromEntries([csrf, ...f])) })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Body>(
        { type: "text/plain", body: `_csrf=${CSRF}&intent=x` },
        { type: null, body: null },
        { type: "application/x-www-form-urlencoded", body: `_csrf=${CSRF}&name=%FF%FE` },
        { type: "application/x-www-form-urlencoded", body: `_csrf=${CSRF}&name=100%` },
        { type: "application/x-www-form-urlencoded", body: new Uint8Array([0x5f, 0x63, 0x3d, 0xc3, 0x28]) },
        { type: "application/xml", body: "<form><_csrf>x</_csrf></form>" },
        { type: "multipart/form-data; boundary=nothing", body: "--nothing\r\nbroken" },
        { type: "application/json", body: "[1,2" },
        { type: null, body: withFile() },
      ),
    },
  );
}
function toMultipart(fields: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return form;
}
function withFile(): FormData {
  const form = toMultipart([["_csrf", CSRF]]);
  form.append("file", new Blob(["職員番号\n1\u0000"]), "x.csv");
  return form;
}

/** The URL of a route file with these params (flat route names: `.` is `/`, `$x` a param, `_index` and a trailing `_` nothing). */
function urlOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.tsx$/, "")
    .split(".")
    .filter((s) => s !== "_index");
  return "/" + segments.map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1).replace(/_$/, "")] ?? "") : s.replace(/_$/, ""))).join("/");
}
function paramNames(file: string): string[] {
  return file
    .replace(/\.tsx$/, "")
    .split(".")
    .filter((s) => s.startsWith("$"))
    .map((s) => s.slice(1).replace(/_$/, ""));
}

/** Row counts of every table in the public schema, in one statement. */
async function rowCounts(): Promise<Record<string, number>> {
  const query = tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(" union all ");
  const rows = await queryRows<{ t: string; n: number }>(database.db, sql.raw(query));
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

/** The action's answer: its status, or the Error it threw (a 500). */
async function post(
  action: Handler,
  url: string,
  params: Record<string, string>,
  cookie: string,
  { type, body }: Body,
): Promise<{ status: number; text: string; location?: string | null } | { error: unknown }> {
  const headers: Record<string, string> = { Cookie: cookie };
  if (type) headers["Content-Type"] = type;
  const request = new Request(`http://localhost:3000${url}`, { method: "POST", headers, body });
  let value: unknown;
  try {
    value = await action({ request, url: new URL(request.url), pattern: "", params, context: { clientIp: "127.0.0.1" } });
  } catch (thrown) {
    if (!(thrown instanceof Response)) return { error: thrown };
    value = thrown;
  }
  if (value instanceof Response) {
    if (value.status >= 300 && value.status < 400) return { status: value.status, text: "", location: value.headers.get("Location") };
    return { status: value.status, text: await value.text() };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init: ResponseInit | null };
    return { status: v.init?.status ?? 200, text: JSON.stringify(v.data) };
  }
  return { status: 200, text: "" };
}

beforeAll(async () => {
  database = await createAppDatabase();
  tables = (
    await queryRows<{ name: string }>(
      database.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )
  ).map((r) => r.name);
  const hr = await userId(database, "ami", "1001");
  const org = hr.organizationId;
  const [venue] = await database.db.insert(venues).values({ organizationId: org, name: "テスト会場", address: "阿見町中央", capacity: 20 }).returning();
  const [series] = await database.db
    .insert(classSeries)
    .values({
      organizationId: org,
      title: "はじめてのスマホ教室",
      category: "smartphone",
      audience: "residents",
      organizerType: "municipal",
      format: "in_person",
    })
    .returning();
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const [session] = await database.db
    .insert(classSessions)
    .values({
      organizationId: org,
      seriesId: series!.id,
      number: 1,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 7_200_000),
      venueId: venue!.id,
      capacity: 20,
      checkinSecret: newCheckinSecret(),
    })
    .returning();
  const registered = await register(database.db, {
    organizationId: org,
    sessionId: session!.id,
    channel: "online",
    consent: true,
    person: { name: "住民　花子", nameKana: "じゅうみん　はなこ", phone: null, ageBand: "70s", district: null, needs: [] },
  });
  if (!registered.ok) throw new Error(registered.error);
  const security = (await database.db.select({ id: courses.id }).from(courses).where(eq(courses.slug, "security-basics")))[0]!.id;
  const fy = fiscalYearOf(new Date());
  const campaign = await createCampaign(
    database.db,
    { organizationId: org, actorUserId: hr.id, ip: null },
    {
      key: "security-annual",
      title: "情報セキュリティ研修",
      description: "",
      fiscalYear: fy,
      startsOn: `${fy}-04-01`,
      dueOn: `${fy + 1}-03-31`,
      countEarlierCompletions: true,
      courseIds: [security],
      audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] },
      reminders: DEFAULT_REMINDERS,
    },
  );
  if (!campaign.ok) throw new Error(JSON.stringify(campaign.errors));
  const [program] = await database.db.select({ id: programs.id }).from(programs).where(eq(programs.slug, "dx-promoter"));
  const promoter = await userId(database, "ami", "2020");
  const [manager] = await database.db
    .select({ departmentId: users.departmentId })
    .from(users)
    .where(eq(users.id, (await userId(database, "ami", "1003")).id));
  const [enrollment] = await database.db
    .insert(programEnrollments)
    .values({ organizationId: org, programId: program!.id, userId: promoter.id, status: "certified", origin: "applied" })
    .returning({ id: programEnrollments.id });
  await database.db.insert(programCertificates).values({
    organizationId: org,
    programId: program!.id,
    userId: promoter.id,
    enrollmentId: enrollment!.id,
    code: newVerificationCode(),
    validFrom: "2026-04-01",
    validUntil: "2099-03-31",
  });
  await database.db.insert(promoterActivities).values({
    organizationId: org,
    programId: program!.id,
    userId: promoter.id,
    departmentId: manager!.departmentId!,
    title: "申請書の電子化",
    doneOn: "2026-05-01",
  });
  const csv = "職員番号,氏名,ふりがな,所属,職位,雇用形態\n5001,試験 太郎,しけん たろう,総務課,主事,正規\n";
  const preview = await createRosterPreview(
    database.db,
    { organizationId: org, actorUserId: hr.id, ip: null },
    { fileName: "t.csv", bytes: new TextEncoder().encode(csv), options: { deactivateMissing: false, createDepartments: false } },
  );
  Object.assign(valid, {
    campaignId: campaign.id,
    sessionId: session!.id,
    receipt: registered.receiptNumber,
    importId: preview.id,
    kpiId: (await listKpis(database.db, org))[0]!.id,
    programSlug: "dx-promoter",
    enrollmentId: enrollment!.id,
    userId: (await userId(database, "ami", "1005")).id,
    courseSlug: "security-basics",
    lessonSlug: "datsu-ppap",
    quizSlug: "final",
    attemptId: "00000000-0000-4000-8000-000000000000",
    token: "not-a-token",
  });
  // A few ids of every table with an id column, of both organizations: users, 課, sessions, KPIs, campaigns …
  const withId = await queryRows<{ name: string }>(
    database.db,
    sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'id' and data_type = 'uuid' order by 1`,
  );
  for (const { name } of withId) {
    const rows = await queryRows<{ id: string }>(
      database.db,
      sql.raw(`(select id::text from "${name}" order by id limit 2) union all (select id::text from "${name}" order by id desc limit 2)`),
    );
    knownIds.push(...rows.map((r) => r.id));
  }
  knownIds = [...new Set(knownIds)];
}, 120_000);
afterAll(async () => {
  await database?.dispose();
});

/** The error's own message and its causes' (drizzle wraps the driver's error in `cause`). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) parts.push(e instanceof Error ? e.message : String(e));
  return parts.join(" ← ");
}

describe("hostile input to every action", () => {
  it("finds the actions", () => expect(ACTIONS.length).toBeGreaterThan(30));
  for (const { file, action } of ACTIONS) {
    const principals: Principal[] = ["anonymous", "admin", ...(EXTRA[file] ?? [])];
    for (const who of principals) {
      it(`${file} as ${who}: no 5xx, and a refusal changes no row`, async () => {
        const params = fc.record(
          Object.fromEntries(
            paramNames(file).map((p) => [
              p,
              fc.oneof({ weight: 6, arbitrary: fc.constant(valid[p] ?? "x") }, fc.constantFrom(...knownIds), fc.uuid(), fc.constantFrom("x", "1", "%E3%81%82")),
            ]),
          ),
        );
        await fc.assert(
          fc.asyncProperty(params, bodyArb(file), async (p, body) => {
            const cookie = who === "anonymous" ? csrfCookie : await sessionCookie(database, ...ACCOUNTS[who]);
            const before = await rowCounts();
            const answer = await post(action, urlOf(file, p), p, cookie, body);
            if ("error" in answer) {
              throw new Error(`${file} as ${who} threw (a 500): ${describeError(answer.error)}`, { cause: answer.error });
            }
            expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
            if (answer.status < 400) return;
            const after = await rowCounts();
            const allowed = REFUSAL_WRITES[file]?.statuses.includes(answer.status) ? REFUSAL_WRITES[file]!.tables : [];
            const changed = tables.filter((t) => before[t] !== after[t] && !allowed.includes(t));
            expect(changed, `refused with ${answer.status} (${answer.text.slice(0, 200)}) but rows changed`).toEqual([]);
          }),
          {
            numRuns: Number(process.env.HOSTILE_RUNS ?? 0) || (who === "anonymous" ? RUNS.anonymous : RUNS.signedIn),
            seed: seedFor(`${file} ${who}`),
            endOnFailure: true,
            asyncReporter: shortReport,
          },
        );
      }, 120_000);
    }
  }
});

/** A route's action, for the cases below. */
const actionOf = (file: string) => ACTIONS.find((a) => a.file === file)!.action;
const form = (fields: Record<string, string>) => ({
  type: "application/x-www-form-urlencoded",
  body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString(),
});

describe("issue #18: a clear 400, and nothing written", () => {
  const person = { name: "住民　太郎", nameKana: "じゅうみん　たろう", phone: "", ageBand: "70s", district: "本郷", consent: "yes" };

  async function refused(file: string, params: Record<string, string>, body: Body, cookie = csrfCookie) {
    const before = await rowCounts();
    const answer = await post(actionOf(file), urlOf(file, params), params, cookie, body);
    expect(await rowCounts()).toEqual(before);
    if ("error" in answer) throw answer.error;
    return answer;
  }

  it("NUL or a control character in a registration's name or district, a survey comment, a login identifier", async () => {
    const sessionId = valid.sessionId!;
    for (const [file, fields] of [
      ["classes.$sessionId.tsx", { ...person, name: "住民\u0000太郎" }],
      ["classes.$sessionId.tsx", { ...person, district: "本郷\u0000" }],
      ["classes.$sessionId.tsx", { ...person, district: "本郷\u001b[2J" }],
      ["classes.$sessionId_.survey.tsx", { satisfaction: "5", clarity: "5", comment: "よかった\u0000" }],
      ["login.tsx", { organizationId: "", identifier: "staff1001@ami.example.lg.jp\u0000", password: "x" }],
    ] as const) {
      expect(await refused(file, { sessionId }, form(fields)), `${file} ${JSON.stringify(fields)}`).toEqual({ status: 400, text: ja.input.unusableCharacter });
    }
    // A lone surrogate arrives as bytes that are not UTF-8 (%ED%A0%80): the same refusal, named as such.
    const broken = { type: "application/x-www-form-urlencoded", body: `_csrf=${CSRF}&name=%ED%A0%80&nameKana=a&ageBand=70s&consent=yes` };
    expect(await refused("classes.$sessionId.tsx", { sessionId }, broken)).toEqual({ status: 400, text: ja.input.badEncoding });
  });

  it("a JSON body or another non-form body, in the visitor's language", async () => {
    const json = { type: "application/json", body: JSON.stringify({ _csrf: CSRF, identifier: "1001", password: "demo-pass-2026" }) };
    expect(await refused("login.tsx", {}, json)).toEqual({ status: 400, text: ja.input.notForm });
    expect(await refused("login.tsx", {}, json, `${csrfCookie}; manabiya_lang=en`)).toEqual({ status: 400, text: en.input.notForm });
    expect(await refused("classes.$sessionId.tsx", { sessionId: valid.sessionId! }, { type: "text/plain", body: "name=x" })).toEqual({
      status: 400,
      text: ja.input.notForm,
    });
    const admin = await sessionCookie(database, "ami", "9001");
    expect(await refused("admin.staff.new.tsx", {}, { type: "application/json", body: "{}" }, admin)).toEqual({ status: 400, text: ja.input.notForm });
  });

  it("a login with a well-formed but unknown organization: 400 saying so, nothing counted or logged", async () => {
    const answer = await refused(
      "login.tsx",
      {},
      form({ organizationId: "00000000-0000-4000-8000-000000000001", identifier: "1001", password: "demo-pass-2026" }),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toBe(ja.login.errors.unknownOrganization);
    const english = await refused(
      "login.tsx",
      {},
      form({ organizationId: "00000000-0000-4000-8000-000000000002", identifier: "1001", password: "x" }),
      `${csrfCookie}; manabiya_lang=en`,
    );
    expect(english).toEqual({ status: 400, text: en.login.errors.unknownOrganization });
  });

  it("an id that is not a UUID is 'not found', never a database error, wherever a form names a row", async () => {
    const admin = await sessionCookie(database, "ami", "9001");
    for (const id of ["yes", "", "------------------------------------", "00000000-0000-4000-8000-00000000000g", "1 or 1=1"]) {
      const cases: [string, Record<string, string>][] = [
        ["admin.classes.personal-data.tsx", { confirm: "yes", registrationId: id }],
        ["admin.departments.tsx", { intent: "rename", name: "新しい課", departmentId: id }],
        ["admin.classes.$sessionId.tsx", { intent: "note", registrationId: id, note: "メモ" }],
        ["admin.classes.$sessionId.tsx", { intent: "mark", registrationId: id, status: "present" }],
      ];
      for (const [file, fields] of cases) {
        const answer = await refused(file, valid, form(fields), admin);
        expect([404, 409], `${file} ${JSON.stringify(fields)}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      }
    }
  });

  it("a redirect whose path holds a form value is encoded, so Japanese or a '#' in it cannot break the answer", async () => {
    const admin = await sessionCookie(database, "ami", "9001");
    for (const anchor of ["名簿", "a#b?c=/d", "roster\r\nX: y"]) {
      const answer = await post(
        actionOf("admin.classes.$sessionId.tsx"),
        urlOf("admin.classes.$sessionId.tsx", valid),
        valid,
        admin,
        form({ intent: "reopen", anchor }),
      );
      if ("error" in answer) throw answer.error;
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(`/admin/classes/${valid.sessionId}?done=reopen#${encodeURIComponent(anchor)}`);
    }
  });
});
