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

variable "state_replica_region" {
  description = "Region the state bucket is replicated to (modules/state-replication); null: none. prod: eu-central-1."
  type        = string
  default     = null
  validation {
    condition     = var.state_replica_region == null || var.state_replica_region != var.region
    error_message = "state_replica_region must differ from the state bucket's region."
  }
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

# Disaster recovery: every state version copied to a bucket of another region (infra/README.md "Disaster recovery").
module "state_replication" {
  count              = var.state_replica_region == null ? 0 : 1
  source             = "../modules/state-replication"
  source_bucket      = module.state_backend.bucket
  source_kms_key_arn = module.state_backend.kms_key_arn
  replica_region     = var.state_replica_region
  force_destroy      = var.sandbox
  # S3 refuses a replication configuration until the source bucket's versioning is on.
  depends_on = [module.state_backend]
}

output "bucket" {
  description = "Put this in infra/environments/<env>/backend.tfbackend."
  value       = module.state_backend.bucket
}

output "state_replica_bucket" {
  description = "The state's replica bucket in state_replica_region (null without replication)."
  value       = var.state_replica_region == null ? null : module.state_replication[0].replica_bucket
}

output "kms_key_alias" {
  description = "State encryption key alias."
  value       = module.state_backend.kms_key_alias
}
