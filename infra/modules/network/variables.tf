variable "name" {
  description = "Name prefix of every resource (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC; split into /20 public, private and database subnets per AZ."
  type        = string
  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 16
    error_message = "cidr_block must be a valid IPv4 CIDR of /16 or larger."
  }
}

variable "availability_zones" {
  description = "Exactly three availability zones to spread the subnets over."
  type        = list(string)
  validation {
    condition     = length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3
    error_message = "availability_zones must list three distinct zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (dev, cheaper) instead of one per AZ (staging, prod: no cross-AZ dependency)."
  type        = bool
}

variable "cluster_name" {
  description = "EKS cluster name, for the kubernetes.io/cluster/<name> subnet tags the load balancer controller reads."
  type        = string
}

variable "flow_logs_retention_days" {
  description = "Retention of the VPC flow log group, in days."
  type        = number
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs_retention_days)
    error_message = "flow_logs_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, … 3653)."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key ARN that encrypts the flow log group (from the monitoring module)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
