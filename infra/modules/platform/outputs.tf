output "vpc_id" {
  description = "VPC ID."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets (nodes)."
  value       = module.network.private_subnet_ids
}

output "cluster_name" {
  description = "EKS cluster name (config/catalog.yaml eksCluster)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = module.eks.cluster_endpoint
}

output "node_group_names" {
  description = "Managed node groups."
  value       = module.eks.node_group_names
}

output "rds_endpoint" {
  description = "PostgreSQL host (helm/nura-core values externalDatabase.host)."
  value       = module.rds.endpoint
}

output "rds_master_user_secret_arn" {
  description = "Secrets Manager secret with the generated master password."
  value       = module.rds.master_user_secret_arn
}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint (helm/nura-core values externalRedis.host)."
  value       = module.elasticache.primary_endpoint
}

output "irsa_role_arns" {
  description = "IRSA role ARNs by workload (service account annotations in the Helm values)."
  value       = module.iam.role_arns
}

output "ecr_repository_urls" {
  description = "ECR repository URL by name (only where hosts_ci; else empty)."
  value       = var.hosts_ci ? module.ecr[0].repository_urls : {}
}

output "jenkins_role_arns" {
  description = "IRSA role ARNs of the Jenkins agent service accounts by use: plan, apply, agent (only where hosts_ci; else empty)."
  value       = var.hosts_ci ? module.jenkins_iam[0].role_arns : {}
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms."
  value       = module.monitoring.alarm_topic_arn
}

output "log_group_names" {
  description = "Application log groups (Fluent Bit outputs)."
  value       = module.monitoring.log_group_names
}

output "posture" {
  description = "Security and sizing facts of the whole environment (asserted per environment by tofu test)."
  value = {
    network     = module.network.posture
    eks         = module.eks.posture
    rds         = module.rds.posture
    elasticache = module.elasticache.posture
    ecr         = var.hosts_ci ? module.ecr[0].posture : null
    jenkins     = var.hosts_ci ? module.jenkins_iam[0].posture : null
    addons      = module.addons_iam.posture
    dr          = module.disaster_recovery.posture
  }
}

output "addon_role_arns" {
  description = "IRSA role ARNs of the cluster add-ons (modules/addons-iam) by add-on: the service account annotations Argo CD sets."
  value       = module.addons_iam.role_arns
}

output "environment_secret_names" {
  description = "Secrets Manager names of the environment's secrets (the ExternalSecrets' remoteRef keys)."
  value       = module.environment_secrets.secret_names
}

output "jenkins_backup_bucket" {
  description = "Bucket of the Jenkins home backups (only where hosts_ci; else null)."
  value       = module.disaster_recovery.jenkins_backup_bucket
}

output "argocd_cluster" {
  description = "What Argo CD needs to deploy to this cluster, the GitOps-bridge way: rendered into its cluster Secret by scripts/ci/argocd-cluster-secret.py (name = the ApplicationSets' destination; labels = what the ApplicationSets' cluster generators select on, annotations = the add-on values their templates read)."
  value = {
    name   = local.name
    server = module.eks.cluster_endpoint
    config = {
      awsAuthConfig   = { clusterName = module.eks.cluster_name }
      tlsClientConfig = { insecure = false, caData = module.eks.cluster_certificate_authority_data }
    }
    # The cluster generators select on labels only: enable_<add-on> = "true" exactly where the add-on's IRSA
    # role (so its <add-on>_role_arn annotation) exists, e.g. no cert-manager/external-dns without a DNS zone.
    labels = merge(
      { "nura.io/environment" = var.environment },
      { for k in keys(module.addons_iam.role_arns) : "enable_${replace(k, "-", "_")}" => "true" },
      var.hosts_ci ? { enable_jenkins_backup = "true" } : {},
    )
    annotations = merge(
      {
        aws_account_id      = data.aws_caller_identity.current.account_id
        aws_region          = data.aws_region.current.region
        aws_cluster_name    = module.eks.cluster_name
        aws_vpc_id          = module.network.vpc_id
        argocd_hub_role_arn = local.argocd_hub_role_arn
        namespace           = local.namespace
        oidc_provider_arn   = module.eks.oidc_provider_arn
      },
      # <role key with "_" for "-">_role_arn: a Go template identifier, so the ApplicationSets read it as a field
      # (.metadata.annotations.cert_manager_role_arn) and missingkey=error fails on a missing one.
      { for k, arn in module.iam.role_arns : "${replace(k, "-", "_")}_role_arn" => arn },
      { for k, arn in module.addons_iam.role_arns : "${replace(k, "-", "_")}_role_arn" => arn },
      # The cluster that runs Jenkins: its home backup's bucket and role (infra/argocd/applications/jenkins-backup.yaml).
      var.hosts_ci ? {
        jenkins_backup_bucket   = module.disaster_recovery.jenkins_backup_bucket
        jenkins_backup_role_arn = module.disaster_recovery.jenkins_backup_role_arn
      } : {},
    )
  }
}

output "argocd_hub_service_accounts" {
  description = "The service accounts the hub's Argo CD role trusts (empty outside the hub)."
  value       = var.environment == var.argocd_hub_environment ? module.iam.argocd_hub_service_accounts : []
}
