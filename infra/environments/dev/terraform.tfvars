# dev — sizes per the story: t3.medium system / t3.large application nodes, db.t3.medium, cache.t3.micro.
environment         = "dev"
region              = "eu-west-1"
allowed_account_ids = ["123456789012"]

vpc_cidr           = "10.10.0.0/16"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
single_nat_gateway = true

kubernetes_version = "1.33"
# Office VPN egress only (TEST-NET-3 placeholder); CI and Argo CD reach the private endpoint.
eks_public_access_cidrs = ["203.0.113.0/24"]
eks_admin_role_arns     = ["arn:aws:iam::123456789012:role/nura-platform-admin"]

node_groups = {
  system = {
    instance_types = ["t3.medium"]
    min_size       = 1
    max_size       = 2
    desired_size   = 1
    labels         = { "nura.io/workload" = "system" }
    taints = [{
      key    = "CriticalAddonsOnly"
      value  = "true"
      effect = "NO_SCHEDULE"
    }]
  }
  application = {
    instance_types = ["t3.large"]
    min_size       = 1
    max_size       = 3
    desired_size   = 1
    labels         = { "nura.io/workload" = "application" }
  }
}

rds = {
  engine_version        = "16.6"
  instance_class        = "db.t3.medium"
  allocated_storage_gib = 20
  max_storage_gib       = 100
  multi_az              = false
  deletion_protection   = false
  backup_retention_days = 7
  pi_retention_days     = 7
}

redis = {
  node_type = "cache.t3.micro"
  replicas  = 0
}

log_retention_days = 30

# Jenkins runs in the dev cluster (infra/jenkins/values.yaml): the account's ECR repositories and the
# agents' IRSA roles live here. Its apply role changes every environment of the account.
hosts_ci = true

bedrock_model_ids        = ["anthropic.claude-3-haiku-20240307-v1:0"]
sagemaker_endpoint_names = ["bge-m3-embeddings-dev"]
alarm_email              = "platform-alerts@nura.example.com"
