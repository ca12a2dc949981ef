# One customer-managed KMS key with rotation, a 30-day deletion window and the AWS default key policy (the
# account root administers it, IAM policies grant its use), plus the statements a caller adds (an AWS
# service that must use the key itself), and optionally an alias. Every module that encrypts with a key
# of its own creates it through this module.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  # The caller's statements are merged in; their sids must differ from AccountAdministers.
  source_policy_documents = var.policy_documents
  # checkov:skip=CKV_AWS_111:A key policy's Resource "*" is this key only; the root statement delegates to IAM (AWS default key policy).
  # checkov:skip=CKV_AWS_356:A key policy's Resource "*" is this key only, not every resource.
  # checkov:skip=CKV_AWS_109:The root statement is the AWS default key policy; without it the key becomes unmanageable.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_key" "this" {
  region                  = var.region
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count         = var.alias == null ? 0 : 1
  region        = var.region
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
