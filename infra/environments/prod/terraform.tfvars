# prod — sizes per the story: t3.medium system / t3.large application nodes, db.t3.medium, cache.t3.micro.
environment         = "prod"
region              = "eu-west-1"
allowed_account_ids = ["123456789012"]

vpc_cidr           = "10.30.0.0/16"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
single_nat_gateway = false

kubernetes_version = "1.33"
# Office VPN egress only (TEST-NET-3 placeholder); CI and Argo CD reach the private endpoint.
eks_public_access_cidrs = ["203.0.113.0/24"]
eks_admin_role_arns     = ["arn:aws:iam::123456789012:role/nura-platform-admin"]

node_groups = {
  system = {
    instance_types = ["t3.medium"]
    min_size       = 3
    max_size       = 4
    desired_size   = 3
    labels         = { "nura.io/workload" = "system" }
    taints = [{
      key    = "CriticalAddonsOnly"
      value  = "true"
      effect = "NO_SCHEDULE"
    }]
  }
  application = {
    instance_types = ["t3.large"]
    min_size       = 3
    max_size       = 10
    desired_size   = 3
    labels         = { "nura.io/workload" = "application" }
  }
}

rds = {
  engine_version        = "16.6"
  instance_class        = "db.t3.medium"
  allocated_storage_gib = 100
  max_storage_gib       = 500
  multi_az              = true
  deletion_protection   = true
  backup_retention_days = 30
  pi_retention_days     = 31
}

redis = {
  node_type = "cache.t3.micro"
  replicas  = 2
}

log_retention_days = 365

bedrock_model_ids        = ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"]
sagemaker_endpoint_names = ["bge-m3-embeddings-prod"]
alarm_email              = "platform-alerts@nura.example.com"

# Disaster recovery: the automated backups (snapshots + transaction logs) are replicated here, so a point-in-time
# restore works with eu-west-1 gone (infra/README.md "Disaster recovery", scripts/dr/restore-postgres.py).
rds_backup_replica_region = "eu-central-1"
