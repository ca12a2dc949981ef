# The S3 bucket and KMS key that hold an environment's OpenTofu state. Locking uses the S3 native
# lockfile (use_lockfile = true), so no DynamoDB table. The same key also encrypts the state itself
# with OpenTofu's client-side state encryption (aws_kms key provider), see environments/*/versions.tf.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  bucket = "${var.name}-tofu-state-${data.aws_caller_identity.current.account_id}"
}

module "key" {
  source      = "../kms-key"
  description = "${var.name}: OpenTofu state (S3 SSE-KMS and client-side state encryption)"
  alias       = "${var.name}-tofu-state"
  tags        = var.tags
}

moved {
  from = aws_kms_key.state
  to   = module.key.aws_kms_key.this
}

moved {
  from = aws_kms_alias.state
  to   = module.key.aws_kms_alias.this[0]
}

resource "aws_s3_bucket" "state" {
  # checkov:skip=CKV_AWS_18:Access is audited by CloudTrail S3 data events on this bucket (account trail); a log bucket per state bucket adds a second bucket to bootstrap for no extra signal.
  # checkov:skip=CKV_AWS_144:Cross-region replication is configured by modules/state-replication (infra/bootstrap, state_replica_region; prod), which checkov cannot see from here.
  # checkov:skip=CKV2_AWS_62:Nothing consumes state-change events; the lockfile and versioning cover concurrency and history.
  bucket        = local.bucket
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.key.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id
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
  depends_on = [aws_s3_bucket_versioning.state]
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    sid       = "DenyUnencryptedUploads"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  # Off only against moto (infra/bootstrap with sandbox = true): moto evaluates no condition but
  # StringEquals and treats every other one as matched, so both conditional Denies would refuse all
  # requests. A real account always gets the policy.
  count      = var.deny_insecure_requests ? 1 : 0
  bucket     = aws_s3_bucket.state.id
  policy     = data.aws_iam_policy_document.tls_only.json
  depends_on = [aws_s3_bucket_public_access_block.state]
}
