variable "name" {
  description = "Name prefix of the KMS key alias (e.g. nura-dev)."
  type        = string
}

variable "repositories" {
  description = "Repository names (nura-core, nura-ui, nura-portal, ci/nura-tofu)."
  type        = list(string)
  validation {
    condition     = alltrue([for r in var.repositories : can(regex("^[a-z0-9]+([._/-][a-z0-9]+)*$", r))])
    error_message = "Repository names are lowercase letters and digits separated by ., _, - or /."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
