/**
 * The certification programmes (認定制度, e.g. DX推進員): one import for routes, seeders, tests and the bench. The code
 * lives in a module per part (issue #19); this module only names what is public.
 */
export { courseTitles, eligibilityOf, getPerson, getProgram, listPrograms, type Person, type ProgramRecord } from "./lookup.server";
export { factsOf, loadFacts } from "./facts.server";
export { applyToProgram, currentEnrollment, decide, listEnrollments, nominate, withdraw } from "./enrollments.server";
export { listReports, reviewReport, submitReport } from "./reports.server";
export { certify, currentCertificate, listCertificates, listPromoters, renew, revoke, type CertificateRow } from "./certificates.server";
export { coverage, currentPlacement, setPlacement } from "./placements.server";
export { addActivity, confirmActivity, deleteActivity, getActivity, listActivities, type ActivityFilter, type ActivityInput } from "./activities.server";
export { enrollmentDetail, myProgramState } from "./person-view.server";
