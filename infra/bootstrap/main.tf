# Bootstrap root: creates one environment's state bucket and key. Its own state is local (it cannot
# live in the bucket it creates); keep the file with the platform team's records or re-import.
terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
  }
  backend "local" {}
}

variable "environment" {
  description = "Environment whose state backend this creates."
  type        = string
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "region" {
  description = "AWS region of the state bucket."
  type        = string
  default     = "eu-west-1"
}

variable "sandbox" {
  description = "Talk to moto's server (AWS_ENDPOINT_URL) instead of AWS: skips credential and account checks, path-style S3, deletable bucket."
  type        = bool
  default     = false
}

provider "aws" {
  region                      = var.region
  skip_credentials_validation = var.sandbox
  skip_requesting_account_id  = false
  skip_metadata_api_check     = var.sandbox
  s3_use_path_style           = var.sandbox
  default_tags {
    tags = {
      Project     = "nura"
      Environment = var.environment
      ManagedBy   = "opentofu"
      Stack       = "bootstrap"
    }
  }
}

module "state_backend" {
  source        = "../modules/state-backend"
  name          = "nura-${var.environment}"
  force_destroy = var.sandbox
  # moto cannot evaluate the policy's conditions (see the module); a real account always gets it.
  deny_insecure_requests = !var.sandbox
}

output "bucket" {
  description = "Put this in infra/environments/<env>/backend.tfbackend."
  value       = module.state_backend.bucket
}

output "kms_key_alias" {
  description = "State encryption key alias."
  value       = module.state_backend.kms_key_alias
}
