-- DropIndex
DROP INDEX "audit_event_target_type_target_id_idx";

-- AlterTable
ALTER TABLE "audit_checkpoint" ADD COLUMN     "created_by" TEXT;

-- AlterTable
ALTER TABLE "audit_event" ALTER COLUMN "seq" DROP DEFAULT;
DROP SEQUENCE "audit_event_seq_seq";

-- CreateIndex
CREATE INDEX "audit_checkpoint_seq_idx" ON "audit_checkpoint"("seq");

-- CreateIndex
CREATE INDEX "audit_event_application_seq_idx" ON "audit_event"("application", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_outcome_seq_idx" ON "audit_event"("outcome", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_target_type_target_id_seq_idx" ON "audit_event"("target_type", "target_id", "seq" DESC);

-- CreateIndex
CREATE INDEX "audit_event_correlation_id_idx" ON "audit_event"("correlation_id");
