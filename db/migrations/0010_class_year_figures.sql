CREATE TABLE "class_year_figures" (
	"organization_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"category" text NOT NULL,
	"audience" text NOT NULL,
	"organizer_type" text NOT NULL,
	"sessions_held" integer DEFAULT 0 NOT NULL,
	"attendances" integer DEFAULT 0 NOT NULL,
	"satisfaction_sum" bigint DEFAULT 0 NOT NULL,
	"satisfaction_count" integer DEFAULT 0 NOT NULL,
	"single_participants" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "class_year_figures_pk" PRIMARY KEY("organization_id","fiscal_year","category","audience","organizer_type")
);
--> statement-breakpoint
CREATE TABLE "class_year_participants" (
	"organization_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"category" text,
	"audience" text,
	"organizer_type" text,
	"participants" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "class_year_participants_uq" UNIQUE NULLS NOT DISTINCT("organization_id","fiscal_year","category","audience","organizer_type")
);
--> statement-breakpoint
CREATE TABLE "class_year_people" (
	"organization_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"person_key" text NOT NULL,
	"category" text NOT NULL,
	"audience" text NOT NULL,
	"organizer_type" text NOT NULL,
	"attendances" integer NOT NULL,
	CONSTRAINT "class_year_people_pk" PRIMARY KEY("organization_id","fiscal_year","person_key","category","audience","organizer_type")
);
--> statement-breakpoint
ALTER TABLE "class_year_figures" ADD CONSTRAINT "class_year_figures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_year_participants" ADD CONSTRAINT "class_year_participants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_year_people" ADD CONSTRAINT "class_year_people_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Decision 013: the figures above are kept by the triggers below, in the same transaction as the change, for every
-- write path (the app, jobs, cascades, raw SQL). Each trigger computes what the changed rows contributed before and
-- after, with the recount's own definitions, and class_figures_apply adds the difference.
CREATE FUNCTION class_fiscal_year(at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT extract(year from (at at time zone 'UTC') + interval '9 hours' - interval '3 months')::int
$$;
--> statement-breakpoint
-- Who a registration is for unique_participants: the user, else name|ふりがな|phone; null when neither is known (the
-- recount then counts the registration itself: a participant of its own).
CREATE FUNCTION class_person_key(user_id uuid, name text, name_kana text, phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(user_id::text, name || '|' || name_kana || '|' || coalesce(phone, ''))
$$;
--> statement-breakpoint
-- One signed contribution: person_key null with persons ±1 is a single participant; with a key, a person's attendance.
CREATE TYPE class_figure_delta AS (
  organization_id uuid, fiscal_year integer, category text, audience text, organizer_type text,
  sessions_held integer, attendances integer, satisfaction_sum bigint, satisfaction_count integer, person_key text, persons integer
);
--> statement-breakpoint
-- A session with the kind and year it counts under; whole = also everything recorded for it (marks, people, surveys).
CREATE TYPE class_figure_place AS (
  session_id uuid, organization_id uuid, fiscal_year integer, category text, audience text, organizer_type text, held boolean, whole boolean
);
--> statement-breakpoint
CREATE FUNCTION class_figure_places(sessions class_sessions[], whole boolean) RETURNS SETOF class_figure_place LANGUAGE sql STABLE AS $$
  SELECT s.id, s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, s.status = 'held', whole
  FROM unnest(sessions) s JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_of_places(places class_figure_place[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, sign * p.held::int, 0, 0::bigint, 0, null::text, 0
  FROM unnest(places) p
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, sign * count(*)::int, 0::bigint, 0, null::text, 0
  FROM unnest(places) p JOIN attendance a ON a.session_id = p.session_id
  WHERE p.whole AND a.status IN ('present', 'late', 'left_early')
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, 0, sign * sum(v.satisfaction)::bigint, sign * count(*)::int, null::text, 0
  FROM unnest(places) p JOIN surveys v ON v.session_id = p.session_id
  WHERE p.whole
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT p.organization_id, p.fiscal_year, p.category, p.audience, p.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign * count(*)::int
  FROM unnest(places) p JOIN registrations r ON r.session_id = p.session_id JOIN attendance a ON a.registration_id = r.id
  WHERE p.whole AND a.status IN ('present', 'late', 'left_early')
  GROUP BY 1, 2, 3, 4, 5, 10
$$;
--> statement-breakpoint
-- Marks count under their own session (total_attendances) and, as people, under their registration's session.
CREATE FUNCTION class_figures_of_attendance(marks attendance[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, sign, 0::bigint, 0, null::text, 0
  FROM unnest(marks) a JOIN class_sessions s ON s.id = a.session_id JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE a.status IN ('present', 'late', 'left_early')
  UNION ALL
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign
  FROM unnest(marks) a JOIN registrations r ON r.id = a.registration_id JOIN class_sessions s ON s.id = r.session_id
    JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE a.status IN ('present', 'late', 'left_early')
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_of_registrations(regs registrations[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, 0, 0::bigint, 0, class_person_key(r.user_id, r.name, r.name_kana, r.phone), sign
  FROM unnest(regs) r JOIN attendance a ON a.registration_id = r.id JOIN class_sessions s ON s.id = r.session_id
    JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
  WHERE a.status IN ('present', 'late', 'left_early')
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_of_surveys(answers surveys[], sign integer) RETURNS SETOF class_figure_delta LANGUAGE sql STABLE AS $$
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type, 0, 0, sign * v.satisfaction::bigint, sign, null::text, 0
  FROM unnest(answers) v JOIN class_sessions s ON s.id = v.session_id JOIN class_series c ON c.id = s.series_id JOIN organizations o ON o.id = s.organization_id
$$;
--> statement-breakpoint
-- Adds signed contributions. Locks are taken in one order — figure rows, then people (advisory lock per organization,
-- year and person key, by hash), then participant rows — so that concurrent single-statement writes cannot deadlock.
-- The per-person lock makes "first/last attendance of this person in this year" exact under READ COMMITTED (each
-- statement below sees what the previous holder committed); REPEATABLE READ could not see it and is refused.
CREATE FUNCTION class_figures_apply(deltas class_figure_delta[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h integer;
BEGIN
  IF deltas IS NULL OR cardinality(deltas) = 0 THEN
    RETURN;
  END IF;
  IF current_setting('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'class figures (decision 013) are kept under READ COMMITTED or SERIALIZABLE, not REPEATABLE READ';
  END IF;

  INSERT INTO class_year_figures AS f (organization_id, fiscal_year, category, audience, organizer_type, sessions_held, attendances, satisfaction_sum, satisfaction_count, single_participants)
  SELECT organization_id, fiscal_year, category, audience, organizer_type, sum(sessions_held), sum(attendances), sum(satisfaction_sum), sum(satisfaction_count),
    coalesce(sum(persons) FILTER (WHERE person_key IS NULL), 0)
  FROM unnest(deltas)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(sessions_held) <> 0 OR sum(attendances) <> 0 OR sum(satisfaction_sum) <> 0 OR sum(satisfaction_count) <> 0
    OR coalesce(sum(persons) FILTER (WHERE person_key IS NULL), 0) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT class_year_figures_pk DO UPDATE SET
    sessions_held = f.sessions_held + excluded.sessions_held,
    attendances = f.attendances + excluded.attendances,
    satisfaction_sum = f.satisfaction_sum + excluded.satisfaction_sum,
    satisfaction_count = f.satisfaction_count + excluded.satisfaction_count,
    single_participants = f.single_participants + excluded.single_participants;

  FOR h IN
    SELECT DISTINCT hashtext(organization_id::text || '/' || fiscal_year || '/' || person_key)
    FROM (SELECT organization_id, fiscal_year, person_key FROM unnest(deltas) WHERE person_key IS NOT NULL
          GROUP BY organization_id, fiscal_year, person_key, category, audience, organizer_type HAVING sum(persons) <> 0) x
    ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(1012, h);
  END LOOP;
  IF NOT FOUND THEN
    RETURN;
  END IF;

  WITH d AS (
    SELECT organization_id, fiscal_year, person_key, category, audience, organizer_type, sum(persons)::int AS n
    FROM unnest(deltas) WHERE person_key IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(persons) <> 0
  ),
  touched AS (SELECT DISTINCT organization_id, fiscal_year, person_key FROM d),
  cur AS (
    SELECT p.organization_id, p.fiscal_year, p.person_key, p.category, p.audience, p.organizer_type, p.attendances
    FROM class_year_people p JOIN touched t USING (organization_id, fiscal_year, person_key)
  ),
  merged AS (
    SELECT organization_id, fiscal_year, person_key, category, audience, organizer_type,
      coalesce(cur.attendances, 0) AS n_before, coalesce(cur.attendances, 0) + coalesce(d.n, 0) AS n_after
    FROM cur FULL JOIN d USING (organization_id, fiscal_year, person_key, category, audience, organizer_type)
  ),
  memberships AS (
    SELECT m.organization_id, m.fiscal_year, m.person_key, k.category, k.audience, k.organizer_type, bool_or(m.n_before > 0) AS was_in, bool_or(m.n_after > 0) AS is_in
    FROM merged m CROSS JOIN LATERAL (VALUES
      (m.category, m.audience, m.organizer_type), (null, m.audience, m.organizer_type), (m.category, null, m.organizer_type), (m.category, m.audience, null),
      (null, null, m.organizer_type), (null, m.audience, null), (m.category, null, null), (null::text, null::text, null::text)
    ) k(category, audience, organizer_type)
    GROUP BY 1, 2, 3, 4, 5, 6
  ),
  changes AS (
    SELECT organization_id, fiscal_year, category, audience, organizer_type, sum(is_in::int - was_in::int)::int AS delta
    FROM memberships GROUP BY 1, 2, 3, 4, 5 HAVING sum(is_in::int - was_in::int) <> 0
  ),
  kept AS (
    INSERT INTO class_year_people AS p (organization_id, fiscal_year, person_key, category, audience, organizer_type, attendances)
    SELECT organization_id, fiscal_year, person_key, category, audience, organizer_type, n_after FROM merged WHERE n_after > 0 AND n_after <> n_before
    ON CONFLICT ON CONSTRAINT class_year_people_pk DO UPDATE SET attendances = excluded.attendances
  ),
  gone AS (
    DELETE FROM class_year_people p USING merged m
    WHERE m.n_after <= 0 AND m.n_before > 0 AND p.organization_id = m.organization_id AND p.fiscal_year = m.fiscal_year AND p.person_key = m.person_key
      AND p.category = m.category AND p.audience = m.audience AND p.organizer_type = m.organizer_type
  )
  INSERT INTO class_year_participants AS c (organization_id, fiscal_year, category, audience, organizer_type, participants)
  SELECT organization_id, fiscal_year, category, audience, organizer_type, delta FROM changes
  ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
  ON CONFLICT ON CONSTRAINT class_year_participants_uq DO UPDATE SET participants = c.participants + excluded.participants;
END
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added attendance[];
  removed attendance[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN SELECT array_agg(n::attendance) INTO added FROM new_rows n; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN SELECT array_agg(o::attendance) INTO removed FROM old_rows o; END IF;
  PERFORM class_figures_apply(array(
    SELECT d FROM class_figures_of_attendance(added, 1) d UNION ALL SELECT d FROM class_figures_of_attendance(removed, -1) d
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_on_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added surveys[];
  removed surveys[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN SELECT array_agg(n::surveys) INTO added FROM new_rows n; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN SELECT array_agg(o::surveys) INTO removed FROM old_rows o; END IF;
  PERFORM class_figures_apply(array(
    SELECT d FROM class_figures_of_surveys(added, 1) d UNION ALL SELECT d FROM class_figures_of_surveys(removed, -1) d
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A registration's person key or session changed (anonymization, a deleted user's id set to null, a move).
CREATE FUNCTION class_figures_on_registrations_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM class_figures_apply(array(
    SELECT d FROM class_figures_of_registrations((SELECT array_agg(n::registrations) FROM new_rows n), 1) d
    UNION ALL SELECT d FROM class_figures_of_registrations((SELECT array_agg(o::registrations) FROM old_rows o), -1) d
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Deletions of a parent take away its whole contribution while its records still exist (BEFORE); the cascaded deletes
-- of its records then find no parent and take away nothing twice.
CREATE FUNCTION class_figures_on_registration_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM class_figures_apply(array(SELECT d FROM class_figures_of_registrations(ARRAY[OLD], -1) d));
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_on_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_places class_figure_place[];
  new_places class_figure_place[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM class_figures_apply(array(SELECT d FROM class_figures_of_places(array(SELECT p FROM class_figure_places((SELECT array_agg(n::class_sessions) FROM new_rows n), false) p), 1) d));
    RETURN NULL;
  END IF;
  -- Sessions that now count under another organization, year or kind take their records along (whole); the others
  -- only change sessions_held, which cancels out when the status did not change.
  WITH b AS (SELECT * FROM class_figure_places((SELECT array_agg(o::class_sessions) FROM old_rows o), false)),
       a AS (SELECT * FROM class_figure_places((SELECT array_agg(n::class_sessions) FROM new_rows n), false)),
       pairs AS (
         SELECT b.session_id AS b_id, a.session_id AS a_id, b, a,
           (b.organization_id, b.fiscal_year, b.category, b.audience, b.organizer_type)
             IS DISTINCT FROM (a.organization_id, a.fiscal_year, a.category, a.audience, a.organizer_type) AS moved
         FROM b FULL JOIN a ON a.session_id = b.session_id
       )
  SELECT array_agg(row((b).session_id, (b).organization_id, (b).fiscal_year, (b).category, (b).audience, (b).organizer_type, (b).held, moved)::class_figure_place) FILTER (WHERE b_id IS NOT NULL),
         array_agg(row((a).session_id, (a).organization_id, (a).fiscal_year, (a).category, (a).audience, (a).organizer_type, (a).held, moved)::class_figure_place) FILTER (WHERE a_id IS NOT NULL)
  INTO old_places, new_places
  FROM pairs;
  PERFORM class_figures_apply(array(
    SELECT d FROM class_figures_of_places(old_places, -1) d UNION ALL SELECT d FROM class_figures_of_places(new_places, 1) d
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_on_session_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM class_figures_apply(array(SELECT d FROM class_figures_of_places(array(SELECT p FROM class_figure_places(ARRAY[OLD], true) p), -1) d));
  RETURN OLD;
END
$$;
--> statement-breakpoint
-- A series that changes kind moves its sessions and their records; a deleted series takes them away.
CREATE FUNCTION class_figures_on_series() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM class_figures_apply(array(SELECT d FROM class_figures_of_places(array(
      SELECT row(s.id, s.organization_id, class_fiscal_year(s.starts_at), OLD.category, OLD.audience, OLD.organizer_type, s.status = 'held', true)::class_figure_place
      FROM class_sessions s JOIN organizations o ON o.id = s.organization_id WHERE s.series_id = OLD.id), -1) d));
    RETURN OLD;
  END IF;
  PERFORM class_figures_apply(array(
    SELECT d FROM class_figures_of_places(array(
      SELECT row(s.id, s.organization_id, class_fiscal_year(s.starts_at), o.category, o.audience, o.organizer_type, s.status = 'held', true)::class_figure_place
      FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN class_sessions s ON s.series_id = o.id JOIN organizations g ON g.id = s.organization_id
      WHERE (o.category, o.audience, o.organizer_type) IS DISTINCT FROM (n.category, n.audience, n.organizer_type)), -1) d
    UNION ALL SELECT d FROM class_figures_of_places(array(
      SELECT row(s.id, s.organization_id, class_fiscal_year(s.starts_at), n.category, n.audience, n.organizer_type, s.status = 'held', true)::class_figure_place
      FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN class_sessions s ON s.series_id = n.id JOIN organizations g ON g.id = s.organization_id
      WHERE (o.category, o.audience, o.organizer_type) IS DISTINCT FROM (n.category, n.audience, n.organizer_type)), 1) d
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recounts everything from the records (this migration, the benchmark's bulk load, TRUNCATE of a source table, or an
-- operator who wants to be sure). Writers wait for it; what they change after it is added on top.
CREATE FUNCTION class_figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE class_year_figures, class_year_people, class_year_participants IN EXCLUSIVE MODE;
  TRUNCATE class_year_figures, class_year_people, class_year_participants;
  INSERT INTO class_year_figures (organization_id, fiscal_year, category, audience, organizer_type, sessions_held, attendances, satisfaction_sum, satisfaction_count, single_participants)
  SELECT s.organization_id, class_fiscal_year(s.starts_at), c.category, c.audience, c.organizer_type,
    count(*) FILTER (WHERE s.status = 'held'), coalesce(sum(a.n), 0), coalesce(sum(v.total), 0), coalesce(sum(v.n), 0), coalesce(sum(r.n), 0)
  FROM class_sessions s JOIN class_series c ON c.id = s.series_id
    LEFT JOIN (SELECT session_id, count(*) AS n FROM attendance WHERE status IN ('present', 'late', 'left_early') GROUP BY 1) a ON a.session_id = s.id
    LEFT JOIN (SELECT session_id, sum(satisfaction) AS total, count(*) AS n FROM surveys GROUP BY 1) v ON v.session_id = s.id
    LEFT JOIN (SELECT r.session_id, count(*) AS n FROM registrations r JOIN attendance a ON a.registration_id = r.id
               WHERE a.status IN ('present', 'late', 'left_early') AND class_person_key(r.user_id, r.name, r.name_kana, r.phone) IS NULL GROUP BY 1) r ON r.session_id = s.id
  GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO class_year_people (organization_id, fiscal_year, person_key, category, audience, organizer_type, attendances)
  SELECT s.organization_id, class_fiscal_year(s.starts_at), k.person_key, c.category, c.audience, c.organizer_type, count(*)
  FROM registrations r JOIN attendance a ON a.registration_id = r.id JOIN class_sessions s ON s.id = r.session_id JOIN class_series c ON c.id = s.series_id
    CROSS JOIN LATERAL (SELECT class_person_key(r.user_id, r.name, r.name_kana, r.phone) AS person_key) k
  WHERE a.status IN ('present', 'late', 'left_early') AND k.person_key IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO class_year_participants (organization_id, fiscal_year, category, audience, organizer_type, participants)
  SELECT organization_id, fiscal_year, category, audience, organizer_type, count(DISTINCT person_key)
  FROM class_year_people
  GROUP BY organization_id, fiscal_year, CUBE (category, audience, organizer_type);
END
$$;
--> statement-breakpoint
CREATE FUNCTION class_figures_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM class_figures_rebuild();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER class_figures_attendance_insert AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_attendance();
--> statement-breakpoint
CREATE TRIGGER class_figures_attendance_update AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_attendance();
--> statement-breakpoint
CREATE TRIGGER class_figures_attendance_delete AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_attendance();
--> statement-breakpoint
CREATE TRIGGER class_figures_surveys_insert AFTER INSERT ON surveys REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_surveys();
--> statement-breakpoint
CREATE TRIGGER class_figures_surveys_update AFTER UPDATE ON surveys REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_surveys();
--> statement-breakpoint
CREATE TRIGGER class_figures_surveys_delete AFTER DELETE ON surveys REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_surveys();
--> statement-breakpoint
CREATE TRIGGER class_figures_registrations_update AFTER UPDATE ON registrations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_registrations_update();
--> statement-breakpoint
CREATE TRIGGER class_figures_registrations_delete BEFORE DELETE ON registrations FOR EACH ROW EXECUTE FUNCTION class_figures_on_registration_delete();
--> statement-breakpoint
CREATE TRIGGER class_figures_sessions_insert AFTER INSERT ON class_sessions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_sessions();
--> statement-breakpoint
CREATE TRIGGER class_figures_sessions_update AFTER UPDATE ON class_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_sessions();
--> statement-breakpoint
CREATE TRIGGER class_figures_sessions_delete BEFORE DELETE ON class_sessions FOR EACH ROW EXECUTE FUNCTION class_figures_on_session_delete();
--> statement-breakpoint
CREATE TRIGGER class_figures_series_update AFTER UPDATE ON class_series REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_series();
--> statement-breakpoint
CREATE TRIGGER class_figures_series_delete BEFORE DELETE ON class_series FOR EACH ROW EXECUTE FUNCTION class_figures_on_series();
--> statement-breakpoint
CREATE TRIGGER class_figures_truncate AFTER TRUNCATE ON attendance FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_truncate();
--> statement-breakpoint
CREATE TRIGGER class_figures_truncate AFTER TRUNCATE ON registrations FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_truncate();
--> statement-breakpoint
CREATE TRIGGER class_figures_truncate AFTER TRUNCATE ON surveys FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_truncate();
--> statement-breakpoint
CREATE TRIGGER class_figures_truncate AFTER TRUNCATE ON class_sessions FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_truncate();
--> statement-breakpoint
CREATE TRIGGER class_figures_truncate AFTER TRUNCATE ON class_series FOR EACH STATEMENT EXECUTE FUNCTION class_figures_on_truncate();
--> statement-breakpoint
SELECT class_figures_rebuild();
