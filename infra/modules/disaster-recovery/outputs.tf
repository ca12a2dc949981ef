output "jenkins_backup_bucket" {
  description = "Bucket of the Jenkins home backups (null where jenkins_backup is false)."
  value       = var.jenkins_backup ? aws_s3_bucket.jenkins_backup[0].bucket : null
}

output "jenkins_backup_role_arn" {
  description = "IRSA role of the jenkins-backup service account (null where jenkins_backup is false)."
  value       = var.jenkins_backup ? aws_iam_role.jenkins_backup[0].arn : null
}

output "posture" {
  description = "What this environment can recover from, as configured (asserted by tofu test)."
  value = {
    rds_backup_replica_region         = var.rds_backup_replica_region
    rds_backup_replica_retention_days = local.replicate_rds ? aws_db_instance_automated_backups_replication.this[0].retention_period : null
    rds_backup_replica_key_region     = local.replicate_rds ? module.rds_replica_key[0].region : null
    jenkins_backup_bucket             = var.jenkins_backup ? aws_s3_bucket.jenkins_backup[0].bucket : null
    jenkins_backup_trust              = var.jenkins_backup ? jsondecode(local.backup_trust) : null
  }
}
