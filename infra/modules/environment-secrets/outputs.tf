output "secret_arns" {
  description = "Secret ARN by name."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Secret name in Secrets Manager (nura/<env>/<name>) by name: the remoteRef keys of the ExternalSecrets."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}

output "arn_pattern" {
  description = "ARN pattern of every secret of this environment (External Secrets' read scope)."
  value       = "arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:secret:nura/${var.environment}/*"
}

output "kms_key_arn" {
  description = "KMS key of the secrets."
  value       = module.key.arn
}
