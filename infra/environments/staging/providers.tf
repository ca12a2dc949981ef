# GENERATED from infra/environments/_root/providers.tf by scripts/infra/gen-environment-roots.py: edit the template.
provider "aws" {
  region              = var.region
  allowed_account_ids = var.sandbox ? null : var.allowed_account_ids

  # Sandbox (moto's server at AWS_ENDPOINT_URL): no real credentials or instance metadata, path-style S3.
  skip_credentials_validation = var.sandbox
  skip_metadata_api_check     = var.sandbox
  s3_use_path_style           = var.sandbox

  default_tags {
    tags = {
      Project     = "nura"
      Environment = var.environment
      ManagedBy   = "opentofu"
      Repository  = "nura-platform-portal/infra/environments/${var.environment}"
    }
  }
}
