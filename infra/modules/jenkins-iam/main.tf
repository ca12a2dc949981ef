# IRSA roles of the Jenkins agent pods (infra/jenkins/values.yaml podTemplates): each role trusts exactly one
# Kubernetes service account of the agents' namespace through the cluster's OIDC provider.
#   jenkins-tofu        nura-tofu pods, `tofu plan` (nura-infra-plan): read-only, plus the state lock file
#   jenkins-tofu-apply  nura-tofu-apply pods, `tofu apply` of an approved plan (nura-infra-apply)
#   jenkins-agent       nura-node pods, the application pipeline: push images to the ECR repositories
# The trust and the plan role's own policy are jsonencode()d (not policy-document data sources) so that
# tofu test can read them back and assert the exact sub/aud conditions.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.region
  roles = {
    plan  = { service_account = "jenkins-tofu", role = "${var.name}-jenkins-tofu-plan" }
    apply = { service_account = "jenkins-tofu-apply", role = "${var.name}-jenkins-tofu-apply" }
    agent = { service_account = "jenkins-agent", role = "${var.name}-jenkins-agent" }
  }
  trust = {
    for k, r in local.roles : k => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "ServiceAccount${title(k)}"
        Effect    = "Allow"
        Principal = { Federated = var.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${var.oidc_provider_url}:sub" = "system:serviceaccount:${var.namespace}:${r.service_account}"
            "${var.oidc_provider_url}:aud" = "sts.amazonaws.com"
          }
        }
      }]
    })
  }
}

resource "aws_iam_role" "this" {
  for_each             = local.roles
  name                 = each.value.role
  description          = "IRSA role of system:serviceaccount:${var.namespace}:${each.value.service_account}"
  assume_role_policy   = local.trust[each.key]
  max_session_duration = 3600
  tags                 = var.tags
}

# --- plan: read everything, write nothing but the state lock ------------------------------------------
resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.this["plan"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

locals {
  # The native S3 lock file (use_lockfile) and the state keys: a plan refreshes and locks the state, and
  # encrypts the plan file with the state key (OpenTofu state encryption), so it needs these and no more.
  plan_state_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StateLockFile"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = ["arn:${local.partition}:s3:::nura-*-tofu-state-${local.account}/environments/*/terraform.tfstate.tflock"]
      },
      {
        Sid      = "StateKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = ["arn:${local.partition}:kms:${local.region}:${local.account}:key/*"]
        Condition = {
          "ForAnyValue:StringLike" = { "kms:ResourceAliases" = ["alias/nura-*-tofu-state"] }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "tofu-state-lock"
  role   = aws_iam_role.this["plan"].name
  policy = local.plan_state_policy
}

# --- apply: what tofu manages here, including IAM roles ------------------------------------------------
resource "aws_iam_role_policy_attachment" "apply_admin" {
  # checkov:skip=CKV_AWS_274:tofu apply creates every resource type of infra/, IAM roles included; only the jenkins-tofu-apply service account may assume this role, and only nura-infra-apply runs on it, after the portal approved the plan's sha256.
  role       = aws_iam_role.this["apply"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AdministratorAccess"
}

# --- agent: push images to the account's repositories ----------------------------------------------------
data "aws_iam_policy_document" "agent" {
  statement {
    sid       = "EcrToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken has no resource-level permissions.
  }
  statement {
    sid = "PushImages"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
      "ecr:DescribeImages", "ecr:DescribeImageScanFindings",
    ]
    resources = var.ecr_repository_arns
  }
}

resource "aws_iam_role_policy" "agent" {
  name   = "ecr-push"
  role   = aws_iam_role.this["agent"].name
  policy = data.aws_iam_policy_document.agent.json
}
