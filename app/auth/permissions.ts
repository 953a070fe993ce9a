import type { Role } from "~/staff/constants";

/**
 * Who may do what (pure). Every loader and action asks `can()` (through the guards in guard.server.ts); nothing else
 * decides access. A grant has a scope: "own" (the person themself), "department" (their 課), "organization" (their
 * 自治体, or the one a system admin switched to) or "all" (every organization on the instance).
 */
export const PERMISSIONS = [
  "account:use", // own profile, sessions, password
  "staff:read", // staff list and details
  "staff:write", // edit staff, roles, issue passwords and reset links, revoke sessions
  "staff:import", // roster CSV import
  "department:write", // create and rename 課, edit 職位
  "audit:read", // read the audit log
  "organization:switch", // act in another organization (system admins)
  "quiz:stats", // quiz statistics and item analysis of the organization
  "class:manage", // in-person classes: sessions, rosters, walk-ins, telephone registrations, surveys on paper
  "class:personal_data", // export or delete a resident's registration data on request
  "kpi:read", // the KPI dashboard of the organization
  "kpi:write", // enter KPI figures by hand (the DX office)
  "campaign:manage", // mandatory-training campaigns: create, edit, exemptions, outbox
  "campaign:read", // completion figures and who is pending (課長: their own 課)
  "program:manage", // certification programmes (DX推進員): selection, reports, certificates, placement, activity exports
  "program:confirm_activity", // confirm promoters' improvement activities done for a 課 (課長: their own 課)
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type Scope = "own" | "department" | "organization" | "all";

/** HR (人事課) and the DX office (組織管理者) administer the same things inside their organization. */
const ORGANIZATION_ADMIN: Partial<Record<Permission, Scope>> = {
  "account:use": "own",
  "staff:read": "organization",
  "staff:write": "organization",
  "staff:import": "organization",
  "department:write": "organization",
  "audit:read": "organization",
  "quiz:stats": "organization",
  "class:manage": "organization",
  "class:personal_data": "organization",
  "kpi:read": "organization",
  "campaign:manage": "organization",
  "campaign:read": "organization",
  "program:manage": "organization",
};

export const ROLE_GRANTS: Record<Role, Partial<Record<Permission, Scope>>> = {
  learner: { "account:use": "own" },
  instructor: { "account:use": "own", "quiz:stats": "organization", "class:manage": "organization" },
  dept_manager: { "account:use": "own", "staff:read": "department", "campaign:read": "department", "program:confirm_activity": "department" },
  hr_admin: ORGANIZATION_ADMIN,
  dx_admin: { ...ORGANIZATION_ADMIN, "kpi:write": "organization" },
  system_admin: {
    ...Object.fromEntries([...Object.keys(ORGANIZATION_ADMIN), "kpi:write"].map((p) => [p, "all"])),
    "account:use": "own",
    "organization:switch": "all",
  },
};

/** Roles only a system admin may give or take away. */
export const PRIVILEGED_ROLES: readonly Role[] = ["system_admin"];

export interface Actor {
  userId: string;
  /** The organization the actor is acting in (their own unless a system admin switched). */
  organizationId: string;
  /** The actor's own organization. */
  homeOrganizationId: string;
  departmentId: string | null;
  roles: readonly Role[];
}

export interface Target {
  organizationId?: string;
  departmentId?: string | null;
  userId?: string;
}

const SCOPE_RANK: Record<Scope, number> = { own: 0, department: 1, organization: 2, all: 3 };

/** The widest scope any of the actor's roles grants for `permission`, or null. */
export function scopeOf(actor: Pick<Actor, "roles">, permission: Permission): Scope | null {
  let best: Scope | null = null;
  for (const role of new Set<Role>(["learner", ...actor.roles])) {
    const scope = ROLE_GRANTS[role]?.[permission];
    if (scope && (!best || SCOPE_RANK[scope] > SCOPE_RANK[best])) best = scope;
  }
  return best;
}

/**
 * May `actor` use `permission` on `target`? Without a target the question is "at all" (e.g. may open the staff list,
 * whose query is then scoped). A target in another organization is refused unless the scope is "all" — and even a
 * system admin acts in one organization at a time, so the target must be in the one they are acting in.
 */
export function can(actor: Actor, permission: Permission, target: Target = {}): boolean {
  const scope = scopeOf(actor, permission);
  if (!scope) return false;
  if (target.organizationId !== undefined && target.organizationId !== actor.organizationId) return false;
  switch (scope) {
    case "all":
    case "organization":
      return true;
    case "department":
      return target.departmentId === undefined || (target.departmentId !== null && target.departmentId === actor.departmentId);
    case "own":
      return target.userId === undefined || target.userId === actor.userId;
  }
}

/** Roles the actor may grant or remove. */
export function assignableRoles(actor: Actor): Role[] {
  if (!scopeOf(actor, "staff:write")) return [];
  const all: Role[] = ["learner", "instructor", "dept_manager", "hr_admin", "dx_admin", "system_admin"];
  return actor.roles.includes("system_admin") ? all : all.filter((r) => !PRIVILEGED_ROLES.includes(r));
}
