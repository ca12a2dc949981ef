-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "search" tsvector;

-- CreateIndex
CREATE INDEX "audit_event_search_idx" ON "audit_event" USING GIN ("search");

-- Hand-written below (see the note in 20261126235500_audit_append_only: the semicolon appears
-- only as a statement terminator, function bodies use \073).
-- A stored tsvector makes details search cheap on every plan: the GIN index finds rare words and a
-- newest-first scan tests common ones without re-parsing the JSON of each row. The insert trigger
-- fills it, so every writer (recordAudit, bulk loads) gets it.
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
  NEW.search := jsonb_to_tsvector(''simple''::regconfig, NEW.details, ''["string", "numeric"]''::jsonb)\073
  RETURN NEW\073
END
';

-- Existing rows: the owner fills the derived column once (the append-only trigger is paused for
-- this statement only, and search is not part of any hash).
ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_no_update;
UPDATE "audit_event" SET "search" = jsonb_to_tsvector('simple'::regconfig, "details", '["string", "numeric"]'::jsonb) WHERE "search" IS NULL;
ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_no_update;

DROP INDEX IF EXISTS "audit_event_details_search_idx";
