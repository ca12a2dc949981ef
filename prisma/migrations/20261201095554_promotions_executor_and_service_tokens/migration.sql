-- AlterTable
ALTER TABLE "approval" ADD COLUMN     "approver_email" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "approver_name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "approver_role" TEXT;

-- AlterTable
ALTER TABLE "promotion" ADD COLUMN     "argo_status" JSONB,
ADD COLUMN     "deployed_at" TIMESTAMPTZ(3),
ADD COLUMN     "finished_at" TIMESTAMPTZ(3),
ADD COLUMN     "freeze_override_by_id" UUID,
ADD COLUMN     "freeze_override_reason" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'promote',
ADD COLUMN     "previous_tag" TEXT,
ADD COLUMN     "requested_via" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN     "requester_email" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "requester_name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rollback_of_id" UUID,
ADD COLUMN     "sync_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "verification" JSONB,
ADD COLUMN     "verify_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "service_token" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'ci',
    "environments" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,

    CONSTRAINT "service_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "service_token_name_key" ON "service_token"("name");

-- CreateIndex
CREATE UNIQUE INDEX "service_token_token_hash_key" ON "service_token"("token_hash");

-- CreateIndex
CREATE INDEX "promotion_status_idx" ON "promotion"("status");
