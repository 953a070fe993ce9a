import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";

/**
 * Badges for a class's places and a sign-up's state. Each kind has its own icon, words, border style and colours
 * (app/styles/classes.css, app/styles/high-contrast.css), so a full class never looks like an open one, even to
 * someone who cannot tell the colours apart.
 */
export type BadgeKind = "open" | "full" | "closed" | "cancelled";

function BadgeIcon({ kind }: { kind: BadgeKind }) {
  return (
    <svg className="class-badge-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {kind === "open" ? <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="2.5" /> : null}
      {kind === "full" ? (
        <>
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M8 4.5V8l2.5 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </>
      ) : null}
      {kind === "closed" ? <path d="M3 8h10" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" /> : null}
      {kind === "cancelled" ? <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" /> : null}
    </svg>
  );
}

export function ClassBadge({ kind, children }: { kind: BadgeKind; children: ReactNode }) {
  return (
    <span className={`class-badge class-badge-${kind}`}>
      <BadgeIcon kind={kind} />
      {children}
    </span>
  );
}

/** 「○ あと3席」 or 「◷ 満席」 with 「キャンセル待ちで申し込めます」; 受付終了 and 中止 when the class takes no more sign-ups. */
export function SeatsBadge({ status, open = true, seatsLeft }: { status: string; open?: boolean; seatsLeft: number }) {
  const { t } = useTranslation();
  if (status === "cancelled") return <ClassBadge kind="cancelled">{t("classes.cancelledShort")}</ClassBadge>;
  if (!open) return <ClassBadge kind="closed">{t("classes.closedShort")}</ClassBadge>;
  if (seatsLeft > 0) return <ClassBadge kind="open">{t("classes.seatsLeft", { count: seatsLeft })}</ClassBadge>;
  return (
    <>
      <ClassBadge kind="full">{t("classes.full")}</ClassBadge> <span className="class-badge-note">{t("classes.waitlistNote")}</span>
    </>
  );
}

/** The state of a resident's sign-up on the receipt: 参加が決まっています, キャンセル待ち (N番目), 取り消し済み. */
export function RegistrationBadge({ status }: { status: "confirmed" | "waitlisted" | "cancelled" }) {
  const { t } = useTranslation();
  const kind: BadgeKind = status === "confirmed" ? "open" : status === "waitlisted" ? "full" : "cancelled";
  return <ClassBadge kind={kind}>{t(`receipt.statuses.${status}`)}</ClassBadge>;
}
