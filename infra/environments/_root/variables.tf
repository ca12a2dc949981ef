# Root variables of an environment. The three environments share these files byte for byte
# (make infra-test checks it); only terraform.tfvars, sandbox.tfvars and the *.tfbackend files differ.

variable "region" {
  description = "AWS region of the environment."
  type        = string
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-1."
  }
}

variable "allowed_account_ids" {
  description = "The only AWS account this environment may be applied to (guards against a wrong profile)."
  type        = list(string)
  validation {
    condition     = alltrue([for a in var.allowed_account_ids : can(regex("^[0-9]{12}$", a))])
    error_message = "Account IDs are 12 digits."
  }
}

variable "sandbox" {
  description = "Apply to moto's server (AWS_ENDPOINT_URL) instead of AWS. Set only by sandbox.tfvars."
  type        = bool
  default     = false
}

variable "vpc_cidr" {
  description = "VPC CIDR (/16), distinct per environment so the VPCs can be peered later."
  type        = string
}

variable "availability_zones" {
  description = "The three availability zones used."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway (dev) instead of one per AZ."
  type        = bool
}

variable "kubernetes_version" {
  description = "EKS Kubernetes minor version."
  type        = string
}

variable "eks_public_access_cidrs" {
  description = "CIDRs allowed to the public EKS API endpoint (office/VPN egress); empty = private only."
  type        = list(string)
  validation {
    condition     = alltrue([for c in var.eks_public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "eks_public_access_cidrs must be valid CIDRs and must not contain 0.0.0.0/0."
  }
}

variable "node_groups" {
  description = "EKS managed node groups (see modules/eks)."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gib  = optional(number, 50)
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = string
      effect = string
    })), [])
  }))
}

variable "eks_admin_role_arns" {
  description = "IAM roles with cluster-admin access entries (platform team, CI deployer)."
  type        = list(string)
  default     = []
}

variable "enable_eks_access_entries" {
  description = "Manage EKS access entries. Sandbox switch (moto has none)."
  type        = bool
  default     = true
}

variable "enable_eks_addons" {
  description = "Manage pinned EKS add-ons. Sandbox switch (moto has none)."
  type        = bool
  default     = true
}

variable "enable_eks_pod_identity_agent" {
  description = "Install the EKS pod identity agent add-on. Sandbox switch (moto has no pod identity)."
  type        = bool
  default     = true
}

variable "rds" {
  description = "PostgreSQL sizing and protection."
  type = object({
    engine_version        = string
    instance_class        = string
    allocated_storage_gib = number
    max_storage_gib       = number
    multi_az              = bool
    deletion_protection   = bool
    backup_retention_days = number
    pi_retention_days     = optional(number, 7)
  })
}

variable "redis" {
  description = "ElastiCache Redis sizing."
  type = object({
    node_type               = string
    replicas                = number
    snapshot_retention_days = optional(number, 7)
  })
}

variable "redis_auth_token" {
  description = "Redis AUTH token: CI passes TF_VAR_redis_auth_token from its credential store; never in a tfvars file outside the sandbox."
  type        = string
  sensitive   = true
}

variable "create_elasticache_parameter_group" {
  description = "Manage a custom ElastiCache parameter group. Sandbox switch (moto has none)."
  type        = bool
  default     = true
}

variable "create_cloudwatch_alarms" {
  description = "Create the RDS and Redis CloudWatch alarms. Sandbox switch (moto does not serve CloudWatch's CBOR protocol)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of every log group of the environment."
  type        = number
}

variable "bedrock_model_ids" {
  description = "Bedrock models nura-core may invoke."
  type        = list(string)
}

variable "sagemaker_endpoint_names" {
  description = "SageMaker endpoints nura-core may invoke."
  type        = list(string)
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic (null: none)."
  type        = string
  default     = null
}

variable "argocd_hub_environment" {
  description = "The environment whose cluster runs Argo CD (modules/platform)."
  type        = string
  default     = "prod"
}

variable "hosts_ci" {
  description = "This environment's cluster runs Jenkins: it owns the account's ECR repositories and the Jenkins agents' IRSA roles (exactly one environment sets it)."
  type        = bool
  default     = false
}

variable "dns_zone_id" {
  description = "Route 53 hosted zone of the environment's hosts (external-dns records, cert-manager DNS-01); empty: those add-ons get no IAM role."
  type        = string
  default     = ""
}

variable "rds_backup_replica_region" {
  description = "Region the RDS automated backups are replicated to (disaster recovery, modules/disaster-recovery); null: none."
  type        = string
  default     = null
}

variable "environment" {
  description = "Environment name (dev, staging, prod); must match this folder."
  type        = string
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}
