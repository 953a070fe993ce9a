/** A small bar chart of a KPI over fiscal years (actual bars, target marks), drawn as SVG on the server. */
export function KpiChart({
  title,
  unit,
  history,
}: {
  title: string;
  unit: string;
  history: { fiscalYear: number; actual: number | null; target: number | null }[];
}) {
  const width = 320;
  const height = 150;
  const pad = { left: 36, right: 8, top: 10, bottom: 24 };
  const max = Math.max(1, ...history.flatMap((h) => [h.actual ?? 0, h.target ?? 0]));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(1, history.length);
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const id = `chart-${title.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 20)}`;
  return (
    <svg className="kpi-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}の推移</title>
      <desc id={`${id}-desc`}>{history.map((h) => `${h.fiscalYear}年度 実績${h.actual ?? "なし"}${unit} 目標${h.target ?? "なし"}${unit}`).join("、")}</desc>
      <line x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} className="axis" />
      <text x={pad.left - 4} y={y(max) + 4} className="tick" textAnchor="end">
        {Math.round(max * 10) / 10}
      </text>
      <text x={pad.left - 4} y={y(0)} className="tick" textAnchor="end">
        0
      </text>
      {history.map((h, i) => {
        const x = pad.left + i * step;
        const barW = step * 0.5;
        return (
          <g key={h.fiscalYear}>
            {h.actual !== null ? (
              <rect x={x + step * 0.25} y={y(h.actual)} width={barW} height={Math.max(0, y(0) - y(h.actual))} className="bar-actual" />
            ) : null}
            {h.target !== null ? <line x1={x + step * 0.1} x2={x + step * 0.9} y1={y(h.target)} y2={y(h.target)} className="mark-target" /> : null}
            <text x={x + step / 2} y={height - 6} className="tick" textAnchor="middle">
              {String(h.fiscalYear).slice(2)}年度
            </text>
          </g>
        );
      })}
    </svg>
  );
}
