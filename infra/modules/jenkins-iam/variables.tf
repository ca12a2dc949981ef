variable "name" {
  description = "Name prefix of the roles (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the cluster Jenkins runs in."
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

variable "namespace" {
  description = "Namespace of the Jenkins agent pods (infra/jenkins/values.yaml agent.namespace)."
  type        = string
  default     = "jenkins-agents"
}

variable "ecr_repository_arns" {
  description = "ECR repositories the application pipeline's agents may push to."
  type        = list(string)
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
