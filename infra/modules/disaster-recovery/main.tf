# Disaster recovery of one environment, against the story's "backup recovery < 15 min" target
# (runbook: infra/README.md "Disaster recovery"; the restore steps: scripts/dr/restore-postgres.py).
#   - RDS automated backups (snapshots + transaction logs) replicated to a second region, so a point-in-time
#     restore works when the primary region is gone. The resource lives in the replica region (provider 6's
#     per-resource `region`), with a KMS key of that region.
#   - Jenkins' home backed up off its own EBS volume (and off the cluster) into a versioned, KMS-encrypted
#     bucket, written by the jenkins-backup CronJob (infra/argocd/addons/jenkins-backup) through its own IRSA role.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account       = data.aws_caller_identity.current.account_id
  replicate_rds = var.rds_backup_replica_region != null
  backup_bucket = "${var.name}-jenkins-backup-${local.account}"
}

# --- RDS: automated backups replicated to the replica region ----------------------------------------------
module "rds_replica_key" {
  source      = "../kms-key"
  count       = local.replicate_rds ? 1 : 0
  region      = var.rds_backup_replica_region
  description = "${var.name}: replicated RDS automated backups (${var.rds_backup_replica_region})"
  tags        = var.tags
}

moved {
  from = aws_kms_key.rds_replica[0]
  to   = module.rds_replica_key[0].aws_kms_key.this
}

resource "aws_db_instance_automated_backups_replication" "this" {
  count                  = local.replicate_rds ? 1 : 0
  region                 = var.rds_backup_replica_region
  source_db_instance_arn = var.rds_instance_arn
  kms_key_id             = module.rds_replica_key[0].arn
  retention_period       = var.rds_backup_replica_retention_days
}

# --- Jenkins: its home, off its own volume -------------------------------------------------------------------
module "jenkins_backup_key" {
  source      = "../kms-key"
  count       = var.jenkins_backup ? 1 : 0
  description = "${var.name}: Jenkins home backups"
  tags        = var.tags
}

moved {
  from = aws_kms_key.jenkins_backup[0]
  to   = module.jenkins_backup_key[0].aws_kms_key.this
}

resource "aws_s3_bucket" "jenkins_backup" {
  # checkov:skip=CKV_AWS_18:Access is audited by CloudTrail S3 data events (account trail); a log bucket per backup bucket adds nothing.
  # checkov:skip=CKV_AWS_144:Jenkins' home is rebuildable from JCasC (infra/jenkins/values.yaml) and git; the backup keeps build history and credentials' ciphertext, a second region is not worth a second key and bucket.
  # checkov:skip=CKV2_AWS_62:Nothing consumes backup-written events; the CronJob's own exit status is the signal (alert JenkinsBackupMissing).
  count         = var.jenkins_backup ? 1 : 0
  bucket        = local.backup_bucket
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "jenkins_backup" {
  count  = var.jenkins_backup ? 1 : 0
  bucket = aws_s3_bucket.jenkins_backup[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "jenkins_backup" {
  count                   = var.jenkins_backup ? 1 : 0
  bucket                  = aws_s3_bucket.jenkins_backup[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "jenkins_backup" {
  count  = var.jenkins_backup ? 1 : 0
  bucket = aws_s3_bucket.jenkins_backup[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "jenkins_backup" {
  count  = var.jenkins_backup ? 1 : 0
  bucket = aws_s3_bucket.jenkins_backup[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.jenkins_backup_key[0].arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "jenkins_backup" {
  count  = var.jenkins_backup ? 1 : 0
  bucket = aws_s3_bucket.jenkins_backup[0].id
  rule {
    id     = "expire-old-backups"
    status = "Enabled"
    filter {}
    expiration {
      days = var.jenkins_backup_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.jenkins_backup]
}

locals {
  backup_sa = "system:serviceaccount:${var.jenkins_namespace}:jenkins-backup"
  backup_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ServiceAccount"
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_provider_url}:sub" = local.backup_sa
          "${var.oidc_provider_url}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "jenkins_backup" {
  count                = var.jenkins_backup ? 1 : 0
  name                 = "${var.name}-jenkins-backup"
  description          = "IRSA role of ${local.backup_sa}"
  assume_role_policy   = local.backup_trust
  max_session_duration = 3600
  tags                 = var.tags
}

# Write and read back (restore) the backups; no delete: versioning plus the lifecycle rule expire them.
resource "aws_iam_role_policy" "jenkins_backup" {
  count = var.jenkins_backup ? 1 : 0
  name  = "jenkins-backup"
  role  = aws_iam_role.jenkins_backup[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Objects"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = ["${aws_s3_bucket.jenkins_backup[0].arn}/jenkins-home/*"]
      },
      {
        Sid      = "List"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [aws_s3_bucket.jenkins_backup[0].arn]
      },
      {
        Sid      = "Key"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = [module.jenkins_backup_key[0].arn]
      },
    ]
  })
}
