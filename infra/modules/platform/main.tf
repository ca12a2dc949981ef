# One environment: network, EKS, PostgreSQL, Redis, IRSA roles and monitoring, wired together.
# environments/<env>/ are thin roots around this module; only their tfvars differ.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  name      = "nura-${var.environment}"
  namespace = "nura-${var.environment}"
  # The hub's Argo CD role, by name: another environment's state holds it, and it is in the same account.
  argocd_hub = var.environment == var.argocd_hub_environment
  # In the hub the role is this state's own (so the access entry waits for it); elsewhere its known ARN.
  argocd_hub_role_arn = local.argocd_hub ? module.iam.argocd_hub_role_arn : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/nura-${var.argocd_hub_environment}-argocd-hub"
  tags = {
    Project     = "nura"
    Environment = var.environment
  }
  # Secrets Manager secrets nura/<env>/<name> that External Secrets syncs into the cluster
  # (infra/argocd/addons/external-secrets/<env>): what each holds.
  environment_secrets = {
    nura-core-secrets    = "Nura Core: app-secret-key"
    nura-core-database   = "Nura Core: password of the nura database user"
    nura-core-redis      = "Redis AUTH token (auth-token), written by OpenTofu from TF_VAR_redis_auth_token"
    nura-portal-secrets  = "Portal: NEXTAUTH_SECRET, OIDC client secret, Jenkins/Argo CD tokens, METRICS_TOKEN"
    nura-portal-migrator = "Portal migrations: DATABASE_URL of the schema owner"
    alertmanager         = "Alertmanager: slack-webhook-url and deadmansswitch-url"
  }
}

module "monitoring" {
  source                           = "../monitoring"
  name                             = local.name
  log_retention_days               = var.log_retention_days
  alarm_email                      = var.alarm_email
  rds_instance_id                  = module.rds.instance_id
  elasticache_replication_group_id = module.elasticache.replication_group_id
  elasticache_member_clusters      = module.elasticache.member_clusters
  create_alarms                    = var.create_cloudwatch_alarms
  tags                             = local.tags
}

module "network" {
  source                   = "../network"
  name                     = local.name
  cidr_block               = var.vpc_cidr
  availability_zones       = var.availability_zones
  single_nat_gateway       = var.single_nat_gateway
  cluster_name             = local.name
  flow_logs_retention_days = var.log_retention_days
  logs_kms_key_arn         = module.monitoring.logs_kms_key_arn
  tags                     = local.tags
}

module "eks" {
  source                     = "../eks"
  cluster_name               = local.name
  kubernetes_version         = var.kubernetes_version
  vpc_id                     = module.network.vpc_id
  private_subnet_ids         = module.network.private_subnet_ids
  public_access_cidrs        = var.eks_public_access_cidrs
  node_groups                = var.node_groups
  cluster_log_retention_days = var.log_retention_days
  logs_kms_key_arn           = module.monitoring.logs_kms_key_arn
  admin_role_arns            = var.eks_admin_role_arns
  argocd_role_arn            = local.argocd_hub_role_arn
  enable_access_entries      = var.enable_eks_access_entries
  enable_addons              = var.enable_eks_addons
  enable_pod_identity_agent  = var.enable_eks_pod_identity_agent
  # Pods reach the data stores (the data stores' ingress rules allow the nodes; this is the other half).
  node_egress_to_security_groups = {
    postgres = { security_group_id = module.rds.security_group_id, port = module.rds.port }
    redis    = { security_group_id = module.elasticache.security_group_id, port = module.elasticache.port }
  }
  tags = local.tags
}

module "rds" {
  source                              = "../rds"
  name                                = local.name
  vpc_id                              = module.network.vpc_id
  subnet_ids                          = module.network.database_subnet_ids
  allowed_security_groups             = { eks_nodes = module.eks.node_security_group_id }
  engine_version                      = var.rds.engine_version
  instance_class                      = var.rds.instance_class
  allocated_storage_gib               = var.rds.allocated_storage_gib
  max_allocated_storage_gib           = var.rds.max_storage_gib
  multi_az                            = var.rds.multi_az
  deletion_protection                 = var.rds.deletion_protection
  backup_retention_days               = var.rds.backup_retention_days
  performance_insights_retention_days = var.rds.pi_retention_days
  tags                                = local.tags
}

module "elasticache" {
  source                  = "../elasticache"
  name                    = local.name
  vpc_id                  = module.network.vpc_id
  subnet_ids              = module.network.database_subnet_ids
  allowed_security_groups = { eks_nodes = module.eks.node_security_group_id }
  node_type               = var.redis.node_type
  replicas                = var.redis.replicas
  snapshot_retention_days = var.redis.snapshot_retention_days
  auth_token              = var.redis_auth_token
  create_parameter_group  = var.create_elasticache_parameter_group
  log_group_name          = module.monitoring.log_group_names["platform"]
  tags                    = local.tags
}

module "iam" {
  source                   = "../iam"
  name                     = local.name
  oidc_provider_arn        = module.eks.oidc_provider_arn
  oidc_provider_url        = module.eks.oidc_provider_url
  namespace                = local.namespace
  cluster_name             = module.eks.cluster_name
  bedrock_model_ids        = var.bedrock_model_ids
  sagemaker_endpoint_names = var.sagemaker_endpoint_names
  log_group_arns           = module.monitoring.log_group_arns
  argocd_hub               = local.argocd_hub
  tags                     = local.tags
}

# --- CI: only in the environment whose cluster runs Jenkins (var.hosts_ci) ---------------------------------
# One ECR registry serves every environment (an image is built once and promoted by tag), so exactly one
# environment owns it; the same environment's cluster runs the Jenkins agents, whose IRSA roles trust
# its OIDC provider.
module "ecr" {
  count        = var.hosts_ci ? 1 : 0
  source       = "../ecr"
  name         = local.name
  repositories = ["nura-core", "nura-ui", "nura-portal", "ci/nura-tofu"]
  tags         = local.tags
}

module "jenkins_iam" {
  count               = var.hosts_ci ? 1 : 0
  source              = "../jenkins-iam"
  name                = local.name
  oidc_provider_arn   = module.eks.oidc_provider_arn
  oidc_provider_url   = module.eks.oidc_provider_url
  ecr_repository_arns = values(module.ecr[0].repository_arns)
  tags                = local.tags
}

# --- Cluster add-ons' IAM, the environment's secrets, disaster recovery -----------------------------------
module "environment_secrets" {
  source      = "../environment-secrets"
  environment = var.environment
  # Argo CD's repository credentials exist only in the hub environment (argocd_hub_environment, prod;
  # infra/argocd/values.yaml: ExternalSecret nura-gitops-repository reads nura/prod/argocd-repo-creds).
  secrets = merge(local.environment_secrets, local.argocd_hub ? {
    argocd-repo-creds = "Argo CD: url, username, password of the GitOps repository (hub only)"
  } : {})
  known_values         = { nura-core-redis = jsonencode({ "auth-token" = var.redis_auth_token }) }
  recovery_window_days = var.rds.deletion_protection ? 30 : 0
  tags                 = local.tags
}

module "addons_iam" {
  source            = "../addons-iam"
  name              = local.name
  cluster_name      = module.eks.cluster_name
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_provider_url = module.eks.oidc_provider_url
  dns_zone_id       = var.dns_zone_id
  # This environment's secrets and the RDS-managed master secret, nothing else.
  secret_arn_patterns  = compact([module.environment_secrets.arn_pattern, module.rds.master_user_secret_arn])
  secrets_kms_key_arns = [module.environment_secrets.kms_key_arn, module.rds.kms_key_arn]
  tags                 = local.tags
}

module "disaster_recovery" {
  source                    = "../disaster-recovery"
  name                      = local.name
  rds_instance_arn          = module.rds.instance_arn
  rds_backup_replica_region = var.rds_backup_replica_region
  jenkins_backup            = var.hosts_ci
  oidc_provider_arn         = module.eks.oidc_provider_arn
  oidc_provider_url         = module.eks.oidc_provider_url
  force_destroy             = !var.rds.deletion_protection
  tags                      = local.tags
}
