output "cluster_name" {
  description = "EKS cluster name."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "EKS cluster ARN."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API endpoint (for kubeconfig)."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the cluster (IRSA trust policies federate to it)."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_provider_url" {
  description = "Issuer URL of the cluster's OIDC provider, without https://."
  value       = local.oidc_host
}

output "node_security_group_id" {
  description = "Security group of every node (databases allow their port from it)."
  value       = aws_security_group.nodes.id
}

output "cluster_security_group_id" {
  description = "Security group of the control-plane ENIs."
  value       = aws_security_group.cluster.id
}

output "node_group_names" {
  description = "Managed node group names."
  value       = [for g in aws_eks_node_group.this : g.node_group_name]
}

output "secrets_kms_key_arn" {
  description = "KMS key encrypting Kubernetes secrets."
  value       = aws_kms_key.secrets.arn
}

output "addons" {
  description = "Installed add-ons and their pinned versions."
  value       = { for k, a in aws_eks_addon.this : k => a.addon_version }
}
