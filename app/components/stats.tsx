import type { ReactNode } from "react";

/** A row of figures: label above, value below. `warn` highlights a figure that needs attention. */
export function StatGrid({ items }: { items: ({ label: ReactNode; value: ReactNode; warn?: boolean } | null | false)[] }) {
  return (
    <ul className="stat-grid">
      {items.filter(Boolean).map((item, i) =>
        item ? (
          <li key={i} className={item.warn ? "stat-warn" : undefined}>
            <span className="stat-label">{item.label}</span>
            <span className="stat-value">{item.value}</span>
          </li>
        ) : null,
      )}
    </ul>
  );
}
