variable "name" {
  description = "Replication group ID and prefix of its resources (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,35}$", var.name))
    error_message = "name must be 3-36 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Database subnets (no internet route)."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "At least two subnets in different AZs are required."
  }
}

variable "allowed_security_groups" {
  description = "Security groups allowed to connect on 6379, by a name known at plan time (e.g. { eks_nodes = <sg id> }): the ids are only known after apply, and for_each needs static keys. No CIDR ingress exists."
  type        = map(string)
  validation {
    condition     = length(var.allowed_security_groups) > 0
    error_message = "Name at least one security group (the EKS nodes), or nothing can reach the database."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be Redis 7.x (auth token and TLS need 6+; we pin 7)."
  }
}

variable "node_type" {
  description = "Cache node type (cache.t3.micro per the story)."
  type        = string
  validation {
    condition     = can(regex("^cache\\.", var.node_type))
    error_message = "node_type must be a cache.* type."
  }
}

variable "replicas" {
  description = "Read replicas besides the primary (0 in dev; 1+ enables automatic failover and Multi-AZ)."
  type        = number
  validation {
    condition     = var.replicas >= 0 && var.replicas <= 5
    error_message = "replicas must be 0-5."
  }
}

variable "auth_token" {
  description = "Redis AUTH token (16-128 printable characters, no @, \", /). Supplied by CI from a secret store; kept only in the encrypted state."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.auth_token) >= 16 && length(var.auth_token) <= 128 && !can(regex("[@\"/ ]", var.auth_token))
    error_message = "auth_token must be 16-128 characters without @, \", / or spaces."
  }
}

variable "snapshot_retention_days" {
  description = "Daily snapshot retention, days (0 disables)."
  type        = number
  default     = 7
}

variable "create_parameter_group" {
  description = "Manage a custom parameter group (else the engine default is used). Off only in the sandbox: moto has no ElastiCache parameter groups."
  type        = bool
  default     = true
}

variable "log_group_name" {
  description = "CloudWatch log group receiving the slow log (null: no log delivery)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for at-rest encryption (null: a key is created)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
