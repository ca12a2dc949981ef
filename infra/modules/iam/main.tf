# IRSA roles: each trusts exactly one Kubernetes service account through the cluster's OIDC provider.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.region
  service_accounts = {
    nura-core                    = "system:serviceaccount:${var.namespace}:nura-core"
    nura-portal                  = "system:serviceaccount:${var.namespace}:nura-portal"
    argocd                       = "system:serviceaccount:argocd:argocd-repo-server"
    aws-load-balancer-controller = "system:serviceaccount:kube-system:aws-load-balancer-controller"
    fluent-bit                   = "system:serviceaccount:monitoring:fluent-bit"
    yace                         = "system:serviceaccount:monitoring:yace"
  }
}

data "aws_iam_policy_document" "assume" {
  for_each = local.service_accounts
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider_url}:sub"
      values   = [each.value]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider_url}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each             = local.service_accounts
  name                 = "${var.name}-${each.key}"
  description          = "IRSA role of ${each.value}"
  assume_role_policy   = data.aws_iam_policy_document.assume[each.key].json
  max_session_duration = 3600
  tags                 = var.tags
}

# nura-core: invoke the listed Bedrock models and SageMaker endpoints, nothing else.
data "aws_iam_policy_document" "nura_core" {
  statement {
    sid       = "InvokeBedrockModels"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = [for m in var.bedrock_model_ids : "arn:${local.partition}:bedrock:${local.region}::foundation-model/${m}"]
  }
  dynamic "statement" {
    for_each = length(var.sagemaker_endpoint_names) > 0 ? [1] : []
    content {
      sid       = "InvokeEmbeddingEndpoints"
      actions   = ["sagemaker:InvokeEndpoint"]
      resources = [for e in var.sagemaker_endpoint_names : "arn:${local.partition}:sagemaker:${local.region}:${local.account}:endpoint/${e}"]
    }
  }
}

# The portal reads this environment's cluster and node groups (the EKS page), read-only.
data "aws_iam_policy_document" "nura_portal" {
  statement {
    sid     = "ReadCluster"
    actions = ["eks:DescribeCluster", "eks:ListNodegroups", "eks:DescribeNodegroup", "eks:ListAddons", "eks:DescribeAddon"]
    resources = [
      "arn:${local.partition}:eks:${local.region}:${local.account}:cluster/${var.cluster_name}",
      "arn:${local.partition}:eks:${local.region}:${local.account}:nodegroup/${var.cluster_name}/*/*",
      "arn:${local.partition}:eks:${local.region}:${local.account}:addon/${var.cluster_name}/*/*",
    ]
  }
}

# Argo CD's repo server pulls Helm charts stored as OCI artifacts in this account's ECR.
data "aws_iam_policy_document" "argocd" {
  statement {
    sid       = "EcrToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken has no resource-level permissions.
  }
  statement {
    sid       = "PullCharts"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages", "ecr:ListImages"]
    resources = ["arn:${local.partition}:ecr:${local.region}:${local.account}:repository/charts/*"]
  }
}

# Fluent Bit ships container logs to the environment's log groups only.
data "aws_iam_policy_document" "fluent_bit" {
  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = flatten([for arn in var.log_group_arns : [arn, "${arn}:*"]])
  }
}

# YACE reads the CloudWatch metrics of the resources it discovers by tag (infra/monitoring/yace-values.yaml).
data "aws_iam_policy_document" "yace" {
  # checkov:skip=CKV_AWS_356:CloudWatch metric reads and tag:GetResources support no resource-level permissions.
  statement {
    sid       = "ReadMetricsAndDiscoverByTag"
    actions   = ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "tag:GetResources"]
    resources = ["*"]
  }
}

# AWS Load Balancer Controller: the upstream policy's shape, with mutations limited to resources
# the controller tagged itself (elbv2.k8s.aws/cluster) as upstream recommends.
data "aws_iam_policy_document" "alb_controller" {
  # checkov:skip=CKV_AWS_356:Describe*/List* and tag-conditioned Create* calls support no resource ARNs; every mutation below is limited to resources tagged elbv2.k8s.aws/cluster.
  statement {
    sid = "Describe"
    actions = [
      "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
      "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
      "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeCapacityReservation",
      "acm:ListCertificates", "acm:DescribeCertificate", "wafv2:GetWebACL", "wafv2:GetWebACLForResource",
      "shield:GetSubscriptionState", "iam:ListServerCertificates", "iam:GetServerCertificate",
      "cognito-idp:DescribeUserPoolClient",
    ]
    resources = ["*"] # Describe*/List* calls have no resource-level permissions.
  }
  statement {
    sid       = "CreateTaggedOnly"
    actions   = ["ec2:CreateSecurityGroup", "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }
  statement {
    sid = "MutateOwnOnly"
    actions = [
      "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup",
      "ec2:CreateTags", "ec2:DeleteTags",
      "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
      "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
      "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListenerAttributes",
    ]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:${local.account}:security-group/*",
      "arn:${local.partition}:elasticloadbalancing:${local.region}:${local.account}:loadbalancer/*",
      "arn:${local.partition}:elasticloadbalancing:${local.region}:${local.account}:targetgroup/*/*",
      "arn:${local.partition}:elasticloadbalancing:${local.region}:${local.account}:listener/*",
      "arn:${local.partition}:elasticloadbalancing:${local.region}:${local.account}:listener-rule/*",
    ]
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }
  statement {
    sid       = "ServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["elasticloadbalancing.amazonaws.com"]
    }
  }
}

locals {
  policies = {
    nura-core                    = data.aws_iam_policy_document.nura_core.json
    nura-portal                  = data.aws_iam_policy_document.nura_portal.json
    argocd                       = data.aws_iam_policy_document.argocd.json
    aws-load-balancer-controller = data.aws_iam_policy_document.alb_controller.json
    fluent-bit                   = data.aws_iam_policy_document.fluent_bit.json
    yace                         = data.aws_iam_policy_document.yace.json
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.policies
  name     = each.key
  role     = aws_iam_role.this[each.key].id
  policy   = each.value
}

# --- Argo CD hub: the role of the controller and server that deploy to every cluster ---------------------
# Only in the environment whose cluster runs Argo CD. It needs no IAM permission of its own: the EKS token
# Argo CD generates (awsAuthConfig) is a presigned sts:GetCallerIdentity, and each cluster authorises the
# role through its access entry (modules/eks argocd_role_arn).
locals {
  argocd_hub_service_accounts = [
    "system:serviceaccount:argocd:argocd-application-controller",
    "system:serviceaccount:argocd:argocd-server",
  ]
}

data "aws_iam_policy_document" "argocd_hub_assume" {
  count = var.argocd_hub ? 1 : 0
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider_url}:sub"
      values   = local.argocd_hub_service_accounts
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider_url}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "argocd_hub" {
  count                = var.argocd_hub ? 1 : 0
  name                 = "${var.name}-argocd-hub"
  description          = "Argo CD application controller and server of the hub cluster: deploy to every cluster"
  assume_role_policy   = data.aws_iam_policy_document.argocd_hub_assume[0].json
  max_session_duration = 3600
  tags                 = var.tags
}
