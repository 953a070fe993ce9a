/**
 * The training campaigns (必修研修): one import for routes, seeders, jobs, tests and the bench. The code lives in a
 * module per part (issue #19): the definitions, compliance (who must take it, the figures) and the learner's
 * assignments; this module only names what is public.
 */
export {
  addOverride,
  assignableCourses,
  campaignFormOptions,
  copyToNextYear,
  createCampaign,
  getCampaign,
  listOverrides,
  removeOverride,
  setArchived,
  updateCampaign,
  type CampaignErrors,
  type CampaignInput,
  type CampaignRow,
} from "./definitions.server";
export {
  assignmentsSql,
  audienceSql,
  breakdownOrder,
  campaignOverview,
  complianceBy,
  complianceOf,
  complianceTrend,
  departmentCampaigns,
  listAssignments,
  listCampaigns,
  type AssignmentRow,
  type Breakdown,
  type CampaignOverview,
  type Compliance,
  type TrendPoint,
} from "./compliance.server";
export { assignmentViews, myAssignments } from "./my-assignments.server";
