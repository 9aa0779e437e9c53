-- Declarative partitioning of the large yearly tables of a province database by 学年 (issue 20 item 5, docs/adr/0028):
-- StudentYears, StaffYears and GradeEnrolments become PARTITION BY RANGE ("Year") with one partition per school year
-- present (and a DEFAULT partition for years to come), their rows copied, indexes, foreign keys and identity kept; the
-- primary key becomes ("Id", "Year") because PostgreSQL requires the partition key in every unique index.
-- PostgreSQL only; run once on a database made by `educounty migrate` (and filled), in one transaction:
--   psql -v ON_ERROR_STOP=1 -d <database> -f scripts/partition-by-year.sql
-- Why 学年 rather than county code: the yearly tables carry a SchoolId, not a county code, and every query of the
-- engine has a year range, so partitions are pruned without a schema change; a county code column (to partition a
-- national database by province or county) is the step after, described in the ADR.
BEGIN;
DO $$
DECLARE
    t text;
    y int;
    defs text[];
    fks text[];
    d text;
BEGIN
    FOREACH t IN ARRAY ARRAY['StudentYears', 'StaffYears', 'GradeEnrolments'] LOOP
        IF EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = t) THEN
            RAISE NOTICE '% 已分区，跳过', t;
            CONTINUE;
        END IF;
        -- Secondary indexes and foreign keys as they are now (the primary key is rebuilt with the year).
        SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') INTO defs
            FROM pg_index i WHERE i.indrelid = format('%I', t)::regclass AND NOT i.indisprimary;
        SELECT coalesce(array_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, conname, pg_get_constraintdef(oid))), '{}') INTO fks
            FROM pg_constraint WHERE conrelid = format('%I', t)::regclass AND contype = 'f';
        EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_unpartitioned');
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING IDENTITY) PARTITION BY RANGE ("Year")', t, t || '_unpartitioned');
        FOR y IN EXECUTE format('SELECT DISTINCT "Year" FROM %I ORDER BY 1', t || '_unpartitioned') LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', t || '_' || y, t, y, y + 1);
        END LOOP;
        EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t || '_default', t);
        EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_unpartitioned');
        EXECUTE format('DROP TABLE %I CASCADE', t || '_unpartitioned');
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY ("Id", "Year")', t, 'PK_' || t);
        FOREACH d IN ARRAY defs LOOP
            EXECUTE replace(d, ' ON public.' || quote_ident(t || '_unpartitioned'), ' ON public.' || quote_ident(t));
        END LOOP;
        FOREACH d IN ARRAY fks LOOP
            EXECUTE d;
        END LOOP;
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''Id''), greatest((SELECT max("Id") FROM %I), 1))', format('%I', t), t);
        EXECUTE format('ANALYZE %I', t);
        RAISE NOTICE '% 已按学年分区', t;
    END LOOP;
END $$;
COMMIT;
