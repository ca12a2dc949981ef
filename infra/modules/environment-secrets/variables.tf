variable "environment" {
  description = "Environment name (dev, staging, prod): the secrets are nura/<environment>/<name>."
  type        = string
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "secrets" {
  description = "Secret name → what it holds (the secret's description)."
  type        = map(string)
  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[a-z][a-z0-9-]{1,62}$", k))])
    error_message = "secret names must be lowercase letters, digits or hyphens."
  }
}

variable "known_values" {
  description = "Secret name → value, for the secrets whose value OpenTofu already has (JSON strings)."
  type        = map(string)
  sensitive   = true
  default     = {}
}

variable "recovery_window_days" {
  description = "Days a deleted secret can be restored (0: deleted at once, for disposable environments)."
  type        = number
  default     = 30
  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or 7-30 (Secrets Manager's range)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
