variable "name" {
  description = "Name prefix of the roles (e.g. nura-dev)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the EKS cluster."
  type        = string
}

variable "oidc_provider_url" {
  description = "Issuer host/path of the cluster's OIDC provider, without https://."
  type        = string
  validation {
    condition     = !startswith(var.oidc_provider_url, "https://")
    error_message = "oidc_provider_url must not include the https:// scheme."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the Nura workloads (nura-<env>)."
  type        = string
}

variable "bedrock_model_ids" {
  description = "Bedrock foundation model IDs nura-core may invoke."
  type        = list(string)
  validation {
    condition     = length(var.bedrock_model_ids) > 0 && alltrue([for m in var.bedrock_model_ids : !strcontains(m, "*")])
    error_message = "List at least one model, without wildcards."
  }
}

variable "sagemaker_endpoint_names" {
  description = "SageMaker endpoints nura-core may invoke (embeddings)."
  type        = list(string)
  validation {
    condition     = alltrue([for e in var.sagemaker_endpoint_names : !strcontains(e, "*")])
    error_message = "Endpoint names must not contain wildcards."
  }
}

variable "cluster_name" {
  description = "EKS cluster name (the portal's role may describe only this cluster)."
  type        = string
}

variable "log_group_arns" {
  description = "CloudWatch log groups Fluent Bit may write to."
  type        = list(string)
}

variable "argocd_hub" {
  description = "Argo CD runs in this environment's cluster: create the role its application controller and server use to reach every cluster (each cluster gives it an access entry)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
