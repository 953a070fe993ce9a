import { EMPLOYMENT_TYPE_CODES, ROLE_CODES, type EmploymentType, type Role } from "../../db/schema/vocabulary";

// The stored codes belong to the database layer (db/schema/vocabulary.ts, which the schema's enum columns use); the app
// takes them from here, with their labels.
export { EMPLOYMENT_TYPE_CODES, ROLE_CODES, type EmploymentType, type Role };

/** 雇用形態: stored codes and the labels used in the UI and in HR's CSV files (in the codes' order). */
export const EMPLOYMENT_TYPES = {
  regular: "正規",
  reappointed: "再任用",
  fiscal_year: "会計年度任用",
  temporary: "臨時",
  commissioned: "嘱託",
} as const satisfies Record<EmploymentType, string>;

/** Roles, any combination per person. Every staff member is a learner. */
export const ROLES = {
  learner: "受講者",
  instructor: "講師",
  dept_manager: "所属長（課長）",
  hr_admin: "人事担当",
  dx_admin: "DX推進担当（組織管理者）",
  system_admin: "システム管理者",
} as const satisfies Record<Role, string>;

/** Default 職位 order (highest first) for organizations whose YAML does not list their own. */
export const DEFAULT_JOB_RANKS = ["部長", "次長", "課長", "課長補佐", "係長", "主任", "主事", "技師", "会計年度任用職員"];

/** How long a password-reset link stays valid. */
export const RESET_LINK_HOURS = 24;
