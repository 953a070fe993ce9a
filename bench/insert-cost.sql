-- The database cost of a self check-in's insert, on the benchmark database (psql -f bench/insert-cost.sql): 1,000 inserts
-- into the busy session's attendance, one statement each as the app does, then 1,000 roster marks that change the status;
-- ms per statement. Everything is rolled back.
\set QUIET on
begin;
delete from attendance a using class_sessions s, class_series c where a.session_id = s.id and c.id = s.series_id and c.title = '市民公開講座 デジタル活用フォーラム（文化ホール）';
do $$ declare t0 timestamptz; r record; n int := 0; busy uuid; begin
  select s.id into busy from class_sessions s join class_series c on c.id = s.series_id where c.title = '市民公開講座 デジタル活用フォーラム（文化ホール）' limit 1;
  t0 := clock_timestamp();
  for r in select id, session_id, organization_id from registrations where session_id = busy and status = 'confirmed' order by receipt_number limit 1000 loop
    insert into attendance (registration_id, organization_id, session_id, status, method) values (r.id, r.organization_id, r.session_id, 'present', 'self') on conflict do nothing;
    n := n + 1;
  end loop;
  raise notice 'self check-in insert: % statements, % ms each', n, round((extract(epoch from clock_timestamp() - t0) * 1000 / n)::numeric, 3);
  t0 := clock_timestamp();
  for r in select id, session_id, organization_id from registrations where session_id = busy and status = 'confirmed' order by receipt_number limit 1000 loop
    insert into attendance (registration_id, organization_id, session_id, status, method) values (r.id, r.organization_id, r.session_id, 'late', 'roster')
      on conflict (registration_id) do update set status = excluded.status;
  end loop;
  raise notice 'roster mark (upsert, changed): % ms each', round((extract(epoch from clock_timestamp() - t0) * 1000 / n)::numeric, 3);
end $$;
rollback;
