variable "cluster_name" {
  description = "EKS cluster name (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.cluster_name))
    error_message = "cluster_name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and node groups."
  type        = string
  validation {
    condition     = can(regex("^1\\.(2[9]|3[0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be a supported minor version, 1.29 to 1.39."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the control plane ENIs and every node group (nodes never get public subnets)."
  type        = list(string)
  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets (two AZs) are required."
  }
}

variable "public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint; empty list = private endpoint only. Never 0.0.0.0/0."
  type        = list(string)
  validation {
    condition     = alltrue([for c in var.public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "public_access_cidrs must be valid CIDRs and must not contain 0.0.0.0/0."
  }
}

variable "node_groups" {
  description = "Managed node groups by name (the story's: system and application)."
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
  validation {
    condition     = alltrue([for g in var.node_groups : g.min_size >= 1 && g.min_size <= g.desired_size && g.desired_size <= g.max_size])
    error_message = "Every node group needs 1 <= min_size <= desired_size <= max_size."
  }
  validation {
    condition     = alltrue([for g in var.node_groups : contains(["ON_DEMAND", "SPOT"], g.capacity_type)])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
  validation {
    condition     = alltrue(flatten([for g in var.node_groups : [for t in g.taints : contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], t.effect)]]))
    error_message = "Taint effects must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
  }
}

variable "cluster_log_retention_days" {
  description = "Retention of the control-plane log group, in days."
  type        = number
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cluster_log_retention_days)
    error_message = "cluster_log_retention_days must be a retention CloudWatch Logs accepts."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key ARN that encrypts the control-plane log group."
  type        = string
}

variable "admin_role_arns" {
  description = "IAM roles granted cluster admin through EKS access entries (AmazonEKSClusterAdminPolicy)."
  type        = list(string)
  default     = []
}

variable "argocd_role_arn" {
  description = "IAM role of the Argo CD instance that deploys to this cluster (the hub's controller role): granted cluster admin through an EKS access entry, as the GitOps bridge does. Empty: none."
  type        = string
  default     = ""
}

variable "enable_access_entries" {
  description = "Manage EKS access entries (API authentication mode). Off only in the sandbox: moto has no access entries."
  type        = bool
  default     = true
}

variable "enable_addons" {
  description = "Manage the pinned EKS add-ons. Off only in the sandbox: moto has no EKS add-ons."
  type        = bool
  default     = true
}

variable "enable_pod_identity_agent" {
  description = "Install the eks-pod-identity-agent add-on (needs enable_addons). Off only in the sandbox: moto has no pod identity."
  type        = bool
  default     = true
}

variable "addon_versions" {
  description = "Pinned EKS add-on versions by add-on name."
  type        = map(string)
  default = {
    "vpc-cni"                = "v1.20.4-eksbuild.1"
    "coredns"                = "v1.12.4-eksbuild.1"
    "kube-proxy"             = "v1.33.3-eksbuild.10"
    "aws-ebs-csi-driver"     = "v1.48.0-eksbuild.2"
    "eks-pod-identity-agent" = "v1.3.9-eksbuild.3"
  }
}

variable "node_egress_to_security_groups" {
  description = "Security groups the nodes may open TCP connections to, by a name known at plan time: { postgres = { security_group_id, port = 5432 } }."
  type = map(object({
    security_group_id = string
    port              = number
  }))
  default = {}
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
