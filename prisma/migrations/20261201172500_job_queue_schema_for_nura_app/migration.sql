-- The job queue's schema for the portal's database role (issue 10: pg-boss under nura_app).
-- Hand-written: a schema and grants are not expressible in schema.prisma.
--
-- pg-boss (docs/adr/0006-job-queue.md) keeps its tables in schema "pgboss". The portal installs
-- them on its first start, migrates them when pg-boss is upgraded and adds a partition per queue,
-- all at runtime (JobQueue.open) and as the portal's login user, a member of nura_app. That role
-- may not create schemas (CREATE on the database is the owner's), so the owner creates the empty
-- schema here and lets nura_app create in it, and JobQueue.open tells pg-boss not to create it
-- (createSchema: false). The tables pg-boss then creates belong to the portal's login user, the
-- audit tables in public stay as 20261201101500_audit_db_roles_and_hash_check left them.
CREATE SCHEMA IF NOT EXISTS pgboss;
GRANT USAGE, CREATE ON SCHEMA pgboss TO nura_app;
