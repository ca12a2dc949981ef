output "arn" {
  description = "The key's ARN."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "The key's ID."
  value       = aws_kms_key.this.key_id
}

output "region" {
  description = "The region the key lives in."
  value       = aws_kms_key.this.region
}

output "alias_name" {
  description = "The alias' full name (alias/…); null without one."
  value       = one(aws_kms_alias.this[*].name)
}
