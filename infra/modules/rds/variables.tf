variable "name" {
  description = "Identifier of the DB instance and prefix of its resources (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,50}$", var.name))
    error_message = "name must be 3-51 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Database subnets (no internet route), at least two AZs."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "At least two subnets in different AZs are required."
  }
}

variable "allowed_security_groups" {
  description = "Security groups allowed to connect on 5432, by a name known at plan time (e.g. { eks_nodes = <sg id> }): the ids are only known after apply, and for_each needs static keys. No CIDR ingress exists."
  type        = map(string)
  validation {
    condition     = length(var.allowed_security_groups) > 0
    error_message = "Name at least one security group (the EKS nodes), or nothing can reach the database."
  }
}

variable "engine_version" {
  description = "PostgreSQL version; 15.2+ ships the pgvector extension on RDS."
  type        = string
  validation {
    condition     = can(regex("^(1[6-9])(\\.[0-9]+)?$|^15\\.([2-9]|[1-9][0-9])$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 15.2 or later (pgvector)."
  }
}

variable "instance_class" {
  description = "DB instance class (db.t3.medium in every environment per the story)."
  type        = string
  validation {
    condition     = can(regex("^db\\.", var.instance_class))
    error_message = "instance_class must be a db.* class."
  }
}

variable "allocated_storage_gib" {
  description = "Initial gp3 storage, GiB."
  type        = number
  validation {
    condition     = var.allocated_storage_gib >= 20 && var.allocated_storage_gib <= 65536
    error_message = "allocated_storage_gib must be 20-65536."
  }
}

variable "max_allocated_storage_gib" {
  description = "Storage autoscaling ceiling, GiB (>= allocated_storage_gib)."
  type        = number
}

variable "multi_az" {
  description = "Standby in a second AZ with automatic failover (prod)."
  type        = bool
}

variable "deletion_protection" {
  description = "Refuse deletion of the instance (staging, prod); also keeps a final snapshot on destroy."
  type        = bool
}

variable "backup_retention_days" {
  description = "Automated backup retention, days (1-35)."
  type        = number
  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be 1-35: backups are never off."
  }
}

variable "database_name" {
  description = "Initial database name."
  type        = string
  default     = "nura"
}

variable "master_username" {
  description = "Master user name; its password is generated and kept in Secrets Manager by RDS (never in state)."
  type        = string
  default     = "nura_admin"
}

variable "performance_insights_retention_days" {
  description = "Performance Insights retention: 7 (free tier) or a multiple of 31 up to 731."
  type        = number
  default     = 7
  validation {
    condition     = var.performance_insights_retention_days == 7 || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days <= 731)
    error_message = "performance_insights_retention_days must be 7 or a multiple of 31 up to 731."
  }
}

variable "monitoring_interval_seconds" {
  description = "Enhanced Monitoring interval (0 disables; 1, 5, 10, 15, 30 or 60)."
  type        = number
  default     = 60
  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)
    error_message = "monitoring_interval_seconds must be 0, 1, 5, 10, 15, 30 or 60."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
