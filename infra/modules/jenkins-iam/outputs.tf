output "role_arns" {
  description = "IRSA role ARN by use (plan, apply, agent): the eks.amazonaws.com/role-arn annotation of each agent service account (infra/jenkins/agents)."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "posture" {
  description = "Per role: the service account it trusts, its trust policy and the managed policies attached, as configured (asserted by tofu test)."
  value = {
    for k, r in aws_iam_role.this : k => {
      service_account  = "system:serviceaccount:${var.namespace}:${local.roles[k].service_account}"
      role_name        = r.name
      trust_policy     = jsondecode(r.assume_role_policy)
      managed_policies = [for a in [aws_iam_role_policy_attachment.plan_read_only, aws_iam_role_policy_attachment.apply_admin] : a.policy_arn if a.role == r.name]
      # The agent's ECR policy is a policy-document data source (resource ARNs only known at apply).
      jsonencoded_inline_policies = [for p in [aws_iam_role_policy.plan_state] : jsondecode(p.policy) if p.role == r.name]
    }
  }
}
