module "platform" {
  source = "../../modules/platform"

  environment                        = var.environment
  vpc_cidr                           = var.vpc_cidr
  availability_zones                 = var.availability_zones
  single_nat_gateway                 = var.single_nat_gateway
  kubernetes_version                 = var.kubernetes_version
  eks_public_access_cidrs            = var.eks_public_access_cidrs
  node_groups                        = var.node_groups
  eks_admin_role_arns                = var.eks_admin_role_arns
  enable_eks_access_entries          = var.enable_eks_access_entries
  enable_eks_addons                  = var.enable_eks_addons
  enable_eks_pod_identity_agent      = var.enable_eks_pod_identity_agent
  rds                                = var.rds
  redis                              = var.redis
  redis_auth_token                   = var.redis_auth_token
  create_elasticache_parameter_group = var.create_elasticache_parameter_group
  create_cloudwatch_alarms           = var.create_cloudwatch_alarms
  log_retention_days                 = var.log_retention_days
  bedrock_model_ids                  = var.bedrock_model_ids
  sagemaker_endpoint_names           = var.sagemaker_endpoint_names
  alarm_email                        = var.alarm_email
  hosts_ci                           = var.hosts_ci
  dns_zone_id                        = var.dns_zone_id
  rds_backup_replica_region          = var.rds_backup_replica_region
  argocd_hub_environment             = var.argocd_hub_environment
}
