# Cross-region replication of one environment's OpenTofu state bucket (modules/state-backend), so the state
# survives the loss of its region: every object version (and delete marker) is copied to a versioned,
# KMS-encrypted bucket in replica_region, re-encrypted there with a key of that region. Used by infra/bootstrap
# when replica_region is set. The replica resources use provider 6's per-resource `region`: no provider alias.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  replica   = "${var.source_bucket}-${var.replica_region}"
}

module "replica_key" {
  source      = "../kms-key"
  region      = var.replica_region
  description = "${var.source_bucket}: replicated OpenTofu state (${var.replica_region})"
  tags        = var.tags
}

moved {
  from = aws_kms_key.replica
  to   = module.replica_key.aws_kms_key.this
}

resource "aws_s3_bucket" "replica" {
  # checkov:skip=CKV_AWS_18:Access is audited by CloudTrail S3 data events (account trail), as for the source bucket.
  # checkov:skip=CKV_AWS_144:This is the cross-region replica itself.
  # checkov:skip=CKV2_AWS_62:Nothing consumes replica events.
  region        = var.replica_region
  bucket        = local.replica
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "replica" {
  region = var.replica_region
  bucket = aws_s3_bucket.replica.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "replica" {
  region                  = var.replica_region
  bucket                  = aws_s3_bucket.replica.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "replica" {
  region = var.replica_region
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  region = var.replica_region
  bucket = aws_s3_bucket.replica.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.replica_key.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "replica" {
  region = var.replica_region
  bucket = aws_s3_bucket.replica.id
  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.replica]
}

# The role S3 replicates with: read the source's versions, write replicas, decrypt with the source key and
# encrypt with the replica key, each only through S3. Assumable by S3 for this account's buckets only.
locals {
  trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
    }]
  })
  policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadSourceConfiguration"
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = ["arn:${local.partition}:s3:::${var.source_bucket}"]
      },
      {
        Sid      = "ReadSourceVersions"
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["arn:${local.partition}:s3:::${var.source_bucket}/*"]
      },
      {
        Sid      = "WriteReplicas"
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["${aws_s3_bucket.replica.arn}/*"]
      },
      {
        Sid       = "DecryptSource"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.source_kms_key_arn]
        Condition = { StringLike = { "kms:ViaService" = "s3.${data.aws_region.current.region}.amazonaws.com" } }
      },
      {
        Sid       = "EncryptReplica"
        Effect    = "Allow"
        Action    = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource  = [module.replica_key.arn]
        Condition = { StringLike = { "kms:ViaService" = "s3.${var.replica_region}.amazonaws.com" } }
      },
    ]
  }
}

resource "aws_iam_role" "replication" {
  name                 = "${var.source_bucket}-replication"
  description          = "S3 replication of ${var.source_bucket} to ${var.replica_region}"
  assume_role_policy   = local.trust
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "replication" {
  name   = "replicate-state"
  role   = aws_iam_role.replication.id
  policy = jsonencode(local.policy)
}

resource "aws_s3_bucket_replication_configuration" "this" {
  role   = aws_iam_role.replication.arn
  bucket = var.source_bucket
  rule {
    id     = "state-to-${var.replica_region}"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
      encryption_configuration {
        replica_kms_key_id = module.replica_key.arn
      }
    }
  }
  depends_on = [aws_s3_bucket_versioning.replica]
}
