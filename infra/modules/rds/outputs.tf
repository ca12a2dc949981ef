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
  value       = module.key.arn
}

output "posture" {
  description = "Security and sizing facts of the instance, as configured (asserted by tofu test per environment)."
  value = {
    instance_class    = aws_db_instance.this.instance_class
    port              = aws_db_instance.this.port
    security_group_id = aws_security_group.this.id
    # Who may connect: the security groups of the ingress rules, with their port range.
    ingress = [for r in values(aws_vpc_security_group_ingress_rule.postgres) : {
      from_port                    = r.from_port
      to_port                      = r.to_port
      referenced_security_group_id = r.referenced_security_group_id
    }]
    engine_version          = aws_db_instance.this.engine_version
    multi_az                = aws_db_instance.this.multi_az
    deletion_protection     = aws_db_instance.this.deletion_protection
    storage_encrypted       = aws_db_instance.this.storage_encrypted
    publicly_accessible     = aws_db_instance.this.publicly_accessible
    backup_retention_period = aws_db_instance.this.backup_retention_period
    performance_insights    = aws_db_instance.this.performance_insights_enabled
    iam_auth                = aws_db_instance.this.iam_database_authentication_enabled
    managed_master_password = aws_db_instance.this.manage_master_user_password
  }
}

output "instance_arn" {
  description = "RDS instance ARN (source of the cross-region automated backups replication, modules/disaster-recovery)."
  value       = aws_db_instance.this.arn
}
