-- Audit log: append-only and chained at the database level (hand-written, because triggers are
-- not expressible in schema.prisma). The application appends through lib/server/audit, which
-- takes the same lock. These triggers make any other writer unable to fork or rewrite history.
--
-- NOTE: @prisma/adapter-pg runs migration scripts split naively on the semicolon character, so
-- this file contains that character only as statement terminators. Function bodies are E'' strings
-- in which \073 is the semicolon (octal escape), and comments avoid it.

-- One advisory lock serialises every append so concurrent writers never fork the chain.
-- The key is AUDIT_CHAIN_LOCK_KEY in lib/server/audit/record.ts (the bytes "nuraaudt" as int8).
-- Returns the head after taking the lock. Each statement of a VOLATILE plpgsql function takes a
-- new snapshot in READ COMMITTED, so the SELECT sees the previous lock holder's committed append.
CREATE OR REPLACE FUNCTION audit_chain_head_locked(OUT head_seq BIGINT, OUT head_hash TEXT)
LANGUAGE plpgsql VOLATILE AS E'
BEGIN
  PERFORM pg_advisory_xact_lock(7959393679019697268)\073
  SELECT e.seq, e.hash INTO head_seq, head_hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1\073
  IF head_seq IS NULL THEN
    head_seq := 0\073
    head_hash := repeat(''0'', 64)\073
  END IF\073
END
';

-- Every INSERT must extend the head: seq = head + 1 and prev_hash = head hash.
CREATE OR REPLACE FUNCTION audit_event_guard_insert() RETURNS trigger
LANGUAGE plpgsql AS E'
DECLARE
  h_seq BIGINT\073
  h_hash TEXT\073
BEGIN
  SELECT head_seq, head_hash INTO h_seq, h_hash FROM audit_chain_head_locked()\073
  IF NEW.seq IS DISTINCT FROM h_seq + 1 OR NEW.prev_hash IS DISTINCT FROM h_hash THEN
    RAISE EXCEPTION ''audit chain: event #% (prev %) does not extend the head #% (%)'',
      NEW.seq, left(NEW.prev_hash, 12), h_seq, left(h_hash, 12)
      USING ERRCODE = ''P0001'', HINT = ''append through recordAudit(), which serialises appends''\073
  END IF\073
  IF NEW.hash !~ ''^[0-9a-f]{64}$'' THEN
    RAISE EXCEPTION ''audit chain: event #% has a malformed hash'', NEW.seq USING ERRCODE = ''P0001''\073
  END IF\073
  RETURN NEW\073
END
';

CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''audit log is append-only: % on % is not allowed'', TG_OP, TG_TABLE_NAME
    USING ERRCODE = ''P0001'', HINT = ''old events are archived by the retention job, never changed''\073
END
';

CREATE TRIGGER audit_event_guard_insert BEFORE INSERT ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_guard_insert();
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON "audit_checkpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "audit_checkpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Details search: full text over every string and number in details (jsonb_to_tsvector is built
-- in, so this works on PGlite too). lib/server/audit/query.ts uses exactly this expression.
CREATE INDEX "audit_event_details_search_idx" ON "audit_event"
  USING GIN (jsonb_to_tsvector('simple'::regconfig, "details", '["string", "numeric"]'::jsonb));
