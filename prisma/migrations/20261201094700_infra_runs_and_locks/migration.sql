-- AlterTable
ALTER TABLE "infra_lock" ADD COLUMN     "expires_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "holder_name" TEXT NOT NULL DEFAULT '',
ALTER COLUMN "holder_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "infra_run" ADD COLUMN     "approval_reason" TEXT,
ADD COLUMN     "approved_at" TIMESTAMPTZ(3),
ADD COLUMN     "approved_by" TEXT,
ADD COLUMN     "failure_reason" TEXT,
ADD COLUMN     "has_changes" BOOLEAN,
ADD COLUMN     "plan_json" JSONB,
ADD COLUMN     "plan_meta" JSONB,
ADD COLUMN     "requested_by" TEXT,
ADD COLUMN     "stages" JSONB,
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'user',
ALTER COLUMN "requested_by_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "infra_run_status_idx" ON "infra_run"("status");
