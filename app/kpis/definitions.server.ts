import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { kpis, type KpiSource } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { kpiItemSchema } from "~/content/schema";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { FormResult } from "~/kernel/result";

export type KpiFormErrors = Partial<
  Record<"code" | "name" | "policyArea" | "unit" | "direction" | "accumulation" | "baseline" | "targets" | "source" | "form", string>
>;

export interface KpiFormValues {
  code: string;
  name: string;
  policyArea: string;
  unit: string;
  direction: string;
  accumulation: string;
  baselineValue: string;
  baselineFiscalYear: string;
  targets: string;
  sourceKind: string;
  metric: string;
  category: string;
  audience: string;
  organizerType: string;
  aggregate: string;
  campaign: string;
  course: string;
  program: string;
  programMetric: string;
}

const FIELD_LABELS: Record<string, string> = {
  code: "識別名",
  name: "名前",
  policyArea: "基本方針",
  unit: "単位",
  direction: "方向",
  accumulation: "数え方",
  baseline: "基準値",
  targets: "目標",
  source: "実績の出どころ",
};

/** The form's text fields as typed (to show again after an error). */
export function kpiFormValues(form: FormData): KpiFormValues {
  const t = (k: string) => String(form.get(k) ?? "").trim();
  return {
    code: t("code"),
    name: t("name"),
    policyArea: t("policyArea"),
    unit: t("unit"),
    direction: t("direction"),
    accumulation: t("accumulation"),
    baselineValue: t("baselineValue"),
    baselineFiscalYear: t("baselineFiscalYear"),
    targets: t("targets"),
    sourceKind: t("sourceKind"),
    metric: t("metric"),
    category: t("category"),
    audience: t("audience"),
    organizerType: t("organizerType"),
    aggregate: t("aggregate"),
    campaign: t("campaign"),
    course: t("course"),
    program: t("program"),
    programMetric: t("programMetric"),
  };
}

/** A stored KPI as form values. */
export function kpiToFormValues(k: typeof kpis.$inferSelect): KpiFormValues {
  const s = k.source;
  return {
    code: k.code,
    name: k.name,
    policyArea: k.policyArea,
    unit: k.unit,
    direction: k.direction,
    accumulation: k.accumulation,
    baselineValue: String(k.baselineValue),
    baselineFiscalYear: String(k.baselineFiscalYear),
    targets: Object.entries(k.targets)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([y, v]) => `${y}: ${v}`)
      .join("\n"),
    sourceKind: s.kind,
    metric: s.kind === "records" ? s.metric : "sessions_held",
    category: s.kind === "records" ? (s.filters.category ?? "") : "",
    audience: s.kind === "records" ? (s.filters.audience ?? "") : "",
    organizerType: s.kind === "records" ? (s.filters.organizerType ?? "") : "",
    aggregate: s.kind === "manual" ? s.aggregate : "sum",
    campaign: s.kind === "completion" ? (s.campaign ?? "") : "",
    course: s.kind === "completion" ? (s.course ?? "") : "",
    program: s.kind === "program" ? s.program : "dx-promoter",
    programMetric: s.kind === "program" ? s.metric : "certified_promoters",
  };
}

type KpiItem = ReturnType<typeof kpiItemSchema.parse>;

/**
 * Reads the KPI form into the same shape as a KPI in content/organizations/<org>.yaml and validates it with the same
 * schema. Targets are typed one per line as 「2027: 46」 (全角 accepted).
 */
export function parseKpiForm(form: FormData): FormResult<{ item: KpiItem }, KpiFormErrors> {
  const v = kpiFormValues(form);
  const errors: KpiFormErrors = {};
  const targets: Record<string, number> = {};
  for (const line of v.targets
    .normalize("NFKC")
    .split(/[\n,、]+/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(\d{4})\s*(?:年度)?\s*[:=：]\s*(-?\d+(?:\.\d+)?)$/.exec(line);
    if (!m) {
      errors.targets = `目標「${line}」を「2027: 46」の形（年度: 値）で書いてください。`;
      break;
    }
    targets[m[1]!] = Number(m[2]);
  }
  if (!errors.targets && Object.keys(targets).length === 0) errors.targets = "目標を1つ以上入力してください（例: 2027: 46）。";
  const num = (s: string) => (s.normalize("NFKC").trim() === "" ? NaN : Number(s.normalize("NFKC")));
  const baselineValue = num(v.baselineValue);
  const baselineFiscalYear = num(v.baselineFiscalYear);
  if (!Number.isFinite(baselineValue) || !Number.isInteger(baselineFiscalYear))
    errors.baseline = "基準値と基準年度を数字で入力してください（例: 24 と 2022）。";
  else if (Object.keys(targets).some((y) => Number(y) <= baselineFiscalYear)) errors.targets = "目標の年度は基準年度より後にしてください。";
  let source: unknown;
  switch (v.sourceKind) {
    case "records":
      source = {
        kind: "records",
        metric: v.metric,
        filters: {
          ...(v.category ? { category: v.category } : {}),
          ...(v.audience ? { audience: v.audience } : {}),
          ...(v.organizerType ? { organizerType: v.organizerType } : {}),
        },
      };
      break;
    case "manual":
      source = { kind: "manual", aggregate: v.aggregate };
      break;
    case "completion":
      if (!v.campaign === !v.course) errors.source = "修了率は、必修研修の識別名か講座のどちらか一方を指定してください。";
      source = { kind: "completion", ...(v.campaign ? { campaign: v.campaign } : {}), ...(v.course ? { course: v.course } : {}) };
      break;
    case "program":
      source = { kind: "program", program: v.program, metric: v.programMetric };
      break;
    default:
      errors.source = "実績の出どころを選んでください。";
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const parsed = kpiItemSchema.safeParse({
    code: v.code,
    name: v.name,
    policyArea: v.policyArea,
    unit: v.unit,
    direction: v.direction,
    accumulation: v.accumulation,
    baseline: { value: baselineValue, fiscalYear: baselineFiscalYear },
    targets,
    source,
  });
  if (parsed.success) return { ok: true, item: parsed.data };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as keyof KpiFormErrors;
    const label = FIELD_LABELS[field] ?? "入力";
    const japanese = /[ぁ-んァ-ン一-龥]/.test(issue.message);
    errors[field in FIELD_LABELS ? field : "form"] ??= japanese
      ? issue.message
      : `${label}を確かめてください（${label === "名前" || label === "基本方針" ? "1〜100文字" : label === "単位" ? "1〜10文字" : "選択肢から選ぶ"}）。`;
  }
  return { ok: false, errors };
}

function columns(item: KpiItem) {
  return {
    name: item.name,
    policyArea: item.policyArea,
    unit: item.unit,
    direction: item.direction,
    accumulation: item.accumulation,
    baselineValue: item.baseline.value,
    baselineFiscalYear: item.baseline.fiscalYear,
    targets: item.targets,
    source: item.source as KpiSource,
  };
}

/** Adds a KPI at the end of the organization's list (audited). */
export async function createKpi(db: Db, ctx: ChangeContext, item: KpiItem): Promise<FormResult<{ id: string }, KpiFormErrors>> {
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: kpis.id })
      .from(kpis)
      .where(and(eq(kpis.organizationId, ctx.organizationId), eq(kpis.code, item.code)));
    if (clash) return { ok: false as const, errors: { code: `識別名「${item.code}」のKPIはすでにあります。` } };
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${kpis.position}) + 1, 0)::int` })
      .from(kpis)
      .where(eq(kpis.organizationId, ctx.organizationId));
    const [row] = await tx
      .insert(kpis)
      .values({ organizationId: ctx.organizationId, code: item.code, position: next, ...columns(item) })
      .returning({ id: kpis.id });
    await writeAudit(tx, { ...ctx, action: "kpi.create", targetType: "kpi", targetId: row!.id, after: item });
    return { ok: true as const, id: row!.id };
  });
}

/** Changes a KPI's definition (audited with before and after). The code stays: entries and comments refer to the KPI. */
export async function updateKpi(db: Db, ctx: ChangeContext, kpiId: string, item: KpiItem): Promise<FormResult<object, KpiFormErrors> | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(kpis)
      .where(and(eq(kpis.id, kpiId), eq(kpis.organizationId, ctx.organizationId)));
    if (!before) return null;
    if (item.code !== before.code) {
      const [clash] = await tx
        .select({ id: kpis.id })
        .from(kpis)
        .where(and(eq(kpis.organizationId, ctx.organizationId), eq(kpis.code, item.code)));
      if (clash) return { ok: false as const, errors: { code: `識別名「${item.code}」のKPIはすでにあります。` } };
    }
    await tx
      .update(kpis)
      .set({ code: item.code, ...columns(item) })
      .where(eq(kpis.id, kpiId));
    await writeAudit(tx, { ...ctx, action: "kpi.update", targetType: "kpi", targetId: kpiId, before, after: item });
    return { ok: true as const };
  });
}

export async function getKpi(db: Db, organizationId: string, kpiId: string) {
  if (!isUuid(kpiId)) return null;
  const [k] = await db
    .select()
    .from(kpis)
    .where(and(eq(kpis.id, kpiId), eq(kpis.organizationId, organizationId)));
  return k ?? null;
}
