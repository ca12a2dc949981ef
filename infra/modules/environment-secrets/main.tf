# The environment's application secrets in Secrets Manager, nura/<env>/<name>, encrypted with their own key.
# External Secrets (infra/argocd/addons/external-secrets, role external-secrets in modules/addons-iam) turns them
# into the Kubernetes Secrets the charts reference, so nothing is copied into the cluster by hand. OpenTofu
# creates the secrets and writes the values it already knows (the Redis AUTH token); the others' values are put
# once by the platform team (`aws secretsmanager put-secret-value`, infra/README.md) and never pass through state.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

module "key" {
  source      = "../kms-key"
  description = "nura-${var.environment}: application secrets (Secrets Manager)"
  alias       = "nura-${var.environment}-secrets"
  tags        = var.tags
}

moved {
  from = aws_kms_key.this
  to   = module.key.aws_kms_key.this
}

moved {
  from = aws_kms_alias.this
  to   = module.key.aws_kms_alias.this[0]
}

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV2_AWS_57:Rotation belongs to the system that issues each value (the Redis token is rotated through OpenTofu, the others by their issuers); Secrets Manager rotation would need a Lambda per secret type.
  for_each                = var.secrets
  name                    = "nura/${var.environment}/${each.key}"
  description             = each.value
  kms_key_id              = module.key.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

# The values OpenTofu already holds (they are in its state anyway): written so nobody copies them.
resource "aws_secretsmanager_secret_version" "known" {
  for_each      = nonsensitive(toset(keys(var.known_values)))
  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = var.known_values[each.key]
}
