# IRSA roles of the cluster add-ons Argo CD installs (infra/argocd/applications/cluster-addons.yaml). Each role
# trusts exactly one service account (sub) with the STS audience (aud) through the cluster's OIDC provider; the
# service account names are the ones the add-on values set (infra/argocd/addons/*-values.yaml), and the
# ApplicationSets annotate them with these roles. The AWS Load Balancer Controller's role lives in modules/iam.
# Trusts and policies are jsonencode()d (not policy-document data sources) so tofu test can read them back.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.region
  zone_arn  = "arn:${local.partition}:route53:::hostedzone/${var.dns_zone_id}"

  all_roles = {
    cluster-autoscaler = { namespace = "kube-system", service_account = "cluster-autoscaler" }
    cert-manager       = { namespace = "cert-manager", service_account = "cert-manager" }
    external-dns       = { namespace = "external-dns", service_account = "external-dns" }
    external-secrets   = { namespace = "external-secrets", service_account = "external-secrets" }
    adot-collector     = { namespace = "opentelemetry", service_account = "adot-collector" }
  }
  # Without a hosted zone there is nothing for cert-manager (DNS-01) or external-dns to write to.
  roles = { for k, r in local.all_roles : k => r if var.dns_zone_id != "" || !contains(["cert-manager", "external-dns"], k) }

  trust = {
    for k, r in local.roles : k => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "ServiceAccount"
        Effect    = "Allow"
        Principal = { Federated = var.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${var.oidc_provider_url}:sub" = "system:serviceaccount:${r.namespace}:${r.service_account}"
            "${var.oidc_provider_url}:aud" = "sts.amazonaws.com"
          }
        }
      }]
    })
  }

  policies = {
    # Cluster Autoscaler scales the managed node groups' Auto Scaling groups. EKS tags every managed node
    # group's ASG k8s.io/cluster-autoscaler/<cluster> = owned, so the writes are limited to this cluster's.
    cluster-autoscaler = {
      Version = "2012-10-17"
      Statement = [
        {
          Sid    = "Discover"
          Effect = "Allow"
          Action = [
            "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
          ]
          Resource = ["*"] # Describe calls support no resource-level permissions.
        },
        {
          Sid      = "DescribeOwnNodegroups"
          Effect   = "Allow"
          Action   = ["eks:DescribeNodegroup"]
          Resource = ["arn:${local.partition}:eks:${local.region}:${local.account}:nodegroup/${var.cluster_name}/*/*"]
        },
        {
          Sid      = "ScaleOwnGroups"
          Effect   = "Allow"
          Action   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
          Resource = ["arn:${local.partition}:autoscaling:${local.region}:${local.account}:autoScalingGroup:*:autoScalingGroupName/*"]
          Condition = {
            StringEquals = { "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}" = "owned" }
          }
        },
      ]
    }
    # cert-manager answers ACME DNS-01 challenges: it may only write _acme-challenge TXT records of the zone.
    cert-manager = {
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ReadChange"
          Effect   = "Allow"
          Action   = ["route53:GetChange"]
          Resource = ["arn:${local.partition}:route53:::change/*"]
        },
        {
          Sid      = "AcmeChallengeRecordsOnly"
          Effect   = "Allow"
          Action   = ["route53:ChangeResourceRecordSets"]
          Resource = [local.zone_arn]
          Condition = {
            "ForAllValues:StringEquals" = { "route53:ChangeResourceRecordSetsRecordTypes" = ["TXT"] }
            "ForAllValues:StringLike"   = { "route53:ChangeResourceRecordSetsNormalizedRecordNames" = ["_acme-challenge.*"] }
          }
        },
        {
          Sid      = "ListZoneRecords"
          Effect   = "Allow"
          Action   = ["route53:ListResourceRecordSets"]
          Resource = [local.zone_arn]
        },
        {
          Sid      = "FindZone"
          Effect   = "Allow"
          Action   = ["route53:ListHostedZonesByName"]
          Resource = ["*"] # no resource-level permissions
        },
      ]
    }
    # external-dns writes the Ingress hosts' records into this environment's zone only.
    external-dns = {
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "WriteOwnZone"
          Effect   = "Allow"
          Action   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"]
          Resource = [local.zone_arn]
        },
        {
          Sid      = "ListZones"
          Effect   = "Allow"
          Action   = ["route53:ListHostedZones"]
          Resource = ["*"] # no resource-level permissions
        },
      ]
    }
    # External Secrets reads this environment's secrets (nura/<env>/*) and nothing else; the secrets' KMS key
    # only through Secrets Manager.
    external-secrets = {
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ReadEnvironmentSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"]
          Resource = [for p in var.secret_arn_patterns : p]
        },
        {
          Sid      = "DecryptThroughSecretsManager"
          Effect   = "Allow"
          Action   = ["kms:Decrypt"]
          Resource = var.secrets_kms_key_arns
          Condition = {
            StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" }
          }
        },
      ]
    }
    # The ADOT collector sends traces to X-Ray (and reads the sampling rules).
    adot-collector = {
      Version = "2012-10-17"
      Statement = [{
        Sid    = "WriteTraces"
        Effect = "Allow"
        Action = [
          "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
          "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
        ]
        Resource = ["*"] # X-Ray's write and sampling calls support no resource-level permissions.
      }]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each             = local.roles
  name                 = "${var.name}-${each.key}"
  description          = "IRSA role of system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
  assume_role_policy   = local.trust[each.key]
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "this" {
  # checkov:skip=CKV_AWS_290:Describe/List/X-Ray calls without resource-level permissions are on "*"; every write is limited to this cluster's tagged ASGs, this environment's zone or secrets.
  # checkov:skip=CKV_AWS_355:Same: only the read-only discovery calls and X-Ray's writes, which support no resource ARNs, use "*".
  for_each = local.roles
  name     = each.key
  role     = aws_iam_role.this[each.key].id
  policy   = jsonencode(local.policies[each.key])
}
