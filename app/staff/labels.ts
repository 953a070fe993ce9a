import { EMPLOYMENT_TYPES, ROLES, type EmploymentType, type Role } from "./constants";

export const employmentTypeLabel = (t: EmploymentType) => EMPLOYMENT_TYPES[t];
export const roleLabels = (roles: readonly Role[]) => roles.map((r) => ROLES[r]).join("・");

// Created once: building an Intl.DateTimeFormat costs far more than formatting with it (pages format many dates).
const dateTimeFormat = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "long", timeStyle: "short" });

/** "2026年11月22日 14:05" in Japan time. */
export function formatDateTime(value: string | Date): string {
  return dateTimeFormat.format(new Date(value));
}

/** A short, human description of a browser from its User-Agent, for the signed-in devices list. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return "不明な端末";
  const device = /iPhone/.test(ua)
    ? "iPhone"
    : /iPad/.test(ua)
      ? "iPad"
      : /Android/.test(ua)
        ? "Android"
        : /Windows/.test(ua)
          ? "Windows"
          : /Mac OS X/.test(ua)
            ? "Mac"
            : /Linux/.test(ua)
              ? "Linux"
              : "端末";
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : "ブラウザ";
  return `${device}・${browser}`;
}
