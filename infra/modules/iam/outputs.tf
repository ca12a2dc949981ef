output "role_arns" {
  description = "IRSA role ARN by workload (nura-core, nura-portal, argocd, aws-load-balancer-controller, fluent-bit, yace): the eks.amazonaws.com/role-arn annotation of each service account."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "service_accounts" {
  description = "The service account each role trusts (sub claim)."
  value       = local.service_accounts
}
