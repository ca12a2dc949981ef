-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'developer', 'approver', 'admin', 'auditor');

-- CreateTable
CREATE TABLE "user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'oidc',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_membership" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "environment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion" (
    "id" UUID NOT NULL,
    "application" TEXT NOT NULL,
    "from_environment" TEXT NOT NULL,
    "to_environment" TEXT NOT NULL,
    "image_tag" TEXT NOT NULL,
    "target_values_sha" TEXT,
    "status" TEXT NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "reason" TEXT,
    "commit_sha" TEXT,
    "revert_sha" TEXT,
    "failure_reason" TEXT,
    "slack_ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "promotion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval" (
    "id" UUID NOT NULL,
    "promotion_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),

    CONSTRAINT "approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "infra_run" (
    "id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "approved_by_id" UUID,
    "jenkins_job" TEXT,
    "build_number" INTEGER,
    "queue_id" INTEGER,
    "plan_sha256" TEXT,
    "plan_run_id" UUID,
    "summary" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "infra_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "infra_lock" (
    "environment" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "holder_id" UUID NOT NULL,
    "acquired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "infra_lock_pkey" PRIMARY KEY ("environment")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_email" TEXT,
    "actor_role" TEXT,
    "actor_ip" TEXT,
    "user_agent" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "environment" TEXT,
    "application" TEXT,
    "target_type" TEXT,
    "target_id" TEXT,
    "correlation_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signature" TEXT,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_outbox" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "channel" TEXT,
    "ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "slack_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE INDEX "role_membership_user_id_idx" ON "role_membership"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "role_membership_user_id_role_environment_key" ON "role_membership"("user_id", "role", "environment");

-- CreateIndex
CREATE INDEX "promotion_application_to_environment_status_idx" ON "promotion"("application", "to_environment", "status");

-- CreateIndex
CREATE INDEX "promotion_created_at_idx" ON "promotion"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "approval_promotion_id_approver_id_key" ON "approval"("promotion_id", "approver_id");

-- CreateIndex
CREATE INDEX "infra_run_environment_created_at_idx" ON "infra_run"("environment", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_id_key" ON "audit_event"("id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_occurred_at_seq_idx" ON "audit_event"("occurred_at" DESC, "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_actor_email_seq_idx" ON "audit_event"("actor_email", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_action_seq_idx" ON "audit_event"("action", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_environment_seq_idx" ON "audit_event"("environment", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_target_type_target_id_idx" ON "audit_event"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "slack_outbox_status_created_at_idx" ON "slack_outbox"("status", "created_at");

-- AddForeignKey
ALTER TABLE "role_membership" ADD CONSTRAINT "role_membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval" ADD CONSTRAINT "approval_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
