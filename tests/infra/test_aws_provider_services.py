"""scripts/toolchain/aws-provider-services.py: which AWS services the trimmed provider registers, and how
its two generated files are filtered. The end-to-end proof is `tofu validate` of every root (a type whose
service is missing fails there); these tests pin the pieces on small inputs shaped like the provider's."""

import importlib.util
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("aws_provider_services", ROOT / "scripts/toolchain/aws-provider-services.py")
svc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(svc)

REGISTRY = textwrap.dedent("""\
    package sdkv2

    import (
    \t"context"
    \t"slices"

    \t"github.com/hashicorp/terraform-provider-aws/internal/conns"
    \t"github.com/hashicorp/terraform-provider-aws/internal/service/ec2"
    \t"github.com/hashicorp/terraform-provider-aws/internal/service/glue"
    \t"github.com/hashicorp/terraform-provider-aws/internal/service/s3"
    )

    func servicePackages(ctx context.Context) []conns.ServicePackage {
    \tv := []conns.ServicePackage{
    \t\tec2.ServicePackage(ctx),
    \t\tglue.ServicePackage(ctx),
    \t\ts3.ServicePackage(ctx),
    \t}

    \treturn slices.Clone(v)
    }
""")

CLIENTS = textwrap.dedent("""\
    package conns

    import (
    \t"context"

    \t"github.com/aws/aws-sdk-go-v2/service/ec2"
    \t"github.com/aws/aws-sdk-go-v2/service/glue"
    \t"github.com/aws/aws-sdk-go-v2/service/s3control"
    \t"github.com/hashicorp/terraform-provider-aws/internal/errs"
    )

    func (c *AWSClient) EC2Client(ctx context.Context) *ec2.Client {
    \treturn errs.Must(client[*ec2.Client](ctx, c, names.EC2, make(map[string]any)))
    }

    func (c *AWSClient) GlueClient(ctx context.Context) *glue.Client {
    \treturn errs.Must(client[*glue.Client](ctx, c, names.Glue, make(map[string]any)))
    }

    func (c *AWSClient) S3ControlClient(ctx context.Context) *s3control.Client {
    \treturn errs.Must(client[*s3control.Client](ctx, c, names.S3Control, make(map[string]any)))
    }
""")


def test_infra_types_reads_resources_data_sources_and_test_mocks(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_vpc" "x" {}\ndata "aws_region" "r" {}\n# resource "aws_commented" "no" {}\n')
    (tmp_path / "t.tftest.hcl").write_text('mock_provider "aws" {\n  mock_resource "aws_eks_cluster" {}\n  mock_data "aws_partition" {}\n}\n')
    (tmp_path / ".terraform").mkdir()
    (tmp_path / ".terraform" / "m.tf").write_text('resource "aws_ignored_cache" "x" {}\n')
    assert svc.infra_types(tmp_path) == ["aws_eks_cluster", "aws_partition", "aws_region", "aws_vpc"]


def test_this_trees_types_include_what_the_roots_use():
    types = svc.infra_types()
    for t in ("aws_eks_cluster", "aws_db_instance", "aws_s3_bucket", "aws_caller_identity", "aws_iam_policy_document"):
        assert t in types


def _provider(tmp_path, packages):
    for pkg, types in packages.items():
        d = tmp_path / "internal/service" / pkg
        d.mkdir(parents=True)
        (d / "service_package_gen.go").write_text("".join(f'\t\t\tTypeName: "{t}",\n' for t in types))
    return tmp_path


def test_services_are_the_packages_that_register_the_types(tmp_path):
    src = _provider(tmp_path, {"ec2": ["aws_vpc", "aws_subnet"], "meta": ["aws_region"], "glue": ["aws_glue_job"]})
    assert svc.services_for(["aws_region", "aws_subnet", "aws_vpc"], src) == ["ec2", "meta"]


def test_a_type_no_package_defines_is_an_error_not_a_silent_drop(tmp_path):
    src = _provider(tmp_path, {"ec2": ["aws_vpc"]})
    with pytest.raises(SystemExit, match="aws_made_up"):
        svc.services_for(["aws_vpc", "aws_made_up"], src)


def test_trimmed_registry_keeps_only_the_named_packages_imports_and_calls():
    out = svc.trimmed_registry(REGISTRY, ["ec2", "s3"])
    assert "glue" not in out
    assert "ec2.ServicePackage(ctx)" in out and "s3.ServicePackage(ctx)" in out
    assert '"github.com/hashicorp/terraform-provider-aws/internal/conns"' in out
    assert "return slices.Clone(v)" in out


def test_trimmed_registry_refuses_a_service_the_registry_lacks():
    with pytest.raises(SystemExit, match="route53"):
        svc.trimmed_registry(REGISTRY, ["ec2", "route53"])


def test_trimmed_clients_keeps_used_accessors_and_their_sdk_imports_only():
    out = svc.trimmed_clients(CLIENTS, {"EC2Client", "S3ControlClient"})
    assert "GlueClient" not in out and "service/glue" not in out
    assert "func (c *AWSClient) EC2Client" in out and '"github.com/aws/aws-sdk-go-v2/service/ec2"' in out
    assert "func (c *AWSClient) S3ControlClient" in out and "service/s3control" in out
    assert '"github.com/hashicorp/terraform-provider-aws/internal/errs"' in out


def test_accessors_called_counts_method_values_and_skips_tests_and_the_generated_file(tmp_path):
    (tmp_path / "a.go").write_text("x := meta.(*conns.AWSClient).EC2Client(ctx)\nf(c.S3ControlClient)\n")
    (tmp_path / "a_test.go").write_text("c.GlueClient(ctx)\n")
    (tmp_path / "awsclient_gen.go").write_text(CLIENTS)
    used = svc.accessors_called([tmp_path], {"EC2Client", "GlueClient", "S3ControlClient"})
    assert used == {"EC2Client", "S3ControlClient"}


def test_client_services_maps_each_accessor_to_the_package_that_registers_its_service(tmp_path):
    for pkg, const in {"ec2": "EC2", "s3control": "S3Control", "glue": "Glue"}.items():
        d = tmp_path / "internal/service" / pkg
        d.mkdir(parents=True)
        (d / "service_package_gen.go").write_text(
            f"func (p *servicePackage) ServicePackageName() string {{\n\treturn names.{const}\n}}\n"
        )
    # The accessors create their client through that registration, so a called accessor's package must be
    # registered too (the trim adds them until nothing new is called).
    assert svc.client_services(CLIENTS, tmp_path) == {"EC2Client": "ec2", "GlueClient": "glue", "S3ControlClient": "s3control"}


def test_module_dirs_follows_the_providers_own_imports_only(tmp_path):
    m = "github.com/hashicorp/terraform-provider-aws"
    files = {
        "main.go": f'package main\n\nimport (\n\t"fmt"\n\t"{m}/internal/a"\n)\n',
        "internal/a/a.go": f'package a\n\nimport "{m}/internal/b"\n',
        "internal/a/a_test.go": f'package a\n\nimport "{m}/internal/testonly"\n',
        "internal/a/gen.go": f'//go:build generate\n\npackage a\n\nimport "{m}/internal/generator"\n',
        "internal/b/b.go": 'package b\n\nimport (\n\tsdk "github.com/aws/aws-sdk-go-v2/service/ec2"\n)\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    for extra in ("internal/testonly", "internal/generator"):
        (tmp_path / extra).mkdir(parents=True)
    dirs = {str(d.relative_to(tmp_path)) for d in svc.module_dirs(tmp_path)}
    assert dirs == {".", "internal/a", "internal/b"}


def test_replace_file_never_writes_through_a_hard_link(tmp_path):
    original = tmp_path / "cache.go"
    original.write_text("upstream")
    copy = tmp_path / "copy.go"
    copy.hardlink_to(original)
    svc.replace_file(copy, "trimmed")
    assert original.read_text() == "upstream" and copy.read_text() == "trimmed"


TOFU = ROOT / ".toolchain" / "bin" / "tofu"
TOFU_RC = ROOT / ".toolchain" / "tofu.rc"


@pytest.mark.skipif(not (TOFU.exists() and TOFU_RC.exists()), reason="needs `make toolchain` (tofu + provider mirror)")
def test_validate_refuses_a_type_of_a_service_the_trimmed_provider_leaves_out(tmp_path):
    """The premise of the trim: `tofu validate` fails on a type whose service is not registered, so the
    validate stage of every root proves the list complete. aws_glue_job is real hashicorp/aws, not in infra/."""
    import os
    import subprocess

    assert "aws_glue_job" not in svc.infra_types()
    linked = [p.resolve() for p in (ROOT / ".toolchain/providers").rglob("terraform-provider-aws_*")]
    if not any("-services-" in str(p) for p in linked):
        pytest.skip("the full provider is linked (NURA_AWS_PROVIDER=full): every type is registered there")
    (tmp_path / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
        'resource "aws_glue_job" "x" {\n  name     = "x"\n  role_arn = "arn:aws:iam::123456789012:role/x"\n'
        '  command {\n    script_location = "s3://b/k"\n  }\n}\n'
        'resource "aws_vpc" "ok" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    )
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(TOFU_RC), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    subprocess.run([str(TOFU), f"-chdir={tmp_path}", "init", "-backend=false", "-input=false"], env=env, check=True,
                   capture_output=True)
    out = subprocess.run([str(TOFU), f"-chdir={tmp_path}", "validate", "-no-color"], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert 'does not support resource type "aws_glue_job"' in out.stdout + out.stderr
    assert "aws_vpc" not in out.stdout + out.stderr
