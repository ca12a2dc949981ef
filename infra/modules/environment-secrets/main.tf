# The environment's application secrets in Secrets Manager, nura/<env>/<name>, encrypted with their own key.
# External Secrets (infra/argocd/addons/external-secrets, role external-secrets in modules/addons-iam) turns them
# into the Kubernetes Secrets the charts reference, so nothing is copied into the cluster by hand. OpenTofu
# creates the secrets and writes the values it already knows (the Redis AUTH token); the others' values are put
# once by the platform team (`aws secretsmanager put-secret-value`, infra/README.md) and never pass through state.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "key" {
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
  description             = "nura-${var.environment}: application secrets (Secrets Manager)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/nura-${var.environment}-secrets"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV2_AWS_57:Rotation belongs to the system that issues each value (the Redis token is rotated through OpenTofu, the others by their issuers); Secrets Manager rotation would need a Lambda per secret type.
  for_each                = var.secrets
  name                    = "nura/${var.environment}/${each.key}"
  description             = each.value
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

# The values OpenTofu already holds (they are in its state anyway): written so nobody copies them.
resource "aws_secretsmanager_secret_version" "known" {
  for_each      = nonsensitive(toset(keys(var.known_values)))
  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = var.known_values[each.key]
}
