/**
 * The stored codes of the staff vocabulary: what the schema's enum columns (users.employment_type, users.roles) and a
 * campaign's audience hold. The database layer owns them; app/staff/constants.ts adds the labels the UI and HR's CSV
 * files use and re-exports these for the app. Keep the order: it is the order the app lists them in.
 */

/** 雇用形態 (labels: EMPLOYMENT_TYPES in app/staff/constants.ts). */
export const EMPLOYMENT_TYPE_CODES = ["regular", "reappointed", "fiscal_year", "temporary", "commissioned"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPE_CODES)[number];

/** Roles, any combination per person; every staff member is a learner (labels: ROLES in app/staff/constants.ts). */
export const ROLE_CODES = ["learner", "instructor", "dept_manager", "hr_admin", "dx_admin", "system_admin"] as const;
export type Role = (typeof ROLE_CODES)[number];
