variable "name" {
  description = "Name prefix of every resource (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "log_retention_days" {
  description = "Retention of the application log groups, in days."
  type        = number
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, … 3653)."
  }
}

variable "log_groups" {
  description = "Application log groups to create under /nura/<env>/ (Fluent Bit writes there)."
  type        = list(string)
  default     = ["nura-core", "nura-ui", "nura-portal", "platform"]
}

variable "alarm_email" {
  description = "Optional e-mail subscribed to the alarm topic (null: subscribe nothing here, e.g. a chat integration does)."
  type        = string
  default     = null
  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "rds_instance_id" {
  description = "Identifier of the RDS instance to alarm on (null: no RDS alarms)."
  type        = string
  default     = null
}

variable "elasticache_replication_group_id" {
  description = "ID of the ElastiCache replication group to alarm on (null: no Redis alarms)."
  type        = string
  default     = null
}

variable "elasticache_member_clusters" {
  description = "Member cluster IDs of the replication group (ElastiCache metrics are per node)."
  type        = list(string)
  default     = []
}

variable "thresholds" {
  description = "Alarm thresholds."
  type = object({
    rds_cpu_percent           = number
    rds_free_storage_bytes    = number
    rds_connections           = number
    redis_cpu_percent         = number
    redis_memory_percent      = number
    redis_evictions_per_5_min = number
  })
  default = {
    rds_cpu_percent           = 80
    rds_free_storage_bytes    = 5368709120
    rds_connections           = 400
    redis_cpu_percent         = 75
    redis_memory_percent      = 80
    redis_evictions_per_5_min = 100
  }
  validation {
    condition     = var.thresholds.rds_cpu_percent <= 100 && var.thresholds.redis_cpu_percent <= 100 && var.thresholds.redis_memory_percent <= 100
    error_message = "Percent thresholds must be at most 100."
  }
}

variable "create_alarms" {
  description = "Create the RDS and Redis CloudWatch alarms. Sandbox switch: the AWS provider's SDK speaks CloudWatch's smithy-rpc-v2-cbor protocol, which moto does not serve."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
