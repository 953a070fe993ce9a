/**
 * The benchmark dataset: a deterministic (seeded) population of organizations, staff, classes with registrations and
 * attendance, quiz attempts, completions, campaigns and KPIs, written through a `Loader` (COPY). The same scale, seed
 * and reference day always give the same rows, identifiers included.
 *
 * Shapes follow the demo data (app/demo/classes/) and the app's rules: one attendance row per registration, at most
 * one completion per person, course and fiscal year, attempt numbers 1, 2 … per person and quiz, at most two attempts
 * per fiscal year (so a benchmark user can always start another), receipt numbers unique per organization.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { DEFAULT_JOB_RANKS, type EmploymentType, type Role } from "../app/staff/constants";
import { DAY_MS, fiscalYearOf, fiscalYearRange } from "../app/kernel/dates";
import { dayDate, dayInstant, jstDay } from "../app/kernel/days";
import { Rng } from "../app/kernel/random";
import { gradeQuiz, type Answer } from "../app/quizzes/grading";
import type { QuizDefinition } from "../app/quizzes/schema";
import type { Loader, TableWriter } from "./copy";

export interface Scale {
  name: string;
  organizations: number;
  staff: number;
  sessions: number;
  attendance: number;
  quizAttempts: number;
  /** Confirmed registrations, none checked in yet, of the one busy session the check-in run uses. */
  busyRegistrations: number;
}

/** "prefecture" is the scale; "city" is 1/10 of it, "town" 1/500 for quick runs; "tiny" is for the smoke test. */
export const SCALES: Record<string, Scale> = {
  prefecture: {
    name: "prefecture",
    organizations: 50,
    staff: 100_000,
    sessions: 500_000,
    attendance: 5_000_000,
    quizAttempts: 2_000_000,
    busyRegistrations: 3_000,
  },
  city: { name: "city", organizations: 5, staff: 10_000, sessions: 50_000, attendance: 500_000, quizAttempts: 200_000, busyRegistrations: 1_000 },
  town: { name: "town", organizations: 2, staff: 200, sessions: 1_000, attendance: 10_000, quizAttempts: 4_000, busyRegistrations: 600 },
  tiny: { name: "tiny", organizations: 1, staff: 40, sessions: 60, attendance: 300, quizAttempts: 60, busyRegistrations: 300 },
};

/** Fiscal years of history: the current one and the two before it. */
export const FISCAL_YEARS = 3;
export const BENCH_PASSWORD = "bench-pass-2026";
/** The busy session's series title; the check-in run finds it by this. */
export const BUSY_SERIES_TITLE = "市民公開講座 デジタル活用フォーラム（文化ホール）";
/** Staff numbers: the DX office admin of every organization is the first. */
export const FIRST_STAFF_NUMBER = 10_000;
export const orgSlug = (i: number) => `bench-${String(i + 1).padStart(2, "0")}`;

// ---------------------------------------------------------------------------------------------------------------------
// Identifiers (the randomness is the app's seeded generator, app/kernel/random.ts)

const TABLE_TAGS = {
  organizations: 0x1,
  departments: 0x2,
  job_ranks: 0x3,
  users: 0x4,
  venues: 0x5,
  class_series: 0x6,
  class_sessions: 0x7,
  registrations: 0x8,
  surveys: 0x9,
  quiz_attempts: 0xa,
  course_completions: 0xb,
  campaigns: 0xc,
  kpis: 0xd,
  kpi_entries: 0xe,
} as const;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/**
 * A UUID (version-4 shaped) for row `n` of a table: a hash in front spreads rows over the index like random UUIDs do,
 * the counter at the end keeps them unique. `seed` makes two datasets' identifiers differ.
 */
export function rowId(table: keyof typeof TABLE_TAGS, n: number, seed = 0): string {
  const tag = TABLE_TAGS[table];
  const h = Math.imul((n ^ Math.imul(tag, 0x9e3779b1) ^ seed) >>> 0, 0x85ebca6b) >>> 0;
  const h2 = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return `${hex(h2, 8)}-${hex(tag, 4)}-4${hex((h2 >>> 20) & 0xfff, 3)}-8${hex(seed & 0xfff, 3)}-${hex(n, 12)}`;
}

/** 受付番号 (XXXX-XXXX, the app's alphabet): a bijective scramble of a counter, so unique and random-looking. */
const RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const RECEIPT_SPACE = 31 ** 8;
export function receiptNumber(n: number): string {
  // n·K + C mod 31^8 is a bijection when K is coprime with 31; done in two halves to stay exact in doubles.
  const K = 1_000_003;
  const hi = Math.floor(n / 1_000_000);
  const lo = n % 1_000_000;
  let x = (((hi * K) % RECEIPT_SPACE) * 1_000_000 + lo * K + 77_777_777) % RECEIPT_SPACE;
  let s = "";
  for (let i = 0; i < 8; i++) {
    s = RECEIPT_ALPHABET[x % 31] + s;
    x = Math.floor(x / 31);
  }
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Certificate code (16 characters of Crockford base32, like the app's) from a counter: unique. */
const CERT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function certificateCode(n: number, seed = 0): string {
  const h = Math.imul((n ^ 0x5bd1e995 ^ seed) >>> 0, 0x27d4eb2d) >>> 0;
  let out = "";
  let a = h;
  for (let i = 0; i < 6; i++) {
    out += CERT_ALPHABET[a & 31];
    a >>>= 5;
  }
  let b = n;
  for (let i = 0; i < 10; i++) {
    out += CERT_ALPHABET[b % 32];
    b = Math.floor(b / 32);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Names

const PLACES =
  "桜 若葉 青葉 緑 朝日 富士見 港 北山 南原 東野 西浦 中川 大森 小松 高原 水沢 白石 黒田 赤坂 岩井 松島 竹田 梅園 菊川 藤沢 柏木 杉並 楓 椿 山吹".split(" ");
const PLACE_KANA =
  "さくら わかば あおば みどり あさひ ふじみ みなと きたやま みなみはら ひがしの にしうら なかがわ おおもり こまつ たかはら みずさわ しらいし くろだ あかさか いわい まつしま たけだ うめぞの きくがわ ふじさわ かしわぎ すぎなみ かえで つばき やまぶき".split(
    " ",
  );
const FAMILY = [
  ["佐藤", "さとう"],
  ["鈴木", "すずき"],
  ["高橋", "たかはし"],
  ["田中", "たなか"],
  ["伊藤", "いとう"],
  ["渡辺", "わたなべ"],
  ["山本", "やまもと"],
  ["中村", "なかむら"],
  ["小林", "こばやし"],
  ["加藤", "かとう"],
  ["吉田", "よしだ"],
  ["山田", "やまだ"],
  ["佐々木", "ささき"],
  ["山口", "やまぐち"],
  ["松本", "まつもと"],
  ["井上", "いのうえ"],
  ["木村", "きむら"],
  ["林", "はやし"],
  ["斎藤", "さいとう"],
  ["清水", "しみず"],
  ["山崎", "やまざき"],
  ["森", "もり"],
  ["池田", "いけだ"],
  ["橋本", "はしもと"],
] as const;
const GIVEN = [
  ["美和", "みわ"],
  ["健一", "けんいち"],
  ["誠", "まこと"],
  ["由美", "ゆみ"],
  ["翔太", "しょうた"],
  ["さくら", "さくら"],
  ["浩二", "こうじ"],
  ["恵子", "けいこ"],
  ["大輔", "だいすけ"],
  ["隆", "たかし"],
  ["真理", "まり"],
  ["拓也", "たくや"],
  ["陽子", "ようこ"],
  ["直樹", "なおき"],
  ["花子", "はなこ"],
  ["一郎", "いちろう"],
  ["和子", "かずこ"],
  ["修", "おさむ"],
  ["明美", "あけみ"],
  ["博", "ひろし"],
] as const;
const DEPARTMENTS =
  "総務課 人事課 秘書広聴課 企画政策課 財政課 税務課 収納課 会計課 住民課 保険年金課 福祉課 高齢福祉課 子ども家庭課 健康づくり課 環境課 農政課 商工観光課 都市計画課 道路課 上下水道課 防災危機管理課 学校教育課 生涯学習課 中央公民館 図書館 議会事務局 選挙管理委員会 監査委員事務局 情報政策課 DX推進室".split(
    " ",
  );
const DISTRICTS = "中央 本町 東 西 南 北 駅前 新町 旧町 川沿 山手 丘".split(" ");

// ---------------------------------------------------------------------------------------------------------------------

export interface LoadSummary {
  rows: Record<string, number>;
  /** Seconds spent generating and loading each group of tables. */
  seconds: Record<string, number>;
  /** Per table: rows, size of the COPY text, and time the generator waited for the database on it. */
  tables: Record<string, { rows: number; megabytes: number; waitSeconds: number }>;
}

interface ContentRefs {
  courses: Map<string, { id: string; contentHash: string }>;
  examQuizzes: { id: string; slug: string; courseSlug: string; versionId: string; definition: QuizDefinition }[];
}

async function contentRefs(db: Db): Promise<ContentRefs> {
  const courses = await queryRows<{ id: string; slug: string; content_hash: string }>(db, sql`select id, slug, content_hash from courses where not archived`);
  const quizzes = await queryRows<{ id: string; slug: string; course_slug: string; version_id: string; definition: QuizDefinition | string }>(
    db,
    sql`select q.id, q.slug, c.slug as course_slug, q.current_version_id as version_id, v.definition
      from quizzes q join courses c on c.id = q.course_id join quiz_versions v on v.id = q.current_version_id
      where q.mode = 'exam' and not q.archived and not c.archived order by c.slug, q.slug`,
  );
  return {
    courses: new Map(courses.map((c) => [c.slug, { id: c.id, contentHash: c.content_hash }])),
    examQuizzes: quizzes.map((q) => ({
      id: q.id,
      slug: q.slug,
      courseSlug: q.course_slug,
      versionId: q.version_id,
      definition: typeof q.definition === "string" ? (JSON.parse(q.definition) as QuizDefinition) : q.definition,
    })),
  };
}

/** Answers for a quiz: every question right, or only the first `right` of them. */
export function answersFor(def: QuizDefinition, right: number): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  def.questions.forEach((q, i) => {
    const correct = i < right;
    if (q.type === "single") out[q.id] = { choices: [(correct ? q.choices.find((c) => c.correct) : q.choices.find((c) => !c.correct))!.id] };
    else if (q.type === "multiple")
      out[q.id] = {
        choices: q.choices
          .filter((c) => c.correct === correct)
          .map((c) => c.id)
          .slice(0, correct ? 8 : 1),
      };
    else if (q.type === "truefalse") out[q.id] = { value: correct ? q.answer : !q.answer };
    else out[q.id] = { order: correct ? q.items.map((x) => x.id) : [...q.items.map((x) => x.id)].reverse() };
  });
  return out;
}

/** Splits `total` over `weights` exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

interface Org {
  index: number;
  id: string;
  slug: string;
  staff: number;
  sessions: number;
  attendance: number;
  attempts: number;
  departments: string[];
  jobRanks: string[];
  /** User ids in staff-number order; [0] is the DX office admin. */
  users: string[];
  active: boolean[];
  employment: EmploymentType[];
  instructors: number[];
  venues: string[];
}

/**
 * Generates and loads the whole dataset. Content (courses, quizzes) must already be synced. Returns row counts and
 * timings per group of tables.
 */
export async function loadDataset(
  db: Db,
  loader: Loader,
  scale: Scale,
  options: { today?: Date; seed?: number; passwordHash: string; log?: (line: string) => void },
): Promise<LoadSummary> {
  const today = options.today ?? new Date();
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const refs = await contentRefs(db);
  const summary: LoadSummary = { rows: {}, seconds: {}, tables: {} };
  const currentFy = fiscalYearOf(today);
  const firstFy = currentFy - (FISCAL_YEARS - 1);
  const todayDay = jstDay(today);
  const firstDay = jstDay(fiscalYearRange(firstFy).start);
  const lastDay = todayDay + 60; // three months of classes already scheduled
  const weights = Array.from({ length: scale.organizations }, (_, i) => 1 / (i + 1) ** 0.7);
  const staffPer = apportion(scale.staff, weights);
  const sessionsPer = apportion(scale.sessions, weights);
  const attendancePer = apportion(scale.attendance, weights);
  const attemptsPer = apportion(scale.quizAttempts, weights);

  let phaseStart = Date.now();
  const phase = async (name: string, writers: TableWriter[]) => {
    for (const w of writers) {
      await w.close();
      summary.rows[w.table] = (summary.rows[w.table] ?? 0) + w.rows;
    }
    const s = (Date.now() - phaseStart) / 1000;
    summary.seconds[name] = s;
    log(`${name}: ${s.toFixed(1)} s (tables written together)`);
    for (const w of writers) {
      summary.tables[w.table] = { rows: w.rows, megabytes: Math.round(w.bytes / 2 ** 20), waitSeconds: w.waitMs / 1000 };
      log(
        `  ${w.table}: ${w.rows.toLocaleString("en-US")} rows, ${(w.bytes / 2 ** 20).toFixed(1)} MB of COPY text, ${(w.waitMs / 1000).toFixed(1)} s waiting for the database`,
      );
    }
    phaseStart = Date.now();
  };

  // -------- organizations, 課, 職位, staff, venues, KPIs
  const orgs: Org[] = [];
  {
    const wOrg = await loader.open("organizations", ["id", "slug", "name", "name_kana", "prefecture", "resident_data_retention_days", "publish_kpis"]);
    const wDept = await loader.open("departments", ["id", "organization_id", "code", "name", "position"]);
    const wRank = await loader.open("job_ranks", ["id", "organization_id", "name", "position"]);
    let deptN = 0;
    let rankN = 0;
    for (let i = 0; i < scale.organizations; i++) {
      const place = PLACES[i % PLACES.length]!;
      const kind = i === 0 ? "市" : i % 3 === 0 ? "村" : i % 2 === 0 ? "町" : "市";
      const suffix = i >= PLACES.length ? String(Math.floor(i / PLACES.length) + 1) : "";
      const id = rowId("organizations", i, seed);
      wOrg.row([
        id,
        orgSlug(i),
        `${place}${suffix}${kind}`,
        `${PLACE_KANA[i % PLACE_KANA.length]}${kind === "市" ? "し" : kind === "町" ? "まち" : "むら"}`,
        "架空県",
        365,
        i % 4 === 0,
      ]);
      const nDept = Math.min(DEPARTMENTS.length + 30, 8 + Math.floor(staffPer[i]! / 250));
      const departments: string[] = [];
      for (let d = 0; d < nDept; d++) {
        const base = DEPARTMENTS[d % DEPARTMENTS.length]!;
        const name =
          d < DEPARTMENTS.length
            ? base
            : `${base.replace(/(課|室|館|局)$/, "")}第${Math.floor(d / DEPARTMENTS.length) + 1}${base.match(/(課|室|館|局)$/)?.[0] ?? "課"}`;
        const deptId = rowId("departments", deptN++, seed);
        departments.push(deptId);
        wDept.row([deptId, id, `d${String(d + 1).padStart(2, "0")}`, name, d]);
      }
      const jobRanks = DEFAULT_JOB_RANKS.map((name, position) => {
        const rankId = rowId("job_ranks", rankN++, seed);
        wRank.row([rankId, id, name, position]);
        return rankId;
      });
      orgs.push({
        index: i,
        id,
        slug: orgSlug(i),
        staff: staffPer[i]!,
        sessions: sessionsPer[i]!,
        attendance: attendancePer[i]!,
        attempts: attemptsPer[i]!,
        departments,
        jobRanks,
        users: [],
        active: [],
        employment: [],
        instructors: [],
        venues: [],
      });
    }
    await phase("organizations", [wOrg, wDept, wRank]);
  }

  {
    const wUser = await loader.open("users", [
      "id",
      "organization_id",
      "department_id",
      "job_rank_id",
      "staff_number",
      "name",
      "name_kana",
      "email",
      "employment_type",
      "roles",
      "active",
      "password_hash",
      "password_changed_at",
    ]);
    const wVenue = await loader.open("venues", ["id", "organization_id", "name", "address", "capacity", "accessibility_notes"]);
    const wKpi = await loader.open("kpis", [
      "id",
      "organization_id",
      "code",
      "name",
      "policy_area",
      "unit",
      "direction",
      "accumulation",
      "baseline_value",
      "baseline_fiscal_year",
      "targets",
      "source",
      "position",
    ]);
    const wEntry = await loader.open("kpi_entries", ["id", "organization_id", "kpi_id", "entered_on", "value", "note", "entered_by"]);
    let userN = 0;
    let venueN = 0;
    let kpiN = 0;
    let entryN = 0;
    const changedAt = dayInstant(firstDay, 9 * 60);
    for (const org of orgs) {
      const rng = new Rng(`${seed}:staff:${org.index}`);
      const managerOf = new Set<number>();
      for (let j = 0; j < org.staff; j++) {
        const id = rowId("users", userN++, seed);
        const dept = j < org.departments.length ? j : rng.int(0, org.departments.length - 1);
        const isManager = j >= 2 && j - 2 < org.departments.length && !managerOf.has(j - 2);
        if (isManager) managerOf.add(j - 2);
        const employment: EmploymentType =
          j < 2
            ? "regular"
            : rng.weighted<EmploymentType>([
                ["regular", 70],
                ["fiscal_year", 20],
                ["reappointed", 5],
                ["temporary", 3],
                ["commissioned", 2],
              ]);
        const roles: Role[] =
          j === 0
            ? ["learner", "dx_admin"]
            : j === 1
              ? ["learner", "hr_admin"]
              : isManager
                ? ["learner", "dept_manager"]
                : rng.chance(0.01)
                  ? ["learner", "instructor"]
                  : ["learner"];
        if (roles.includes("instructor")) org.instructors.push(j);
        const rank = isManager ? 2 : employment === "fiscal_year" ? 8 : rng.int(3, 7);
        const [family, familyKana] = rng.pick(FAMILY);
        const [given, givenKana] = rng.pick(GIVEN);
        const active = j < 2 || isManager || !rng.chance(0.02);
        org.users.push(id);
        org.active.push(active);
        org.employment.push(employment);
        const staffNumber = String(FIRST_STAFF_NUMBER + j);
        wUser.row([
          id,
          org.id,
          org.departments[isManager ? j - 2 : dept],
          org.jobRanks[rank],
          staffNumber,
          `${family}　${given}`,
          `${familyKana}　${givenKana}`,
          `s${staffNumber}@${org.slug}.bench.example.lg.jp`,
          employment,
          roles,
          active,
          options.passwordHash,
          changedAt,
        ]);
        if (j % 2000 === 1999) await wUser.pace();
      }
      if (!org.instructors.length) org.instructors.push(0);
      const nVenues = 3 + Math.floor(org.staff / 1500);
      for (let v = 0; v < nVenues; v++) {
        const id = rowId("venues", venueN++, seed);
        org.venues.push(id);
        wVenue.row([
          id,
          org.id,
          v === 0 ? "中央公民館" : v === 1 ? "文化ホール" : `${DISTRICTS[v % DISTRICTS.length]}地区センター${v >= DISTRICTS.length ? v : ""}`,
          `架空県${org.slug} ${v + 1}-1`,
          v === 1 ? 5000 : rng.int(20, 60),
          v % 2 ? "段差なし、エレベーターあり" : null,
        ]);
      }
      const kpiDefs: {
        code: string;
        name: string;
        policyArea: string;
        unit: string;
        direction: string;
        accumulation: string;
        baseline: number;
        target: number;
        source: unknown;
      }[] = [
        {
          code: "smartphone-classes",
          name: "スマートフォン講習会の開催回数（年間あたり）",
          policyArea: "基本方針1 デジタルデバイド対策",
          unit: "回",
          direction: "increase",
          accumulation: "yearly",
          baseline: 24,
          target: Math.round(org.sessions / 3),
          source: { kind: "records", metric: "sessions_held", filters: { category: "smartphone", audience: "residents" } },
        },
        {
          code: "smartphone-participants",
          name: "スマートフォン講習会の参加者数（実人数）",
          policyArea: "基本方針1 デジタルデバイド対策",
          unit: "人",
          direction: "increase",
          accumulation: "yearly",
          baseline: 100,
          target: Math.round(org.attendance / 4),
          source: { kind: "records", metric: "unique_participants", filters: { category: "smartphone", audience: "residents" } },
        },
        {
          code: "class-attendances",
          name: "教室・講座の延べ参加者数",
          policyArea: "基本方針1 デジタルデバイド対策",
          unit: "人",
          direction: "increase",
          accumulation: "yearly",
          baseline: 300,
          target: Math.round(org.attendance / 3),
          source: { kind: "records", metric: "total_attendances", filters: { audience: "residents" } },
        },
        {
          code: "satisfaction",
          name: "教室の満足度（5段階の平均）",
          policyArea: "基本方針1 デジタルデバイド対策",
          unit: "点",
          direction: "increase",
          accumulation: "yearly",
          baseline: 3.8,
          target: 4.3,
          source: { kind: "records", metric: "average_satisfaction", filters: { audience: "residents" } },
        },
        {
          code: "digital-training",
          name: "デジタル人材育成研修実施回数（年間あたり）",
          policyArea: "基本方針3 デジタル人材の育成・確保",
          unit: "回",
          direction: "increase",
          accumulation: "yearly",
          baseline: 0,
          target: Math.max(2, Math.round(org.sessions / 40)),
          source: { kind: "records", metric: "sessions_held", filters: { category: "dx-literacy", audience: "staff" } },
        },
        {
          code: "security-incidents",
          name: "情報セキュリティインシデント発生回数",
          policyArea: "基本方針3 セキュリティ対策の徹底",
          unit: "回",
          direction: "keep",
          accumulation: "yearly",
          baseline: 0,
          target: 0,
          source: { kind: "manual", aggregate: "sum" },
        },
        {
          code: "bpr-processes",
          name: "BPR実施業務数（累計）",
          policyArea: "基本方針2 BPRの取組の徹底",
          unit: "業務",
          direction: "increase",
          accumulation: "level",
          baseline: 0,
          target: 25,
          source: { kind: "manual", aggregate: "latest" },
        },
      ];
      kpiDefs.forEach((k, position) => {
        const id = rowId("kpis", kpiN++, seed);
        wKpi.row([
          id,
          org.id,
          k.code,
          k.name,
          k.policyArea,
          k.unit,
          k.direction,
          k.accumulation,
          k.baseline,
          firstFy - 1,
          { json: { [String(currentFy + 1)]: k.target } },
          { json: k.source },
          position,
        ]);
        if (k.code === "security-incidents" || k.code === "bpr-processes") {
          for (let fy = firstFy; fy <= currentFy; fy++) {
            for (let q = 0; q < 4; q++) {
              const day = jstDay(fiscalYearRange(fy).start) + q * 91 + 45;
              if (day > todayDay) continue;
              const value = k.code === "bpr-processes" ? (fy - firstFy) * 6 + q * 2 + 2 : rng.chance(0.2) ? 1 : 0;
              if (k.code === "security-incidents" && value === 0) continue;
              wEntry.row([rowId("kpi_entries", entryN++, seed), org.id, id, dayDate(day), value, null, org.users[0]]);
            }
          }
        }
      });
    }
    await phase("staff", [wUser, wVenue, wKpi, wEntry]);
  }

  // -------- classes: series, sessions, instructors, registrations, attendance, surveys
  {
    const wSeries = await loader.open("class_series", [
      "id",
      "organization_id",
      "title",
      "description",
      "course_id",
      "category",
      "audience",
      "organizer_type",
      "organizer_name",
      "format",
      "created_at",
    ]);
    const wSession = await loader.open("class_sessions", [
      "id",
      "organization_id",
      "series_id",
      "number",
      "starts_at",
      "ends_at",
      "venue_id",
      "capacity",
      "status",
      "cancel_reason",
      "checkin_secret",
      "closed_at",
      "created_at",
    ]);
    const wInstr = await loader.open("class_session_instructors", ["session_id", "user_id"]);
    const wReg = await loader.open("registrations", [
      "id",
      "organization_id",
      "session_id",
      "receipt_number",
      "channel",
      "status",
      "user_id",
      "name",
      "name_kana",
      "phone",
      "age_band",
      "district",
      "needs",
      "consent_at",
      "created_by",
      "created_at",
      "cancelled_at",
      "anonymized_at",
    ]);
    const wAtt = await loader.open("attendance", ["registration_id", "organization_id", "session_id", "status", "method", "marked_at", "marked_by"]);
    const wSurvey = await loader.open("surveys", [
      "id",
      "organization_id",
      "session_id",
      "satisfaction",
      "clarity",
      "next_topic",
      "comment",
      "source",
      "entered_by",
      "created_at",
    ]);
    let seriesN = 0;
    let sessionN = 0;
    let regN = 0;
    let surveyN = 0;
    const smartphone = refs.courses.get("smartphone-basics")?.id ?? null;
    const courseFor: Record<string, string | null> = {
      smartphone,
      "dx-literacy": refs.courses.get("dx-basics")?.id ?? null,
      security: refs.courses.get("security-basics")?.id ?? null,
      "dx-promoter": refs.courses.get("dx-promoter-basics")?.id ?? null,
    };
    const anonymizeBefore = todayDay - 365;
    for (const org of orgs) {
      const rng = new Rng(`${seed}:classes:${org.index}`);
      const busy = org.index === 0 && scale.busyRegistrations > 0;
      const regular = org.sessions - (busy ? 1 : 0);
      // Sessions in series of 1–8; their days spread over the three fiscal years and the next two months.
      const sessionDays: number[] = [];
      const span = lastDay - firstDay;
      type Plan = { seriesId: string; audience: "residents" | "staff"; category: string; organizer: string; startDay: number; count: number };
      const plans: Plan[] = [];
      let planned = 0;
      while (planned < regular) {
        const count = Math.min(regular - planned, rng.int(1, 8));
        const audience = rng.chance(0.78) ? "residents" : "staff";
        const category =
          audience === "residents"
            ? rng.weighted([
                ["smartphone", 80],
                ["dx-literacy", 12],
                ["security", 8],
              ] as const)
            : rng.weighted([
                ["dx-literacy", 50],
                ["security", 40],
                ["dx-promoter", 10],
              ] as const);
        const organizer =
          audience === "staff"
            ? "municipal"
            : rng.weighted([
                ["municipal", 40],
                ["private", 20],
                ["carrier", 15],
                ["volunteer", 10],
                ["senior_university", 10],
                ["outreach", 5],
              ] as const);
        plans.push({
          seriesId: rowId("class_series", seriesN++, seed),
          audience,
          category,
          organizer,
          startDay: firstDay + Math.floor(rng.float() * Math.max(1, span - count * 7)),
          count,
        });
        planned += count;
      }
      // Attendance: spread over held sessions; each held session gets its share plus no-shows and cancellations.
      let held = 0;
      for (const p of plans) for (let k = 0; k < p.count; k++) if (p.startDay + k * 7 < todayDay) held++;
      const perHeld = held ? org.attendance / held : 0;
      let attendanceLeft = org.attendance;
      let heldLeft = held;
      for (const p of plans) {
        const titles =
          p.audience === "staff"
            ? { "dx-literacy": "階層別DX研修", security: "情報セキュリティ研修", "dx-promoter": "DX推進員 実践研修", smartphone: "職員向けスマホ研修" }
            : {
                smartphone: "はじめてのスマホ教室",
                "dx-literacy": "マイナポータル活用講座",
                security: "スマホの安全な使い方講座",
                "dx-promoter": "デジタル活用講座",
              };
        const title = `${titles[p.category as keyof typeof titles]}（${String(p.seriesId).slice(0, 4)}）`;
        wSeries.row([
          p.seriesId,
          org.id,
          title,
          "",
          courseFor[p.category] ?? null,
          p.category,
          p.audience,
          p.organizer,
          p.organizer === "carrier" ? "携帯ショップ" : null,
          p.organizer === "outreach" ? "outreach" : p.category === "dx-literacy" && rng.chance(0.1) ? "online" : "in_person",
          dayInstant(p.startDay - 30, 9 * 60),
        ]);
        const startMinutes = rng.pick([10 * 60, 13 * 60 + 30, 18 * 60 + 30]);
        const length = rng.pick([90, 120]);
        const venue = rng.pick(org.venues);
        for (let k = 0; k < p.count; k++) {
          const day = p.startDay + k * 7;
          sessionDays.push(day);
          const sessionId = rowId("class_sessions", sessionN++, seed);
          const startsAt = dayInstant(day, startMinutes);
          const endsAt = new Date(startsAt.getTime() + length * 60_000);
          const past = day < todayDay;
          // The last held session takes what is left of the attendance, so it is never cancelled.
          const cancelled = !(past && heldLeft === 1) && rng.chance(0.02);
          const status = cancelled ? "cancelled" : past ? "held" : "scheduled";
          let attended = 0;
          if (past && !cancelled) {
            // Around the average still to place, so the total comes out exact without a huge last session.
            attended = heldLeft === 1 ? attendanceLeft : Math.min(attendanceLeft, Math.round((attendanceLeft / heldLeft) * (0.6 + 0.8 * rng.float())));
            attendanceLeft -= attended;
          }
          if (past) heldLeft--;
          const noShows = past ? Math.round(attended * 0.08 + rng.float()) : 0;
          const confirmedFuture = past ? 0 : rng.int(0, Math.max(1, Math.round(perHeld)));
          const cancelledRegs = rng.chance(0.3) ? 1 : 0;
          const capacity = Math.max(p.audience === "staff" ? 30 : 12, attended + noShows + confirmedFuture);
          wSession.row([
            sessionId,
            org.id,
            p.seriesId,
            k + 1,
            startsAt,
            endsAt,
            venue,
            capacity,
            status,
            cancelled ? "講師の体調不良のため" : null,
            rng.hex(32),
            past && !cancelled ? new Date(endsAt.getTime() + 3_600_000) : null,
            dayInstant(p.startDay - 30, 9 * 60),
          ]);
          if (p.organizer === "municipal") wInstr.row([sessionId, org.users[rng.pick(org.instructors)]]);
          const total = attended + noShows + confirmedFuture + cancelledRegs;
          // Staff trainings: consecutive staff from a random offset, so nobody is registered twice for one session.
          const offset = rng.int(0, org.staff - 1);
          for (let r = 0; r < total; r++) {
            const regId = rowId("registrations", regN, seed);
            const receipt = receiptNumber(regN);
            regN++;
            const isCancelled = r >= total - cancelledRegs;
            const createdAt = dayInstant(day - rng.int(1, 30), rng.int(8 * 60, 20 * 60));
            if (p.audience === "staff") {
              const u = org.users[(offset + r) % org.staff];
              wReg.row([
                regId,
                org.id,
                sessionId,
                receipt,
                rng.chance(0.3) ? "hr_bulk" : "staff",
                isCancelled ? "cancelled" : "confirmed",
                u,
                null,
                null,
                null,
                null,
                null,
                "[]",
                null,
                null,
                createdAt,
                isCancelled ? createdAt : null,
                null,
              ]);
            } else {
              const anonymized = day < anonymizeBefore;
              const [family, familyKana] = rng.pick(FAMILY);
              const [given, givenKana] = rng.pick(GIVEN);
              const walkIn = r < attended && rng.chance(0.05);
              wReg.row([
                regId,
                org.id,
                sessionId,
                receipt,
                walkIn ? "walk_in" : rng.chance(0.7) ? "online" : "phone",
                isCancelled ? "cancelled" : "confirmed",
                null,
                anonymized ? null : `${family}　${given}`,
                anonymized ? null : `${familyKana}　${givenKana}`,
                anonymized ? null : `090-${String(1000 + (regN % 9000)).padStart(4, "0")}-${String(regN % 10000).padStart(4, "0")}`,
                rng.weighted([
                  ["under60", 10],
                  ["60s", 30],
                  ["70s", 45],
                  ["80plus", 15],
                ] as const),
                anonymized ? null : rng.pick(DISTRICTS),
                anonymized ? "[]" : rng.chance(0.08) ? '["large_print"]' : "[]",
                createdAt,
                null,
                createdAt,
                isCancelled ? createdAt : null,
                anonymized ? dayInstant(day + 366, 3 * 60) : null,
              ]);
            }
            if (r < attended) {
              const s = rng.float();
              wAtt.row([
                regId,
                org.id,
                sessionId,
                s < 0.9 ? "present" : s < 0.96 ? "late" : "left_early",
                rng.chance(0.3) ? "self" : "roster",
                new Date(startsAt.getTime() + rng.int(-10, 20) * 60_000),
                null,
              ]);
            }
          }
          if (attended && p.audience === "residents") {
            const n = Math.round(attended * 0.12 + rng.float() * 0.8);
            for (let v = 0; v < n; v++) {
              wSurvey.row([
                rowId("surveys", surveyN++, seed),
                org.id,
                sessionId,
                rng.weighted([
                  [5, 45],
                  [4, 35],
                  [3, 15],
                  [2, 4],
                  [1, 1],
                ] as const),
                rng.weighted([
                  [5, 40],
                  [4, 40],
                  [3, 15],
                  [2, 5],
                ] as const),
                rng.chance(0.3) ? "LINEのビデオ通話" : null,
                null,
                rng.chance(0.5) ? "paper" : "qr",
                null,
                endsAt,
              ]);
            }
          }
          if (sessionN % 256 === 0) for (const w of [wSeries, wSession, wInstr, wReg, wAtt, wSurvey]) await w.pace();
        }
      }
      if (busy) {
        // The busy session: a lecture in the hall with many confirmed registrations and nobody checked in yet.
        // Its time is moved to "now" by the benchmark before the check-in run.
        const seriesId = rowId("class_series", seriesN++, seed);
        wSeries.row([
          seriesId,
          org.id,
          BUSY_SERIES_TITLE,
          "",
          null,
          "smartphone",
          "residents",
          "municipal",
          null,
          "in_person",
          dayInstant(todayDay - 30, 9 * 60),
        ]);
        const sessionId = rowId("class_sessions", sessionN++, seed);
        const startsAt = dayInstant(todayDay, 13 * 60);
        wSession.row([
          sessionId,
          org.id,
          seriesId,
          1,
          startsAt,
          new Date(startsAt.getTime() + 120 * 60_000),
          org.venues[1] ?? org.venues[0],
          scale.busyRegistrations,
          "scheduled",
          null,
          rng.hex(32),
          null,
          dayInstant(todayDay - 30, 9 * 60),
        ]);
        for (let r = 0; r < scale.busyRegistrations; r++) {
          const [family, familyKana] = rng.pick(FAMILY);
          const [given, givenKana] = rng.pick(GIVEN);
          const createdAt = dayInstant(todayDay - rng.int(1, 25), rng.int(8 * 60, 20 * 60));
          wReg.row([
            rowId("registrations", regN, seed),
            org.id,
            sessionId,
            receiptNumber(regN),
            "online",
            "confirmed",
            null,
            `${family}　${given}`,
            `${familyKana}　${givenKana}`,
            null,
            rng.pick(["60s", "70s"]),
            rng.pick(DISTRICTS),
            "[]",
            createdAt,
            null,
            createdAt,
            null,
            null,
          ]);
          regN++;
        }
      }
      await Promise.all([wSession.pace(), wReg.pace()]);
    }
    await phase("classes", [wSeries, wSession, wInstr, wReg, wAtt, wSurvey]);
  }

  // -------- quiz attempts and course completions
  {
    const wAttempt = await loader.open("quiz_attempts", [
      "id",
      "organization_id",
      "user_id",
      "quiz_id",
      "quiz_version_id",
      "attempt_number",
      "seed",
      "status",
      "started_at",
      "deadline_at",
      "submitted_at",
      "score",
      "max_score",
      "percent",
      "passed",
      "answers",
    ]);
    const wDone = await loader.open("course_completions", [
      "id",
      "organization_id",
      "user_id",
      "course_id",
      "completed_at",
      "fiscal_year",
      "certificate_code",
      "course_content_hash",
      "scores",
    ]);
    let attemptN = 0;
    let doneN = 0;
    // Two prepared answer sheets per quiz: a pass (all right) and a fail (half right), graded by the app's grader.
    const sheets = refs.examQuizzes.map((q) => {
      const grade = (right: number) => {
        const answers = answersFor(q.definition, right);
        const r = gradeQuiz(q.definition, answers);
        return { json: JSON.stringify(answers), score: r.score, maxScore: r.maxScore, percent: r.percent, passed: r.passed };
      };
      return {
        quiz: q,
        pass: grade(q.definition.questions.length),
        fail: grade(Math.floor(q.definition.questions.length / 2)),
        limit: q.definition.timeLimitMinutes ?? null,
        course: refs.courses.get(q.courseSlug)!,
      };
    });
    const years = Array.from({ length: FISCAL_YEARS }, (_, k) => firstFy + k);
    if (sheets.length) {
      for (const org of orgs) {
        const rng = new Rng(`${seed}:attempts:${org.index}`);
        // Slots (person × fiscal year × quiz) each get 1 or 2 attempts so that the total is exact (at most 2 per
        // year: a benchmark user can always start another under a limit of 3).
        const slots = org.staff * years.length * sheets.length;
        const total = Math.min(2 * slots, org.attempts);
        const nth = new Map<string, number>();
        let slot = 0;
        for (const fy of years) {
          const { start, end } = fiscalYearRange(fy);
          const windowEnd = Math.min(end.getTime(), today.getTime() - 3_600_000);
          for (const s of sheets) {
            for (let u = 0; u < org.staff; u++, slot++) {
              // Integer arithmetic, so the slots add up to exactly `total`.
              const n = Math.floor(((slot + 1) * total) / slots) - Math.floor((slot * total) / slots);
              if (n <= 0) continue;
              const key = `${u}:${s.quiz.id}`;
              let at = start.getTime() + rng.float() * Math.max(0, windowEnd - start.getTime() - 2 * DAY_MS);
              for (let a = 0; a < n; a++) {
                const number = (nth.get(key) ?? 0) + 1;
                nth.set(key, number);
                const passes = a === n - 1 && rng.chance(0.85);
                const sheet = passes ? s.pass : s.fail;
                const startedAt = new Date(at);
                const submittedAt = new Date(at + rng.int(4, Math.max(5, (s.limit ?? 30) - 1)) * 60_000);
                const deadlineAt = s.limit ? new Date(at + s.limit * 60_000) : null;
                const expired = !passes && rng.chance(0.01);
                wAttempt.row([
                  rowId("quiz_attempts", attemptN++, seed),
                  org.id,
                  org.users[u],
                  s.quiz.id,
                  s.quiz.versionId,
                  number,
                  rng.int(1, 2 ** 31 - 2),
                  expired ? "expired" : "submitted",
                  startedAt,
                  deadlineAt,
                  expired ? null : submittedAt,
                  expired ? null : sheet.score,
                  expired ? null : sheet.maxScore,
                  expired ? null : sheet.percent,
                  expired ? null : sheet.passed,
                  expired ? null : sheet.json,
                ]);
                if (passes && s.quiz.definition.required && rng.chance(0.9)) {
                  wDone.row([
                    rowId("course_completions", doneN, seed),
                    org.id,
                    org.users[u],
                    s.course.id,
                    new Date(submittedAt.getTime() + 60_000),
                    fy,
                    certificateCode(doneN, seed),
                    s.course.contentHash,
                    JSON.stringify({ [s.quiz.slug]: sheet.percent }),
                  ]);
                  doneN++;
                }
                at += rng.int(1, 20) * DAY_MS;
                if (at > windowEnd) at = windowEnd - (n - a) * 3_600_000;
              }
              if (attemptN % 2048 === 0) await Promise.all([wAttempt.pace(), wDone.pace()]);
            }
          }
        }
      }
    }
    await phase("quizzes", [wAttempt, wDone]);
  }

  // -------- campaigns (3 fiscal years) and their courses
  {
    const wCampaign = await loader.open("campaigns", [
      "id",
      "organization_id",
      "key",
      "fiscal_year",
      "title",
      "description",
      "starts_on",
      "due_on",
      "count_earlier_completions",
      "audience",
      "reminders",
      "archived",
      "copied_from_id",
      "created_by",
    ]);
    const wCourses = await loader.open("campaign_courses", ["campaign_id", "course_id"]);
    let campaignN = 0;
    const reminders = { atStart: true, daysBefore: [14, 3], overdueEveryDays: 7, copyManagerWhenOverdue: true };
    for (const org of orgs) {
      const previous = new Map<string, string>();
      for (let fy = firstFy; fy <= currentFy; fy++) {
        const defs = [
          {
            key: "security-annual",
            title: `${fy}年度 情報セキュリティ研修`,
            course: "security-basics",
            starts: `${fy}-06-01`,
            due: `${fy}-12-25`,
            audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] },
          },
          {
            key: "dx-literacy",
            title: `${fy}年度 DXリテラシー研修（正規職員）`,
            course: "dx-basics",
            starts: `${fy}-05-01`,
            due: `${fy + 1}-02-28`,
            audience: { departmentIds: [], jobRankIds: [], employmentTypes: ["regular", "reappointed"], roles: [] },
          },
          {
            key: "bpr-leaders",
            title: `${fy}年度 業務改善研修（係長以上）`,
            course: "bpr-basics",
            starts: `${fy}-07-01`,
            due: `${fy}-11-30`,
            audience: { departmentIds: [], jobRankIds: org.jobRanks.slice(2, 5), employmentTypes: [], roles: [] },
          },
        ];
        for (const c of defs) {
          const course = refs.courses.get(c.course);
          if (!course) continue;
          const id = rowId("campaigns", campaignN++, seed);
          wCampaign.row([
            id,
            org.id,
            c.key,
            fy,
            c.title,
            "",
            c.starts,
            c.due,
            true,
            { json: c.audience },
            { json: reminders },
            false,
            previous.get(c.key) ?? null,
            org.users[0],
          ]);
          wCourses.row([id, course.id]);
          previous.set(c.key, id);
        }
      }
    }
    await phase("campaigns", [wCampaign, wCourses]);
  }
  return summary;
}
