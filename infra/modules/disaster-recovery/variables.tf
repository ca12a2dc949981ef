variable "name" {
  description = "Name prefix (e.g. nura-prod)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "rds_instance_arn" {
  description = "The environment's RDS instance (source of the replicated automated backups)."
  type        = string
}

variable "rds_backup_replica_region" {
  description = "Region the RDS automated backups are replicated to; null: no replication."
  type        = string
  default     = null
}

variable "rds_backup_replica_retention_days" {
  description = "Days the replicated automated backups are kept (1-35)."
  type        = number
  default     = 7
  validation {
    condition     = var.rds_backup_replica_retention_days >= 1 && var.rds_backup_replica_retention_days <= 35
    error_message = "rds_backup_replica_retention_days must be 1-35."
  }
}

variable "jenkins_backup" {
  description = "Create the Jenkins backup bucket and the jenkins-backup IRSA role (the environment whose cluster runs Jenkins)."
  type        = bool
  default     = false
}

variable "jenkins_backup_retention_days" {
  description = "Days a Jenkins home backup is kept."
  type        = number
  default     = 30
}

variable "jenkins_namespace" {
  description = "Namespace of Jenkins and its backup CronJob."
  type        = string
  default     = "jenkins"
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the cluster Jenkins runs in."
  type        = string
}

variable "oidc_provider_url" {
  description = "Issuer host/path of that OIDC provider, without https://."
  type        = string
  validation {
    condition     = !startswith(var.oidc_provider_url, "https://")
    error_message = "oidc_provider_url must not include the https:// scheme."
  }
}

variable "force_destroy" {
  description = "Let destroy delete a non-empty backup bucket (disposable environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
