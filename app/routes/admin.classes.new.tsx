import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { createSeries, listVenues } from "~/classes/admin.server";
import { CLASS_FORMATS, ORGANIZER_TYPES, type ClassFormat, type OrganizerType } from "~/classes/constants";
import { listCourses } from "~/content/queries.server";
import { CATEGORIES, type Category } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { listStaff } from "~/staff/staff.server";
import { toFieldErrors } from "~/staff/forms";
import { localPath } from "~/http/safe-redirect";
import { jstInstant } from "~/kernel/dates";

export const meta: MetaFunction = () => [{ title: "教室・研修の登録 | 学び舎" }];

const MAX_SESSIONS = 6;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "class:manage");
  const db = await getDb();
  const [venues, courses, instructors] = await Promise.all([
    listVenues(db, user.organizationId),
    listCourses(db),
    listStaff(db, user.organizationId, { role: "instructor", active: true }),
  ]);
  return { venues, courses: courses.map((c) => ({ slug: c.slug, title: c.title })), instructors: instructors.rows.map((i) => ({ id: i.id, name: i.name })) };
}

/** "2026-12-05" + "10:00" in Japan time → a Date. */
function jst(date: string, time: string): Date {
  return jstInstant(date, time);
}

const seriesSchema = z.object({
  title: z.string().trim().min(1, "教室・研修の名前を入力してください。").max(80),
  description: z.string().trim().max(1000),
  audience: z.enum(["residents", "staff"], { message: "対象を選んでください。" }),
  category: z.enum(Object.keys(CATEGORIES) as [Category, ...Category[]], { message: "分野を選んでください。" }),
  organizerType: z.enum(Object.keys(ORGANIZER_TYPES) as [OrganizerType, ...OrganizerType[]], { message: "主催を選んでください。" }),
  organizerName: z.string().trim().max(80),
  format: z.enum(Object.keys(CLASS_FORMATS) as [ClassFormat, ...ClassFormat[]], { message: "形式を選んでください。" }),
  courseSlug: z.string(),
  venueId: z.string(),
  capacity: z.coerce
    .number({ message: "定員を数字で入力してください。" })
    .int("定員は整数で入力してください。")
    .min(1, "定員は1人以上にしてください。")
    .max(500, "定員は500人までです。"),
  externalInstructors: z.string().trim().max(200),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "class:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = seriesSchema.safeParse(Object.fromEntries([...form].map(([k, v]) => [k, String(v)])));
  const errors: Record<string, string> = parsed.success ? {} : toFieldErrors(parsed.error.issues);
  const sessions: { startsAt: Date; endsAt: Date }[] = [];
  for (let i = 0; i < MAX_SESSIONS; i++) {
    const date = String(form.get(`s${i}-date`) ?? "");
    const start = String(form.get(`s${i}-start`) ?? "");
    const end = String(form.get(`s${i}-end`) ?? "");
    if (!date && !start && !end) continue;
    const startsAt = jst(date, start);
    const endsAt = jst(date, end);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) {
      errors[`s${i}`] = `第${i + 1}回の日付と時刻を入力してください。`;
    } else if (endsAt <= startsAt) {
      errors[`s${i}`] = `第${i + 1}回の終了時刻は、開始時刻より後にしてください。`;
    } else if (startsAt.getTime() < Date.now()) {
      errors[`s${i}`] = `第${i + 1}回の日時が過ぎています。`;
    } else sessions.push({ startsAt, endsAt });
  }
  if (sessions.length === 0 && !Object.keys(errors).some((k) => /^s\d/.test(k))) errors.s0 = "少なくとも第1回の日時を入力してください。";
  if (!parsed.success || Object.keys(errors).length) return data({ errors, error: "入力にまちがいがあります。赤い字の説明をご覧ください。" }, { status: 400 });
  const p = parsed.data;
  const result = await createSeries(await getDb(), actorOf(user, context), {
    title: p.title,
    description: p.description,
    audience: p.audience,
    category: p.category,
    organizerType: p.organizerType,
    organizerName: p.organizerName || null,
    format: p.format,
    courseSlug: p.courseSlug || null,
    venueId: p.venueId || null,
    capacity: p.capacity,
    sessions: sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
    instructorUserIds: form.getAll("instructors").map(String),
    externalInstructors: p.externalInstructors
      ? p.externalInstructors
          .split(/[、,]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  });
  if (!result.ok) return data({ errors: { venueId: result.error } as Record<string, string>, error: result.error }, { status: 400 });
  throw redirect(localPath`/admin/classes/${result.sessionIds[0]!}?done=created`);
}

export default function NewSeries() {
  const { venues, courses, instructors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/admin/classes">← 教室の一覧へ</Link>
      </p>
      <h1>教室・研修の登録</h1>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" className="stack narrow-form" noValidate>
        <CsrfInput />
        <TextField id="title" label="名前" required hint="例: はじめてのスマホ教室、DX実践研修" error={errors.title} />
        <TextField id="description" label="説明（任意）" error={errors.description} />
        <SelectField id="audience" label="対象" defaultValue="residents" error={errors.audience}>
          <option value="residents">住民向け（スマホ教室など）</option>
          <option value="staff">職員向け（集合研修）</option>
        </SelectField>
        <SelectField id="category" label="分野" defaultValue="smartphone" error={errors.category}>
          {Object.entries(CATEGORIES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </SelectField>
        <SelectField id="organizerType" label="主催" defaultValue="municipal" error={errors.organizerType}>
          {Object.entries(ORGANIZER_TYPES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </SelectField>
        <TextField id="organizerName" label="主催者の名前（民間事業者などのとき）" error={errors.organizerName} />
        <SelectField id="format" label="形式" defaultValue="in_person" error={errors.format}>
          {Object.entries(CLASS_FORMATS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </SelectField>
        <SelectField id="courseSlug" label="関連する講座（任意）" defaultValue="" error={errors.courseSlug}>
          <option value="">なし</option>
          {courses.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <SelectField id="venueId" label="会場" defaultValue="" error={errors.venueId}>
          <option value="">未定・オンライン</option>
          {venues.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}（定員{v.capacity}）
            </option>
          ))}
        </SelectField>
        <TextField id="capacity" label="定員（人）" type="number" inputMode="numeric" min={1} max={500} defaultValue="20" error={errors.capacity} />
        {instructors.length ? (
          <fieldset>
            <legend>講師（職員）</legend>
            {instructors.map((i) => (
              <div className="checkbox" key={i.id}>
                <input type="checkbox" id={`ins-${i.id}`} name="instructors" value={i.id} />
                <label htmlFor={`ins-${i.id}`}>{i.name}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <TextField id="externalInstructors" label="外部の講師（任意・読点で区切る）" hint="例: デジタル活用支援員" error={errors.externalInstructors} />
        <fieldset>
          <legend>日時（日本時間。使わない回は空けておきます）</legend>
          {Array.from({ length: MAX_SESSIONS }, (_, i) => (
            <div key={i} className="session-row">
              <span className="session-row-label">第{i + 1}回</span>
              <label className="visually-hidden" htmlFor={`s${i}-date`}>
                第{i + 1}回の日付
              </label>
              <input type="date" id={`s${i}-date`} name={`s${i}-date`} aria-invalid={errors[`s${i}`] ? true : undefined} />
              <label className="visually-hidden" htmlFor={`s${i}-start`}>
                第{i + 1}回の開始時刻
              </label>
              <input type="time" id={`s${i}-start`} name={`s${i}-start`} defaultValue={i === 0 ? "10:00" : undefined} />
              <span aria-hidden="true">〜</span>
              <label className="visually-hidden" htmlFor={`s${i}-end`}>
                第{i + 1}回の終了時刻
              </label>
              <input type="time" id={`s${i}-end`} name={`s${i}-end`} defaultValue={i === 0 ? "12:00" : undefined} />
              {errors[`s${i}`] ? <p className="field-error">{errors[`s${i}`]}</p> : null}
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button primary large">
          登録する
        </button>
      </Form>
    </>
  );
}
