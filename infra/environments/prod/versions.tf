# GENERATED from infra/environments/_root/versions.tf by scripts/infra/gen-environment-roots.py: edit the template.
terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.47.1"
    }
  }

  # S3 with the native lockfile (no DynamoDB); bucket, key and region come from backend.tfbackend
  # (real AWS) or sandbox.tfbackend (moto): `tofu init -backend-config=<file>` (scripts/ci/lib.sh).
  backend "s3" {}

  # Client-side state and plan encryption with the environment's state KMS key (created by
  # infra/bootstrap), on top of the bucket's SSE-KMS: state holds the Redis auth token.
  encryption {
    key_provider "aws_kms" "state" {
      kms_key_id = "alias/nura-${var.environment}-tofu-state"
      region     = var.region
      key_spec   = "AES_256"
    }
    method "aes_gcm" "state" {
      keys = key_provider.aws_kms.state
    }
    state {
      method   = method.aes_gcm.state
      enforced = true
    }
    plan {
      method   = method.aes_gcm.state
      enforced = true
    }
  }
}
