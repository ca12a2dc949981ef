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
  value       = module.secrets_key.arn
}

output "addons" {
  description = "Installed add-ons and their pinned versions."
  value       = { for k, a in aws_eks_addon.this : k => a.addon_version }
}

output "posture" {
  description = "Security and sizing facts of the cluster and node groups, as configured."
  value = {
    version                 = aws_eks_cluster.this.version
    endpoint_private_access = aws_eks_cluster.this.vpc_config[0].endpoint_private_access
    endpoint_public_access  = aws_eks_cluster.this.vpc_config[0].endpoint_public_access
    public_access_cidrs     = var.public_access_cidrs
    secrets_encrypted       = contains(flatten([for c in aws_eks_cluster.this.encryption_config : c.resources]), "secrets")
    log_types               = sort(tolist(aws_eks_cluster.this.enabled_cluster_log_types))
    node_groups = {
      for k, g in aws_eks_node_group.this : k => {
        instance_types = g.instance_types
        min_size       = g.scaling_config[0].min_size
        max_size       = g.scaling_config[0].max_size
        subnet_ids     = sort(tolist(g.subnet_ids))
        imdsv2_only    = aws_launch_template.nodes[k].metadata_options[0].http_tokens == "required"
        disk_encrypted = aws_launch_template.nodes[k].block_device_mappings[0].ebs[0].encrypted == "true"
      }
    }
    addons = { for k, a in aws_eks_addon.this : k => a.addon_version }
    # Access entries by principal → the access policies associated with it (cluster scope only here).
    access_policies = {
      for a in concat(values(aws_eks_access_policy_association.admin), aws_eks_access_policy_association.argocd) :
      a.principal_arn => a.policy_arn...
    }
    # Decoded configuration_values per add-on ({} when none).
    addon_configuration = { for k, a in aws_eks_addon.this : k => try(jsondecode(a.configuration_values), {}) }
    # Every egress rule of the node security group (ports 0-65535 for "all protocols").
    node_security_group_id = aws_security_group.nodes.id
    node_egress = [for r in concat([aws_vpc_security_group_egress_rule.nodes_https, aws_vpc_security_group_egress_rule.nodes_self], values(aws_vpc_security_group_egress_rule.nodes_dns), values(aws_vpc_security_group_egress_rule.nodes_to_security_groups)) : {
      ip_protocol                  = r.ip_protocol
      from_port                    = r.ip_protocol == "-1" ? 0 : r.from_port
      to_port                      = r.ip_protocol == "-1" ? 65535 : r.to_port
      cidr_ipv4                    = r.cidr_ipv4
      referenced_security_group_id = r.referenced_security_group_id
    }]
  }
}
