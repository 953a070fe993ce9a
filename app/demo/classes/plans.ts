import { AMI_PLAN } from "./plan-ami";
import { OMITAMA_PLAN } from "./plan-omitama";
import type { OrgPlan } from "./plan";

/** The demo organizations that get classes, by slug, in the order they are seeded. */
export const PLANS: OrgPlan[] = [AMI_PLAN, OMITAMA_PLAN];
