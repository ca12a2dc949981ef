# GENERATED from infra/environments/_root/outputs.tf by scripts/infra/gen-environment-roots.py: edit the template.
output "cluster_name" {
  description = "EKS cluster name."
  value       = module.platform.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = module.platform.cluster_endpoint
}

output "node_group_names" {
  description = "Managed node groups."
  value       = module.platform.node_group_names
}

output "rds_endpoint" {
  description = "PostgreSQL host."
  value       = module.platform.rds_endpoint
}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint."
  value       = module.platform.redis_primary_endpoint
}

output "irsa_role_arns" {
  description = "IRSA role ARNs by workload."
  value       = module.platform.irsa_role_arns
}

output "ecr_repository_urls" {
  description = "ECR repository URL by name (the environment that hosts CI only)."
  value       = module.platform.ecr_repository_urls
}

output "jenkins_role_arns" {
  description = "IRSA role ARNs of the Jenkins agent service accounts (the environment that hosts CI only)."
  value       = module.platform.jenkins_role_arns
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.platform.alarm_topic_arn
}

output "posture" {
  description = "Security and sizing facts of the environment (what tests/*.tftest.hcl assert)."
  value       = module.platform.posture
}

output "argocd_cluster" {
  description = "Argo CD cluster Secret inputs (scripts/ci/argocd-cluster-secret.py renders them)."
  value       = module.platform.argocd_cluster
}
