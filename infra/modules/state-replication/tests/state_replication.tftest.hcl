# The state bucket's cross-region replica (tests/infra/run-all.sh tofu-test runs every module's tests/).
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { region = "eu-west-1" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::nura-prod-tofu-state-123456789012-eu-central-1" }
  }
}

variables {
  source_bucket      = "nura-prod-tofu-state-123456789012"
  source_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
  replica_region     = "eu-central-1"
}

run "every_state_version_is_replicated_encrypted_to_the_other_region" {
  command = apply
  assert {
    condition     = output.posture.replica_region == "eu-central-1" && output.posture.key_region == "eu-central-1" && output.posture.replica_version == "Enabled"
    error_message = "The replica bucket and its key live in the replica region; the replica is versioned."
  }
  assert {
    condition = (
      output.posture.rule_status == "Enabled" && output.posture.delete_markers == "Enabled"
      && output.posture.sse_kms_objects == "Enabled" && output.posture.replica_key == module.replica_key.arn
    )
    error_message = "Every object (SSE-KMS ones included) and delete marker is replicated, re-encrypted with the replica region's key."
  }
  assert {
    condition = output.posture.trust_policy.Statement == [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
    error_message = "Only S3, for this account's buckets, may assume the replication role."
  }
  assert {
    condition = alltrue([for s in output.posture.policy.Statement : s.Effect == "Allow" && !contains(s.Resource, "*") && alltrue([for a in s.Action :
      !contains(["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutBucketPolicy"], a)
    ])])
    error_message = "The replication role can only replicate: no wildcard resources, no deletes or writes outside replication."
  }
  assert {
    condition     = alltrue([for s in output.posture.policy.Statement : startswith(s.Action[0], "kms:") ? can(s.Condition.StringLike["kms:ViaService"]) : true])
    error_message = "The keys are usable only through S3."
  }
}
