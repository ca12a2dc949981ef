variable "source_bucket" {
  description = "The state bucket to replicate (versioned: modules/state-backend)."
  type        = string
}

variable "source_kms_key_arn" {
  description = "KMS key the source objects are encrypted with."
  type        = string
}

variable "replica_region" {
  description = "Region of the replica bucket (not the source's)."
  type        = string
}

variable "noncurrent_version_retention_days" {
  description = "Days old state versions are kept in the replica (as in the source)."
  type        = number
  default     = 90
}

variable "force_destroy" {
  description = "Let destroy delete a non-empty replica (sandbox only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
