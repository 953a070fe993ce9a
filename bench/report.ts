/**
 * bench/RESULTS.md and bench/latency.svg from a run: a section per run (inserted newest first below a marker, so
 * older runs stay as history) and a latency chart drawn as plain SVG (bars on a log scale; no charting library, which
 * would need a DOM or a canvas for a dozen rectangles).
 */
import type { Measurement } from "./harness";
import type { CheckinCheck } from "./scenarios";

export interface ScenarioResult extends Measurement {
  key: string;
  label: string;
  notes: string[];
}

export interface RunResult {
  startedAt: string;
  label: string;
  /** Server processes (WEB_CONCURRENCY); RSS and CPU are summed over them. Absent in runs before it existed (one). */
  serverProcesses?: number;
  machine: { nproc: number; memoryGb: number; cpu: string; node: string; database: string; loadAverage: number[] };
  dataset: { scale: string; seedSeconds: number | null; rows: Record<string, number> };
  command: string;
  /** The commit the server ran (with "+changes" when the work tree differed from it). */
  commit: string;
  scenarios: ScenarioResult[];
  checkin: CheckinCheck | null;
  quiz: { flows: number; submitted: number; open: number } | null;
}

export const RUNS_MARKER = "<!-- runs: newest first; npm run bench inserts each new run below this line -->";

export interface TargetCheck {
  target: string;
  figure: string;
  met: boolean | null;
}

export function checkTargets(run: RunResult): TargetCheck[] {
  // A scenario that got no response at all within its time bound has no figures: it counts as missed.
  const get = (k: string) => {
    const s = run.scenarios.find((x) => x.key === k);
    return s && s.requests === 0 ? { ...s, rps: 0, p50: Infinity, p95: Infinity, p99: Infinity } : s;
  };
  const ceiling = get("ceiling");
  const lesson = get("lesson");
  const quiz = get("quiz");
  const checkin = get("checkin");
  const kpi = get("kpis");
  const appPeaks = run.scenarios.filter((s) => s.key !== "ceiling" && s.rssPeakMb !== null).map((s) => s.rssPeakMb!);
  const rss = appPeaks.length ? Math.max(...appPeaks) : null;
  const out: TargetCheck[] = [];
  const ratio = ceiling && lesson ? lesson.rps / ceiling.rps : null;
  const at = (s: ScenarioResult) => `at ${s.connections}`;
  out.push({
    target: "lesson ≥ 50 % of the static ceiling",
    figure: ratio === null ? "—" : `${(ratio * 100).toFixed(1)} % (${lesson!.rps} / ${ceiling!.rps} req/s)`,
    met: ratio === null ? null : ratio >= 0.5,
  });
  out.push({
    target: `lesson p99 < 50 ms at 64 connections`,
    figure: lesson ? `${msText(lesson.p99)} ${at(lesson)}` : "—",
    met: lesson ? lesson.p99 < 50 && lesson.connections >= 64 : null,
  });
  out.push({ target: "quiz submission p99 < 100 ms", figure: quiz ? `${msText(quiz.p99)} ${at(quiz)}` : "—", met: quiz ? quiz.p99 < 100 : null });
  const c = run.checkin;
  out.push({
    target: "check-in p99 < 50 ms, zero lost or duplicated marks",
    figure: checkin ? `${msText(checkin.p99)} ${at(checkin)}; lost ${c?.lost ?? "?"}, duplicated ${c?.duplicated ?? "?"}` : "—",
    met: checkin && c ? checkin.p99 < 50 && c.lost === 0 && c.duplicated === 0 : null,
  });
  out.push({ target: "KPI dashboard p95 < 100 ms", figure: kpi ? `${msText(kpi.p95)} ${at(kpi)}` : "—", met: kpi ? kpi.p95 < 100 : null });
  out.push({ target: "server RSS < 300 MB", figure: rss === null ? "—" : `${rss} MB peak`, met: rss === null ? null : rss < 300 });
  return out;
}

const n = (v: number) => v.toLocaleString("en-US");
/** A latency for the target table; a run without any response (every request timed out) has none. */
const msText = (v: number) => (Number.isFinite(v) ? `${v} ms` : "no response within the run");
const mark = (met: boolean | null) => (met === null ? "—" : met ? "met" : "**missed**");

export function renderRun(run: RunResult): string {
  const lines: string[] = [];
  lines.push(`### ${run.startedAt.replace("T", " ").slice(0, 16)} UTC — ${run.dataset.scale} scale${run.label ? ` — ${run.label}` : ""}`);
  lines.push("");
  const m = run.machine;
  lines.push(
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGb} GB RAM, Node ${m.node}, ${m.database}; load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(" / ")}.`,
  );
  const rows = Object.entries(run.dataset.rows).filter(([, c]) => c > 0);
  lines.push(
    `Dataset: ${run.dataset.scale}${run.dataset.seedSeconds !== null ? `, seeded in ${run.dataset.seedSeconds.toFixed(0)} s` : ""} — ${rows.map(([t, c]) => `${t} ${n(c)}`).join(", ")}.`,
  );
  lines.push(`Command: \`${run.command}\` at commit ${run.commit}.`);
  if ((run.serverProcesses ?? 1) > 1) lines.push(`Server: ${run.serverProcesses} processes (WEB_CONCURRENCY); server CPU and RSS are their sums.`);
  lines.push("");
  lines.push(
    "| endpoint | conns | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx | unexpected | server CPU ms/req | server RSS peak MB |",
  );
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const s of run.scenarios) {
    lines.push(
      `| ${s.label} | ${s.connections} | ${n(s.requests)} | ${n(s.rps)} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} | ${s.errors} | ${s.non2xx} | ${s.unexpected} | ${s.cpuMsPerRequest ?? "—"} | ${s.rssPeakMb ?? "—"} |`,
    );
  }
  lines.push("");
  const notes = run.scenarios.flatMap((s) => s.notes.map((note) => `- ${s.label}: ${note}`));
  if (notes.length) lines.push(...notes, "");
  lines.push("| target | figure | |");
  lines.push("| --- | --- | --- |");
  for (const t of checkTargets(run)) lines.push(`| ${t.target} | ${t.figure} | ${mark(t.met)} |`);
  lines.push("");
  return lines.join("\n");
}

const HEADER = `# Benchmark results

See the README's "Benchmark" section for the commands. Runs are added below by \`npm run bench\`, newest first.

![latency per endpoint](latency.svg)

## Runs

${RUNS_MARKER}
`;

/** RESULTS.md with this run inserted as the newest. */
export function insertRun(existing: string | null, run: RunResult): string {
  const text = existing && existing.includes(RUNS_MARKER) ? existing : HEADER;
  return text.replace(RUNS_MARKER, `${RUNS_MARKER}\n\n${renderRun(run)}`);
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Latency per endpoint (p50, p95, p99) as horizontal bars on a log scale, with the values written beside them. */
export function renderSvg(run: RunResult): string {
  const series = [
    { key: "p50" as const, color: "#4c78a8" },
    { key: "p95" as const, color: "#f58518" },
    { key: "p99" as const, color: "#e45756" },
  ];
  // Room for the longest label (about 6.6 px per character at 12 px).
  const labelWidth = Math.ceil(24 + Math.max(...run.scenarios.map((s) => `${s.label} (${s.connections})`.length)) * 6.6);
  const plotWidth = 460;
  const barHeight = 11;
  const groupGap = 14;
  const top = 48;
  const groupHeight = series.length * barHeight + groupGap;
  const height = top + run.scenarios.length * groupHeight + 40;
  const width = labelWidth + plotWidth + 90;
  const maxMs = Math.max(10, ...run.scenarios.filter((s) => s.requests > 0).map((s) => s.p99));
  const decades = Math.ceil(Math.log10(maxMs)) + 1; // from 0.1 ms
  const x = (ms: number) => labelWidth + (Math.max(0, Math.log10(Math.max(ms, 0.1)) + 1) / decades) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">`,
  );
  out.push(`<title id="title">Latency per endpoint, ${esc(run.dataset.scale)} scale, ${esc(run.startedAt.slice(0, 16))} UTC</title>`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">Latency per endpoint (ms, log scale) — ${esc(run.dataset.scale)} scale, ${esc(run.startedAt.slice(0, 10))}</text>`,
  );
  series.forEach((s, i) => {
    out.push(`<rect x="${labelWidth + i * 70}" y="30" width="10" height="10" fill="${s.color}"/><text x="${labelWidth + i * 70 + 14}" y="39">${s.key}</text>`);
  });
  for (let d = 0; d < decades; d++) {
    const ms = 10 ** (d - 1);
    const gx = x(ms);
    out.push(`<line x1="${gx.toFixed(1)}" y1="${top - 4}" x2="${gx.toFixed(1)}" y2="${height - 30}" stroke="#ddd"/>`);
    out.push(`<text x="${gx.toFixed(1)}" y="${height - 16}" text-anchor="middle" fill="#555">${ms >= 1 ? ms : ms.toFixed(1)}</text>`);
  }
  run.scenarios.forEach((sc, g) => {
    const y0 = top + g * groupHeight;
    out.push(`<text x="${labelWidth - 8}" y="${y0 + (series.length * barHeight) / 2 + 4}" text-anchor="end">${esc(sc.label)} (${sc.connections})</text>`);
    if (sc.requests === 0) {
      out.push(
        `<text x="${labelWidth + 4}" y="${y0 + (series.length * barHeight) / 2 + 4}" fill="#b00">no response within the run (${sc.errors} timeouts)</text>`,
      );
      return;
    }
    series.forEach((s, i) => {
      const v = sc[s.key];
      const y = y0 + i * barHeight;
      out.push(`<rect x="${labelWidth}" y="${y}" width="${Math.max(1, x(v) - labelWidth).toFixed(1)}" height="${barHeight - 2}" fill="${s.color}"/>`);
      out.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${y + barHeight - 3}" font-size="10" fill="#333">${v}</text>`);
    });
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** npx tsx bench/report.ts bench/results/<run>.json — redraws bench/latency.svg from a stored run. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx bench/report.ts bench/results/<run>.json");
  writeFileSync("bench/latency.svg", renderSvg(JSON.parse(readFileSync(file, "utf8")) as RunResult));
}
