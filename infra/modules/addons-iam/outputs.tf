output "role_arns" {
  description = "IRSA role ARN by add-on: the eks.amazonaws.com/role-arn annotation of its service account."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "service_accounts" {
  description = "The service account each role trusts (sub claim), by add-on."
  value       = { for k, r in local.roles : k => "system:serviceaccount:${r.namespace}:${r.service_account}" }
}

output "posture" {
  description = "Each add-on role's trust and inline policy, decoded (asserted by tofu test)."
  value = {
    for k, r in local.roles : k => {
      role_name       = aws_iam_role.this[k].name
      service_account = "system:serviceaccount:${r.namespace}:${r.service_account}"
      trust_policy    = jsondecode(local.trust[k])
      policy          = local.policies[k]
    }
  }
}
