output "role_arns" {
  description = "IRSA role ARN by workload (nura-core, nura-portal, argocd, aws-load-balancer-controller, fluent-bit, yace): the eks.amazonaws.com/role-arn annotation of each service account."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "service_accounts" {
  description = "The service account each role trusts (sub claim)."
  value       = local.service_accounts
}

output "argocd_hub_role_arn" {
  description = "Role of the hub's Argo CD controller and server (null where argocd_hub is false)."
  value       = var.argocd_hub ? aws_iam_role.argocd_hub[0].arn : null
}

output "argocd_hub_service_accounts" {
  description = "The service accounts the hub role trusts (sub claim)."
  value       = local.argocd_hub_service_accounts
}
