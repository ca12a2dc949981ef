-- Hand-written: schema.prisma cannot express expression indexes, and the migrations-vs-schema
-- check (make db-check) leaves indexes it does not model alone.
-- The audit search ORs, per word, "column starts with the word" (case-insensitive) for the columns the
-- table shows with the full-text match on details (lib/server/audit/query.ts, searchClause). Without an
-- index on every arm PostgreSQL cannot BitmapOr them and walks the log by seq until it has a page:
-- the whole log for a rare term such as a commit SHA (3.6 s on a million events). These indexes serve
-- the arms' range lower(col) COLLATE "C" >= lower(word) AND < lower(word) || U+10FFFF, which, unlike
-- LIKE, an index can answer with a bind parameter under a generic plan too. Indexes need no grant
-- for nura_app (audit_db_roles).
CREATE INDEX "audit_event_application_prefix_idx" ON "audit_event" ((lower("application") COLLATE "C"));
CREATE INDEX "audit_event_environment_prefix_idx" ON "audit_event" ((lower("environment") COLLATE "C"));
CREATE INDEX "audit_event_target_id_prefix_idx" ON "audit_event" ((lower("target_id") COLLATE "C"));
CREATE INDEX "audit_event_actor_email_prefix_idx" ON "audit_event" ((lower("actor_email") COLLATE "C"));
CREATE INDEX "audit_event_action_prefix_idx" ON "audit_event" ((lower("action") COLLATE "C"));
