output "bucket" {
  description = "State bucket name (backend.tfbackend's bucket)."
  value       = aws_s3_bucket.state.id
}

output "kms_key_arn" {
  description = "KMS key of the state bucket and of client-side state encryption."
  value       = module.key.arn
}

output "kms_key_alias" {
  description = "Alias of that key (the environments' state encryption refers to it by alias)."
  value       = module.key.alias_name
}
