variable "name" {
  description = "Name prefix of the roles (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "cluster_name" {
  description = "EKS cluster whose node groups Cluster Autoscaler may scale."
  type        = string
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the cluster."
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

variable "dns_zone_id" {
  description = "Route 53 hosted zone of the environment's hosts (external-dns records, cert-manager DNS-01). Empty: no DNS roles."
  type        = string
  default     = ""
  validation {
    condition     = var.dns_zone_id == "" || can(regex("^Z[A-Z0-9]{1,31}$", var.dns_zone_id))
    error_message = "dns_zone_id must be a Route 53 hosted zone id (Z…) or empty."
  }
}

variable "secret_arn_patterns" {
  description = "Secrets Manager ARNs (patterns) External Secrets may read: this environment's secrets only."
  type        = list(string)
  validation {
    condition     = length(var.secret_arn_patterns) > 0 && alltrue([for p in var.secret_arn_patterns : startswith(p, "arn:") && p != "*"])
    error_message = "secret_arn_patterns must be ARNs (never \"*\")."
  }
}

variable "secrets_kms_key_arns" {
  description = "KMS keys of those secrets (decrypt only through Secrets Manager)."
  type        = list(string)
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
