/**
 * The load scenarios and what they need in the database: sessions for the users who sign in (the app's own session
 * tokens), the busy session moved to "now" for check-in, the answer sheet for the quiz. `prepareFixture` runs before
 * the server starts and `verify…` after it stopped, so the same code works on PGlite (one process at a time).
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Request } from "autocannon";
import { hashToken } from "../app/auth/session.server";
import { checkinCode } from "../app/classes/checkin.server";
import { fiscalYearOf } from "../app/kernel/dates";
import { cycleStart } from "../app/learning/progress.server";
import type { QuizDefinition } from "../app/quizzes/schema";
import { queryRows, type Db } from "../db/client";
import { sessions } from "../db/schema";
import { answerFormFromPage, answerSheet, type AnswerSheet } from "./answer-form";
import { BUSY_SERIES_TITLE } from "./dataset";

export const BENCH_COURSE = "security-basics";

export interface Fixture {
  org: { id: string; slug: string; name: string; staff: number };
  csrf: string;
  lessonPath: string;
  /** Cookie headers, one signed-in staff member per connection. */
  lessonCookies: string[];
  quizPath: string;
  quizCookies: string[];
  quizUserIds: string[];
  quizSheet: AnswerSheet;
  checkin: { sessionId: string; path: string; secret: string; receipts: string[] };
  adminCookie: string;
  campaignPath: string | null;
  preparedAt: string;
}

async function signIn(db: Db, organizationId: string, userIds: string[], csrf: string): Promise<string[]> {
  const tokens = userIds.map(() => randomBytes(32).toString("base64url"));
  const expiresAt = new Date(Date.now() + 12 * 3_600_000);
  for (let i = 0; i < userIds.length; i += 1000) {
    await db
      .insert(sessions)
      .values(
        userIds.slice(i, i + 1000).map((userId, k) => ({ id: hashToken(tokens[i + k]!), userId, organizationId, expiresAt, userAgent: "manabiya-bench" })),
      );
  }
  return tokens.map((t) => `manabiya_session=${t}; manabiya_csrf=${csrf}`);
}

/** Everything the scenarios need, in the largest organization. Writes sessions and moves the busy session to now. */
export async function prepareFixture(db: Db, options: { lessonUsers: number; quizUsers: number; seededAt?: string }): Promise<Fixture> {
  const csrf = randomBytes(24).toString("base64url");
  const [org] = await queryRows<{ id: string; slug: string; name: string; staff: number }>(
    db,
    sql`select o.id, o.slug, o.name, count(u.id)::int as staff from organizations o join users u on u.organization_id = o.id group by o.id order by 4 desc, o.slug limit 1`,
  );
  if (!org) throw new Error("no organization: run npm run bench:seed first");
  const [lesson] = await queryRows<{ slug: string }>(
    db,
    sql`select l.slug from lessons l join courses c on c.id = l.course_id where c.slug = ${BENCH_COURSE} and not l.archived order by l.position limit 1`,
  );
  const [quiz] = await queryRows<{ id: string; slug: string; definition: QuizDefinition | string }>(
    db,
    sql`select q.id, q.slug, v.definition from quizzes q join courses c on c.id = q.course_id join quiz_versions v on v.id = q.current_version_id
      where c.slug = ${BENCH_COURSE} and q.mode = 'exam' and not q.archived order by q.slug limit 1`,
  );
  if (!lesson || !quiz) throw new Error(`course ${BENCH_COURSE} with a lesson and an exam quiz is missing from content/`);
  const def = typeof quiz.definition === "string" ? (JSON.parse(quiz.definition) as QuizDefinition) : quiz.definition;

  const [admin] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where organization_id = ${org.id} and active and 'dx_admin' = any(roles) order by staff_number limit 1`,
  );
  if (!admin) throw new Error("the largest organization has no DX office admin");
  const lessonUsers = await queryRows<{ id: string }>(
    db,
    sql`select id from users where organization_id = ${org.id} and active and roles = '{learner}' order by staff_number limit ${options.lessonUsers}`,
  );
  // Earlier runs used up the quiz takers' attempts (three a year): their attempts, answers and completions go, so
  // that every run starts from the seeded state. Seeded rows all predate the end of the seed.
  if (options.seededAt) {
    await db.execute(sql`delete from quiz_attempts where organization_id = ${org.id} and started_at > ${options.seededAt}`);
    await db.execute(sql`delete from course_completions where organization_id = ${org.id} and completed_at > ${options.seededAt}`);
  }
  // Quiz takers: learners with room for one more attempt this fiscal year and no attempt open.
  const limit = def.attempts ?? 1000;
  const quizUsers = await queryRows<{ id: string }>(
    db,
    sql`select u.id from users u where u.organization_id = ${org.id} and u.active and u.roles = '{learner}'
      and (select count(*) from quiz_attempts a where a.user_id = u.id and a.quiz_id = ${quiz.id} and a.started_at >= ${cycleStart().toISOString()}) < ${limit}
      and not exists (select 1 from quiz_attempts a where a.user_id = u.id and a.quiz_id = ${quiz.id} and a.status = 'in_progress')
      order by u.staff_number desc limit ${options.quizUsers}`,
  );

  const [busy] = await queryRows<{ id: string; secret: string }>(
    db,
    sql`update class_sessions s set starts_at = now() - interval '5 minutes', ends_at = now() + interval '115 minutes', closed_at = null, status = 'scheduled'
      from class_series c where c.id = s.series_id and c.title = ${BUSY_SERIES_TITLE} and s.organization_id = ${org.id}
      returning s.id, s.checkin_secret as secret`,
  );
  if (!busy) throw new Error("the busy session is missing from the dataset");
  await db.execute(sql`delete from attendance where session_id = ${busy.id}`);
  const receipts = await queryRows<{ receipt_number: string }>(
    db,
    sql`select receipt_number from registrations where session_id = ${busy.id} and status = 'confirmed' order by receipt_number`,
  );
  const [campaign] = await queryRows<{ id: string }>(
    db,
    sql`select id from campaigns where organization_id = ${org.id} and fiscal_year = ${fiscalYearOf(new Date())} order by key desc limit 1`,
  );

  const [adminCookie] = await signIn(db, org.id, [admin.id], csrf);
  return {
    org,
    csrf,
    lessonPath: `/courses/${BENCH_COURSE}/${lesson.slug}`,
    lessonCookies: await signIn(
      db,
      org.id,
      lessonUsers.map((u) => u.id),
      csrf,
    ),
    quizPath: `/courses/${BENCH_COURSE}/quiz/${quiz.slug}`,
    quizCookies: await signIn(
      db,
      org.id,
      quizUsers.map((u) => u.id),
      csrf,
    ),
    quizUserIds: quizUsers.map((u) => u.id),
    quizSheet: answerSheet(def),
    checkin: { sessionId: busy.id, path: `/classes/${busy.id}/checkin`, secret: busy.secret, receipts: receipts.map((r) => r.receipt_number) },
    adminCookie: adminCookie!,
    campaignPath: campaign ? `/admin/campaigns/${campaign.id}` : null,
    preparedAt: new Date().toISOString(),
  };
}

export interface Scenario {
  key: string;
  label: string;
  connections: number;
  maxRequests: number;
  requests: Request[];
  expectStatus: number[];
  /** Facts gathered while running (flows completed, check-ins confirmed …). */
  state: Record<string, number>;
}

const form = (origin: string, cookie: string) => ({
  "content-type": "application/x-www-form-urlencoded",
  origin,
  "sec-fetch-site": "same-origin",
  cookie,
});

const header = (headers: Record<string, string | string[]>, name: string) => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key ? headers[key] : undefined;
  return Array.isArray(v) ? v[0] : v;
};

export function lessonScenario(f: Fixture, connections: number, maxRequests: number): Scenario {
  let next = 0;
  return {
    key: "lesson",
    label: "lesson page, signed-in staff",
    connections,
    maxRequests,
    expectStatus: [200],
    state: {},
    requests: [
      {
        method: "GET",
        path: f.lessonPath,
        // One staff member per connection (the first request of each connection picks the next cookie).
        setupRequest: (req, ctx) => {
          ctx.cookie ??= f.lessonCookies[next++ % f.lessonCookies.length];
          return { ...req, headers: { cookie: ctx.cookie as string } };
        },
      },
    ],
  };
}

export function getScenario(key: string, label: string, path: string, cookie: string, connections: number, maxRequests: number): Scenario {
  return { key, label, connections, maxRequests, expectStatus: [200], state: {}, requests: [{ method: "GET", path, headers: { cookie } }] };
}

/** A full exam attempt per round: start (302 to the attempt), open it (200), submit the answers (302). A new user each round. */
export function quizScenario(f: Fixture, origin: string, connections: number, maxRequests: number): Scenario {
  let next = 0;
  const state = { started: 0, opened: 0, submitted: 0, failedSteps: 0, usersLeft: f.quizCookies.length };
  return {
    key: "quiz",
    label: "quiz attempt: start, open, submit",
    connections,
    maxRequests,
    expectStatus: [200, 302],
    state,
    requests: [
      {
        method: "POST",
        path: f.quizPath,
        setupRequest: (req, ctx) => {
          const cookie = f.quizCookies[Math.min(next++, f.quizCookies.length - 1)]!;
          state.usersLeft = Math.max(0, f.quizCookies.length - next);
          ctx.cookie = cookie;
          ctx.attempt = null;
          return { ...req, headers: form(origin, cookie), body: `_csrf=${encodeURIComponent(f.csrf)}` };
        },
        onResponse: (status, _body, ctx, headers) => {
          const location = header(headers, "location") ?? "";
          const match = /\/attempt\/([0-9a-f-]{36})/.exec(location);
          if (status === 302 && match) {
            ctx.attempt = `${f.quizPath}/attempt/${match[1]}`;
            state.started++;
          } else state.failedSteps++;
        },
      },
      {
        method: "GET",
        setupRequest: (req, ctx) => (ctx.attempt ? { ...req, path: ctx.attempt as string, headers: { cookie: ctx.cookie as string } } : null),
        onResponse: (status, body, ctx) => {
          // The attempt's values are opaque (decision 018): the answers are read from the page, as a person would.
          ctx.form = status === 200 ? answerFormFromPage(body, f.quizSheet, f.csrf) : null;
          if (status === 200) state.opened++;
          else state.failedSteps++;
        },
      },
      {
        method: "POST",
        setupRequest: (req, ctx) =>
          ctx.attempt && ctx.form ? { ...req, path: ctx.attempt as string, headers: form(origin, ctx.cookie as string), body: ctx.form as string } : null,
        onResponse: (status, _body, _ctx, headers) => {
          if (status === 302 && (header(headers, "location") ?? "").includes("/attempt/")) state.submitted++;
          else state.failedSteps++;
        },
      },
    ],
  };
}

/**
 * Self check-in with the rotating code (computed like the instructor's screen does) and a receipt number, one person
 * per request; every tenth request repeats someone already checked in (a second tap), which must not add a mark.
 */
export function checkinScenario(f: Fixture, origin: string, connections: number): Scenario & { confirmed: Set<string> } {
  let next = 0;
  let sent = 0;
  const receipts = f.checkin.receipts;
  const confirmed = new Set<string>();
  const state = { ok: 0, repeats: 0, refused: 0 };
  const fresh = receipts.length;
  return {
    key: "checkin",
    label: "self check-in, one busy session",
    connections,
    // Enough for every registration once plus the repeats, and no more.
    maxRequests: Math.floor(fresh / 0.9),
    expectStatus: [200],
    state,
    confirmed,
    requests: [
      {
        method: "POST",
        path: f.checkin.path,
        setupRequest: (req, ctx) => {
          sent++;
          const repeat = sent % 10 === 0 && next > 0;
          const receipt = repeat ? receipts[(sent * 7919) % next]! : receipts[Math.min(next++, fresh - 1)]!;
          if (repeat) state.repeats++;
          ctx.receipt = receipt;
          const body = new URLSearchParams({ _csrf: f.csrf, code: checkinCode(f.checkin.secret, new Date()), receipt }).toString();
          return { ...req, headers: form(origin, `manabiya_csrf=${f.csrf}`), body };
        },
        onResponse: (status, _body, ctx) => {
          if (status === 200) {
            state.ok++;
            confirmed.add(ctx.receipt as string);
          } else state.refused++;
        },
      },
    ],
  };
}

export interface CheckinCheck {
  marks: number;
  distinctRegistrations: number;
  confirmedReceipts: number;
  /** Confirmed to the participant but no mark in the database. */
  lost: number;
  /** Marks beyond one per registration. */
  duplicated: number;
}

export async function verifyCheckin(db: Db, f: Fixture, confirmed: Set<string>): Promise<CheckinCheck> {
  const rows = await queryRows<{ receipt_number: string }>(
    db,
    sql`select r.receipt_number from attendance a join registrations r on r.id = a.registration_id where a.session_id = ${f.checkin.sessionId}`,
  );
  const marked = new Set(rows.map((r) => r.receipt_number));
  return {
    marks: rows.length,
    distinctRegistrations: marked.size,
    confirmedReceipts: confirmed.size,
    lost: [...confirmed].filter((r) => !marked.has(r)).length,
    duplicated: rows.length - marked.size,
  };
}

/** Attempts the quiz run recorded as submitted (against the flows the load generator saw complete). */
export async function verifyQuiz(db: Db, f: Fixture): Promise<{ submitted: number; open: number }> {
  if (!f.quizUserIds.length) return { submitted: 0, open: 0 };
  const [r] = await queryRows<{ submitted: number; open: number }>(
    db,
    sql`select count(*) filter (where status = 'submitted')::int as submitted, count(*) filter (where status = 'in_progress')::int as open
      from quiz_attempts where started_at >= ${f.preparedAt} and user_id in (${sql.join(
        f.quizUserIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
  );
  return { submitted: Number(r?.submitted ?? 0), open: Number(r?.open ?? 0) };
}
