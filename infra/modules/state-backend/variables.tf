variable "name" {
  description = "Name prefix (e.g. nura-dev): bucket <name>-tofu-state-<account id>, key alias alias/<name>-tofu-state."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "noncurrent_version_retention_days" {
  description = "Days old state versions are kept (rollback window)."
  type        = number
  default     = 90
  validation {
    condition     = var.noncurrent_version_retention_days >= 7
    error_message = "Keep old state versions at least 7 days."
  }
}

variable "force_destroy" {
  description = "Allow destroying a non-empty bucket. Only for the sandbox; never in a real account."
  type        = bool
  default     = false
}

variable "deny_insecure_requests" {
  description = "Attach the bucket policy denying requests without TLS and uploads without SSE-KMS. Only the sandbox (moto) turns it off."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
