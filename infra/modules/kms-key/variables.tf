variable "description" {
  description = "The key's description (what it encrypts)."
  type        = string
}

variable "alias" {
  description = "The alias' name without the alias/ prefix; null: no alias."
  type        = string
  default     = null
}

variable "policy_documents" {
  description = "Policy documents (JSON) whose statements join the default key policy, e.g. a service that encrypts with the key."
  type        = list(string)
  default     = []
}

variable "region" {
  description = "The region the key lives in; null: the provider's."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags of the key."
  type        = map(string)
  default     = {}
}
