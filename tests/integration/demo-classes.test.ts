import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoClasses, type DemoClassesSummary } from "~/demo/classes/seed.server";
import { createAppDatabase } from "../support/app";
import type { TestDatabase } from "../support/database";

const TODAY = new Date("2026-11-22T12:00:00+09:00");

let database: TestDatabase;
let first: DemoClassesSummary;
let seedMs = 0;

/** Rows of a raw query, whichever driver is behind the database (PGlite returns { rows }, postgres-js an array). */
async function rows<T = Record<string, unknown>>(query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
async function count(query: SQL): Promise<number> {
  const [row] = await rows<{ n: number | string }>(query);
  return Number(row?.n ?? 0);
}

const TABLES = ["venues", "class_series", "class_sessions", "class_session_instructors", "registrations", "attendance", "surveys"] as const;
async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = await count(sql.raw(`select count(*)::int as n from ${t}`));
  return out;
}

beforeAll(async () => {
  database = await createAppDatabase();
  const t0 = performance.now();
  first = await seedDemoClasses(database.db, TODAY);
  seedMs = performance.now() - t0;
});
afterAll(async () => {
  await database.dispose();
});

describe("seedDemoClasses", () => {
  it("returns what it wrote, quickly", async () => {
    const counts = await tableCounts();
    expect(first).toEqual({
      series: counts.class_series,
      sessions: counts.class_sessions,
      registrations: counts.registrations,
      attendance: counts.attendance,
      surveys: counts.surveys,
    });
    expect(first).toEqual({ series: 58, sessions: 96, registrations: 1201, attendance: 935, surveys: 591 });
    expect(seedMs).toBeLessThan(database.kind === "pglite" ? 5_000 : 10_000);
  });

  it("gives both organizations venues, residents' classes and staff trainings", async () => {
    const perOrg = await rows<{ slug: string; venues: number; residents: number; staff: number; trainings: string }>(sql`
      select o.slug,
        (select count(*)::int from venues v where v.organization_id = o.id) as venues,
        (select count(*)::int from class_series s where s.organization_id = o.id and s.audience = 'residents' and s.category = 'smartphone') as residents,
        (select count(*)::int from class_series s where s.organization_id = o.id and s.audience = 'staff') as staff,
        (select string_agg(distinct s.category, ',' order by s.category) from class_series s where s.organization_id = o.id and s.audience = 'staff') as trainings
      from organizations o where o.slug in ('ami', 'omitama') order by o.slug`);
    expect(perOrg).toHaveLength(2);
    for (const org of perOrg) {
      expect(org.venues).toBeGreaterThanOrEqual(3);
      expect(org.venues).toBeLessThanOrEqual(5);
      expect(org.residents).toBeGreaterThan(10);
      expect(org.staff).toBeGreaterThanOrEqual(2);
      expect(org.trainings).toBe("dx-literacy,security");
    }
    expect(await count(sql`select count(*)::int as n from venues where capacity not between 12 and 40 or accessibility_notes is null`)).toBe(0);
    // Every organizer type the plans mention appears (小美玉市: 公民館講座, 高齢者大学, 地区サロン, 民間・携帯ショップ, 出張).
    const types = await rows<{ t: string }>(sql`
      select distinct s.organizer_type as t from class_series s join organizations o on o.id = s.organization_id
      where o.slug = 'omitama' and s.audience = 'residents' order by 1`);
    expect(types.map((r) => r.t)).toEqual(["carrier", "municipal", "outreach", "private", "senior_university", "volunteer"]);
    expect(await count(sql`select count(*)::int as n from class_series where organizer_type <> 'municipal' and organizer_name is null`)).toBe(0);
    expect(
      await count(sql`
      select count(*)::int as n from class_series s where s.audience = 'residents'
        and s.course_id is distinct from (select id from courses where slug = 'smartphone-basics')`),
    ).toBe(0);
  });

  it("阿見町 held a plausible number of smartphone classes in FY2026 so far (KPI 24 → 46)", async () => {
    const held = await rows<{ slug: string; n: number }>(sql`
      select o.slug, count(*)::int as n from class_sessions cs
        join class_series s on s.id = cs.series_id join organizations o on o.id = cs.organization_id
      where s.audience = 'residents' and s.category = 'smartphone' and cs.status = 'held'
        and cs.starts_at >= '2026-04-01T00:00:00+09:00' and cs.starts_at < ${TODAY.toISOString()}
      group by o.slug order by o.slug`);
    expect(held).toEqual([
      { slug: "ami", n: 26 },
      { slug: "omitama", n: 22 },
    ]);
  });

  it("schedules weekday daytime sessions (JST) from about ten months back to three months ahead", async () => {
    const bad = await count(sql`
      select count(*)::int as n from class_sessions
      where extract(isodow from starts_at at time zone 'Asia/Tokyo') > 5
         or (starts_at at time zone 'Asia/Tokyo')::time not in ('10:00', '13:30', '15:00')
         or ends_at <= starts_at
         or starts_at < ${new Date(TODAY.getTime() - 305 * 86_400_000).toISOString()}
         or starts_at > ${new Date(TODAY.getTime() + 120 * 86_400_000).toISOString()}`);
    expect(bad).toBe(0);
    const byStatus = await rows<{ status: string; future: boolean; n: number }>(sql`
      select status, starts_at > ${TODAY.toISOString()} as future, count(*)::int as n from class_sessions group by 1, 2 order by 1, 2`);
    // Past sessions are held (or called off), later ones scheduled.
    expect(byStatus.map((r) => `${r.status}:${r.future}`)).toEqual(["cancelled:false", "held:false", "scheduled:true"]);
    expect(await count(sql`select count(*)::int as n from class_sessions where status = 'held' and closed_at is distinct from ends_at`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from class_sessions where status <> 'held' and closed_at is not null`)).toBe(0);
    const cancelled = await rows<{ reason: string | null }>(sql`select cancel_reason as reason from class_sessions where status = 'cancelled'`);
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.length).toBeLessThanOrEqual(2);
    expect(cancelled.every((c) => c.reason && c.reason.length > 0)).toBe(true);
    expect(await count(sql`select count(*)::int as n from class_sessions where checkin_secret !~ '^[0-9a-f]{32}$'`)).toBe(0);
    // Nothing was written "in the future", and things happen in order: sign-up, session, survey.
    const now = TODAY.toISOString();
    const timeline: SQL[] = [
      sql`select count(*)::int as n from class_series where created_at > ${now}`,
      sql`select count(*)::int as n from class_sessions where created_at > ${now} or created_at > starts_at`,
      sql`select count(*)::int as n from registrations where created_at > ${now} or cancelled_at > ${now} or consent_at > ${now} or cancelled_at < created_at`,
      sql`select count(*)::int as n from registrations r join class_sessions cs on cs.id = r.session_id where r.channel <> 'walk_in' and r.created_at >= cs.starts_at`,
      sql`select count(*)::int as n from attendance where marked_at > ${now}`,
      sql`select count(*)::int as n from surveys v join class_sessions cs on cs.id = v.session_id where v.created_at > ${now} or v.created_at < cs.ends_at`,
    ];
    for (const check of timeline) expect(await count(check)).toBe(0);
  });

  it("never confirms more places than a session has (walk-ins aside)", async () => {
    const over = await count(sql`
      select count(*)::int as n from class_sessions cs
      where (select count(*) from registrations r where r.session_id = cs.id and r.status = 'confirmed' and r.channel <> 'walk_in') > cs.capacity`);
    expect(over).toBe(0);
    // An upcoming session is full with a short waitlist.
    const full = await rows<{ waitlisted: number }>(sql`
      select (select count(*)::int from registrations r where r.session_id = cs.id and r.status = 'waitlisted') as waitlisted
      from class_sessions cs
      where cs.status = 'scheduled'
        and (select count(*) from registrations r where r.session_id = cs.id and r.status = 'confirmed' and r.channel <> 'walk_in') = cs.capacity
        and exists (select 1 from registrations r where r.session_id = cs.id and r.status = 'waitlisted')`);
    expect(full.length).toBeGreaterThanOrEqual(1);
    expect(full.every((f) => f.waitlisted >= 1 && f.waitlisted <= 5)).toBe(true);
    // A cancelled registration says when; no other one does.
    expect(await count(sql`select count(*)::int as n from registrations where status = 'cancelled' and cancelled_at is null`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from registrations where status <> 'cancelled' and cancelled_at is not null`)).toBe(0);
  });

  it("marks attendance only for confirmed registrations of held sessions, and takes surveys only there", async () => {
    const orphan = await count(sql`
      select count(*)::int as n from attendance a
      left join registrations r on r.id = a.registration_id and r.session_id = a.session_id and r.organization_id = a.organization_id and r.status = 'confirmed'
      where r.id is null`);
    expect(orphan).toBe(0);
    expect(await count(sql`select count(*)::int as n from attendance a join class_sessions cs on cs.id = a.session_id where cs.status <> 'held'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from surveys v join class_sessions cs on cs.id = v.session_id where cs.status <> 'held'`)).toBe(0);
    // Every confirmed place in a held session has a mark; some are no-shows; walk-ins came.
    expect(
      await count(sql`
      select count(*)::int as n from registrations r join class_sessions cs on cs.id = r.session_id
      where cs.status = 'held' and r.status = 'confirmed' and not exists (select 1 from attendance a where a.registration_id = r.id)`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from attendance where status = 'absent'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from registrations where channel = 'walk_in'`)).toBeGreaterThan(0);
    // Surveys: 60–80 % of those who attended, mostly satisfied.
    const [ratio] = await rows<{ attended: number; answered: number; low: number }>(sql`
      select (select count(*)::int from attendance where attended(status)) as attended,
             (select count(*)::int from surveys) as answered,
             (select count(*)::int from surveys where satisfaction <= 3) as low`);
    expect(ratio!.answered / ratio!.attended).toBeGreaterThan(0.55);
    expect(ratio!.answered / ratio!.attended).toBeLessThan(0.85);
    expect(ratio!.low / ratio!.answered).toBeLessThan(0.3);
    expect(await count(sql`select count(*)::int as n from surveys where satisfaction not between 1 and 5 or clarity not between 1 and 5`)).toBe(0);
  });

  it("keeps every row of a session in the session's organization", async () => {
    const checks: SQL[] = [
      sql`select count(*)::int as n from class_sessions cs join class_series s on s.id = cs.series_id where s.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from class_sessions cs join venues v on v.id = cs.venue_id where v.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from registrations r join class_sessions cs on cs.id = r.session_id where r.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from attendance a join class_sessions cs on cs.id = a.session_id where a.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from surveys v join class_sessions cs on cs.id = v.session_id where v.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from class_session_instructors i join class_sessions cs on cs.id = i.session_id join users u on u.id = i.user_id where u.organization_id <> cs.organization_id`,
      sql`select count(*)::int as n from registrations r join users u on u.id = r.user_id where u.organization_id <> r.organization_id`,
      sql`select count(*)::int as n from registrations r join users u on u.id = r.created_by where u.organization_id <> r.organization_id`,
      sql`select count(*)::int as n from attendance a join users u on u.id = a.marked_by where u.organization_id <> a.organization_id`,
      sql`select count(*)::int as n from surveys v join users u on u.id = v.entered_by where u.organization_id <> v.organization_id`,
    ];
    for (const check of checks) expect(await count(check)).toBe(0);
  });

  it("registers staff by account and residents with minimal data", async () => {
    // Staff trainings: accounts, no personal fields.
    expect(
      await count(sql`
      select count(*)::int as n from registrations r join class_series s on s.id = (select series_id from class_sessions where id = r.session_id)
      where s.audience = 'staff' and (r.user_id is null or r.channel not in ('staff', 'hr_bulk') or r.name is not null or r.phone is not null)`),
    ).toBe(0);
    // Residents: 全角 names with a 全角 space, hiragana readings, consent recorded.
    expect(
      await count(sql`
      select count(*)::int as n from registrations r join class_series s on s.id = (select series_id from class_sessions where id = r.session_id)
      where s.audience = 'residents' and (r.user_id is not null or r.consent_at is null or r.name !~ '^[^ 　]+　[^ 　]+$' or r.name_kana !~ '^[ぁ-ゖー]+　[ぁ-ゖー]+$'
        or r.age_band is null or r.district is null or (r.phone is not null and r.phone !~ '^0[0-9]{2,3}-[0-9]{2,4}-[0-9]{4}$'))`),
    ).toBe(0);
    const [mix] = await rows<{ total: number; phone: number; old: number; needs: number }>(sql`
      select count(*)::int as total, count(phone)::int as phone,
             count(*) filter (where age_band in ('70s', '80plus'))::int as old,
             count(*) filter (where jsonb_array_length(needs) > 0)::int as needs
      from registrations where user_id is null`);
    expect(mix!.phone / mix!.total).toBeGreaterThan(0.3);
    expect(mix!.phone / mix!.total).toBeLessThan(0.7);
    expect(mix!.old / mix!.total).toBeGreaterThan(0.6);
    expect(mix!.needs).toBeGreaterThan(0);
    // Some residents come back to another class: first-time vs returning means something.
    const returning = await count(sql`
      select count(*)::int as n from (
        select r.organization_id, r.name, r.name_kana, r.phone from registrations r join class_sessions cs on cs.id = r.session_id
        where r.user_id is null group by 1, 2, 3, 4 having count(distinct cs.series_id) >= 2) x`);
    expect(returning).toBeGreaterThan(20);
  });

  it("assigns the demo instructor to the municipal residents' classes", async () => {
    expect(
      await count(sql`
      select count(*)::int as n from class_sessions cs join class_series s on s.id = cs.series_id
      where s.audience = 'residents' and s.organizer_type = 'municipal'
        and not exists (select 1 from class_session_instructors i join users u on u.id = i.user_id where i.session_id = cs.id and u.staff_number = '1004')`),
    ).toBe(0);
    expect(
      await count(sql`
      select count(*)::int as n from class_sessions cs join class_series s on s.id = cs.series_id
      where s.organizer_type <> 'municipal' and cardinality(cs.external_instructors) = 0`),
    ).toBe(0);
  });

  it("is deterministic for a given day", async () => {
    const [fingerprint] = await rows<{ sessions: string; receipts: string }>(sql`
      select
        md5(string_agg(o.slug || '|' || s.title || '|' || cs.number || '|' || extract(epoch from cs.starts_at)::bigint || '|' || cs.capacity || '|' || cs.status, ',' order by o.slug, cs.starts_at, s.title, cs.number)) as sessions,
        md5((select string_agg(receipt_number, ',' order by receipt_number) from registrations)) as receipts
      from class_sessions cs join class_series s on s.id = cs.series_id join organizations o on o.id = cs.organization_id`);
    expect(fingerprint).toEqual({ sessions: expect.stringMatching(/^[0-9a-f]{32}$/), receipts: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(fingerprint).toMatchInlineSnapshot(`
      {
        "receipts": "0d908f2c29758c430b0ebb021ca9e659",
        "sessions": "6cbd22a0be7c49aef531852dedb1711d",
      }
    `);
  });

  it("skips organizations that already have classes: a second run writes nothing", async () => {
    const before = await tableCounts();
    const again = await seedDemoClasses(database.db, TODAY);
    expect(again).toEqual({ series: 0, sessions: 0, registrations: 0, attendance: 0, surveys: 0 });
    expect(await tableCounts()).toEqual(before);
  });
});
