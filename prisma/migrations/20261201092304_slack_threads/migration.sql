-- AlterTable
ALTER TABLE "slack_outbox" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateTable
CREATE TABLE "slack_thread" (
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "permalink" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_thread_pkey" PRIMARY KEY ("target_type","target_id")
);

-- CreateIndex
CREATE INDEX "slack_outbox_target_type_target_id_seq_idx" ON "slack_outbox"("target_type", "target_id", "seq");
