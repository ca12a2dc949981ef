-- Audit integrity against the database's own users (issue 14, item 6). Hand-written: triggers,
-- functions and grants are not expressible in schema.prisma. Function bodies are E'' strings in
-- which \073 is the semicolon (see 20261126235500_audit_append_only for why).
--
-- 1. The insert trigger recomputes every event's hash from its columns, exactly as
--    lib/domain/audit-chain.ts canonicalEvent() does (keys sorted, numbers as JavaScript prints
--    them), so a row whose hash does not cover its content cannot be appended by anyone.
-- 2. Checkpoints may only be inserted for an existing event, with that event's hash.
-- 3. The role nura_app (NOLOGIN) holds what the portal may do: read and write its own tables, but
--    only INSERT and SELECT the audit tables, and it owns nothing, so it cannot ALTER, DISABLE TRIGGER,
--    TRUNCATE or bypass triggers (session_replication_role needs a superuser). The portal logs in
--    as a user that is a member of nura_app, and migrations run as the owner (README, Security).

CREATE OR REPLACE FUNCTION audit_canonical_number(n numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS E'
DECLARE
  t text\073
  neg boolean\073
  digits text\073
  intpart text\073
  fracpart text\073
  e int\073
BEGIN
  IF n = 0 THEN RETURN ''0''\073 END IF\073
  neg := n < 0\073
  t := abs(n)::text\073
  IF abs(n) < 1e21 AND abs(n) >= 0.000001 THEN
    RETURN CASE WHEN neg THEN ''-'' ELSE '''' END || t\073
  END IF\073
  intpart := split_part(t, ''.'', 1)\073
  fracpart := split_part(t, ''.'', 2)\073
  IF intpart <> ''0'' THEN
    e := length(intpart) - 1\073
    digits := rtrim(intpart || fracpart, ''0'')\073
  ELSE
    digits := ltrim(fracpart, ''0'')\073
    e := -(length(fracpart) - length(digits)) - 1\073
    digits := rtrim(digits, ''0'')\073
  END IF\073
  RETURN CASE WHEN neg THEN ''-'' ELSE '''' END
    || substr(digits, 1, 1) || CASE WHEN length(digits) > 1 THEN ''.'' || substr(digits, 2) ELSE '''' END
    || ''e'' || CASE WHEN e >= 0 THEN ''+'' ELSE ''-'' END || abs(e)::text\073
END
';

CREATE OR REPLACE FUNCTION audit_canonical_json(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS E'
DECLARE
  r text\073
BEGIN
  IF j IS NULL THEN RETURN ''null''\073 END IF\073
  CASE jsonb_typeof(j)
    WHEN ''null'' THEN RETURN ''null''\073
    WHEN ''boolean'' THEN RETURN j::text\073
    WHEN ''number'' THEN RETURN audit_canonical_number((j #>> ''{}'')::numeric)\073
    WHEN ''string'' THEN RETURN to_json(j #>> ''{}'')::text\073
    WHEN ''array'' THEN
      SELECT ''['' || coalesce(string_agg(audit_canonical_json(a.e), '','' ORDER BY a.i), '''') || '']'' INTO r
        FROM jsonb_array_elements(j) WITH ORDINALITY AS a(e, i)\073
      RETURN r\073
    ELSE
      SELECT ''{'' || coalesce(string_agg(to_json(o.k)::text || '':'' || audit_canonical_json(o.v), '','' ORDER BY o.k COLLATE "C"), '''') || ''}'' INTO r
        FROM jsonb_each(j) AS o(k, v)\073
      RETURN r\073
  END CASE\073
END
';

CREATE OR REPLACE FUNCTION audit_event_hash(e audit_event) RETURNS text
LANGUAGE plpgsql STABLE AS E'
BEGIN
  RETURN encode(sha256(convert_to(e.prev_hash || audit_canonical_json(jsonb_build_object(
    ''v'', 1,
    ''seq'', e.seq::text,
    ''id'', e.id::text,
    ''occurredAt'', to_char(e.occurred_at AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"''),
    ''actor'', jsonb_build_object(''id'', e.actor_id, ''email'', e.actor_email, ''role'', e.actor_role, ''ip'', e.actor_ip, ''userAgent'', e.user_agent),
    ''action'', e.action,
    ''outcome'', e.outcome,
    ''environment'', e.environment,
    ''application'', e.application,
    ''target'', jsonb_build_object(''type'', e.target_type, ''id'', e.target_id),
    ''correlationId'', e.correlation_id,
    ''details'', e.details
  )), ''UTF8'')), ''hex'')\073
END
';

CREATE OR REPLACE FUNCTION audit_event_guard_insert() RETURNS trigger
LANGUAGE plpgsql AS E'
DECLARE
  h_seq BIGINT\073
  h_hash TEXT\073
  expected TEXT\073
BEGIN
  SELECT head_seq, head_hash INTO h_seq, h_hash FROM audit_chain_head_locked()\073
  IF NEW.seq IS DISTINCT FROM h_seq + 1 OR NEW.prev_hash IS DISTINCT FROM h_hash THEN
    RAISE EXCEPTION ''audit chain: event #% (prev %) does not extend the head #% (%)'',
      NEW.seq, left(NEW.prev_hash, 12), h_seq, left(h_hash, 12)
      USING ERRCODE = ''P0001'', HINT = ''append through recordAudit(), which serialises appends''\073
  END IF\073
  expected := audit_event_hash(NEW)\073
  IF NEW.hash IS DISTINCT FROM expected THEN
    RAISE EXCEPTION ''audit chain: event #% has hash % but its content hashes to %'', NEW.seq, left(NEW.hash, 12), left(expected, 12)
      USING ERRCODE = ''P0001'', HINT = ''the hash covers every column: sha256(prev_hash || canonical JSON)''\073
  END IF\073
  NEW.search := jsonb_to_tsvector(''simple''::regconfig, NEW.details, ''["string", "numeric"]''::jsonb)\073
  RETURN NEW\073
END
';

CREATE OR REPLACE FUNCTION audit_checkpoint_guard_insert() RETURNS trigger
LANGUAGE plpgsql AS E'
DECLARE
  at_hash TEXT\073
BEGIN
  IF NEW.seq < 0 THEN
    RAISE EXCEPTION ''audit checkpoint: seq % is negative'', NEW.seq USING ERRCODE = ''P0001''\073
  END IF\073
  IF NEW.seq = 0 THEN
    at_hash := repeat(''0'', 64)\073
  ELSE
    SELECT e.hash INTO at_hash FROM audit_event e WHERE e.seq = NEW.seq\073
  END IF\073
  IF at_hash IS NULL THEN
    RAISE EXCEPTION ''audit checkpoint: there is no event #% to anchor it'', NEW.seq USING ERRCODE = ''P0001''\073
  END IF\073
  IF NEW.hash IS DISTINCT FROM at_hash THEN
    RAISE EXCEPTION ''audit checkpoint at #% claims hash % but the event has %'', NEW.seq, left(NEW.hash, 12), left(at_hash, 12)
      USING ERRCODE = ''P0001''\073
  END IF\073
  IF NEW.created_at > now() + interval ''1 minute'' THEN
    RAISE EXCEPTION ''audit checkpoint: created_at % is in the future'', NEW.created_at USING ERRCODE = ''P0001''\073
  END IF\073
  RETURN NEW\073
END
';

CREATE TRIGGER audit_checkpoint_guard_insert BEFORE INSERT ON "audit_checkpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_guard_insert();

DO E'
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''nura_app'') THEN
    CREATE ROLE nura_app NOLOGIN\073
  END IF\073
END
';

GRANT USAGE ON SCHEMA public TO nura_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO nura_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO nura_app;
-- The audit log: append and read, nothing else.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_event", "audit_checkpoint" FROM nura_app;
-- Readiness reads the migrations table, only the owner applies migrations (the table is absent in
-- the schema engine's scratch database, where the migrations are replayed to check for drift).
DO E'
BEGIN
  IF to_regclass(''_prisma_migrations'') IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM nura_app\073
  END IF\073
END
';
-- Tables later migrations create (as the same owner) get the ordinary grants, and a migration that
-- adds an append-only table revokes them again the way this one does.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO nura_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO nura_app;
