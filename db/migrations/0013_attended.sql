-- Issue #19: what counts as attending a class (出席・遅刻・早退) is defined once, here, for SQL, and once in
-- app/classes/constants.ts (ATTENDED_STATUSES, countsAsAttended) for TypeScript; tests/integration/attended.test.ts
-- checks that the two agree for every attendance status. A plain IMMUTABLE SQL function is inlined by the planner
-- (attended(a.status) plans as a.status = ANY ('{present,late,left_early}')), so attendance_session_idx still serves it.
CREATE OR REPLACE FUNCTION attended(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT status IN ('present', 'late', 'left_early')
$$;
--> statement-breakpoint
-- The class figures' functions of migration 0010 (decision 013), with the same bodies but for the list of statuses,
-- now attended(...). The definitions are unchanged, so the stored figures stay as they are (no rebuild).
CREATE OR REPLACE FUNCTION class_figures_of_places(places class_figure_place[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, sign * p.held::int, 0, 0::bigint, 0, null::text, 0
  FROM unnest(places) p
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, sign * count(*)::int, 0::bigint, 0, null::text, 0
  FROM unnest(places) p JOIN attendance a ON a.session_id = p.session_id
  WHERE p.whole AND attended(a.status)
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, 0, sign * sum(v.satisfaction)::bigint, sign * count(*)::int, null::text, 0
  FROM unnest(places) p JOIN surveys v ON v.session_id = p.session_id
  WHERE p.whole
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign * count(*)::int
  FROM unnest(places) p JOIN registrations r ON r.session_id = p.session_id JOIN attendance a ON a.registration_id = r.id
  WHERE p.whole AND attended(a.status)
  GROUP BY 1, 2, 3, 4, 5, 10
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION class_figures_of_attendance(marks attendance[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, sign, 0::bigint, 0, null::text, 0
  FROM unnest(marks) a JOIN class_sessions s ON s.id = a.session_id JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE attended(a.status)
  UNION ALL
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign
  FROM unnest(marks) a JOIN registrations r ON r.id = a.registration_id JOIN class_sessions s ON s.id = r.session_id
    JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE attended(a.status)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION class_figures_of_registrations(regs registrations[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign
  FROM unnest(regs) r JOIN attendance a ON a.registration_id = r.id JOIN class_sessions s ON s.id = r.session_id
    JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE attended(a.status)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION class_figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE class_year_figures, class_year_people, class_year_participants IN EXCLUSIVE MODE;
  TRUNCATE class_year_figures, class_year_people, class_year_participants;
  INSERT INTO class_year_figures (organization_id, fiscal_year, category, audience, organizer_type, sessions_held, attendances, satisfaction_sum, satisfaction_count, single_participants)
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type,
    count(*) FILTER (WHERE s.status = 'held'), coalesce(sum(a.n), 0), coalesce(sum(v.total), 0), coalesce(sum(v.n), 0), coalesce(sum(r.n), 0)
  FROM class_sessions s JOIN class_series c ON c.id = s.series_id
    LEFT JOIN (SELECT session_id, count(*) AS n FROM attendance WHERE attended(status) GROUP BY 1) a ON a.session_id = s.id
    LEFT JOIN (SELECT session_id, sum(satisfaction) AS total, count(*) AS n FROM surveys GROUP BY 1) v ON v.session_id = s.id
    LEFT JOIN (SELECT r.session_id, count(*) AS n FROM registrations r JOIN attendance a ON a.registration_id = r.id
               WHERE attended(a.status) AND class_person_key(r.user_id, r.name, r.name_kana, r.phone) IS NULL GROUP BY 1) r ON r.session_id = s.id
  GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO class_year_people (organization_id, fiscal_year, person_key, category, audience, organizer_type, attendances)
  SELECT s.organization_id, class_fiscal_year(s.starts_at), k.person_key, c.category, c.audience, c.organizer_type, count(*)
  FROM registrations r JOIN attendance a ON a.registration_id = r.id JOIN class_sessions s ON s.id = r.session_id JOIN class_series c ON c.id = s.series_id
    CROSS JOIN LATERAL (SELECT class_person_key(r.user_id, r.name, r.name_kana, r.phone) AS person_key) k
  WHERE attended(a.status) AND k.person_key IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO class_year_participants (organization_id, fiscal_year, category, audience, organizer_type, participants)
  SELECT organization_id, fiscal_year, category, audience, organizer_type, count(DISTINCT person_key)
  FROM class_year_people
  GROUP BY organization_id, fiscal_year, CUBE (category, audience, organizer_type);
END
$$;
