output "instance_id" {
  description = "DB instance identifier."
  value       = aws_db_instance.this.identifier
}

output "endpoint" {
  description = "Host name of the instance (nura-core's externalDatabase.host)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Initial database name."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret holding the generated master password."
  value       = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)
}

output "security_group_id" {
  description = "Security group of the instance."
  value       = aws_security_group.this.id
}

output "kms_key_arn" {
  description = "KMS key encrypting storage, Performance Insights and the master secret."
  value       = aws_kms_key.this.arn
}
