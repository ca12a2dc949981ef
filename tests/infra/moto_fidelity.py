"""moto's server with the few fixes the dev environment's round trip needs.

Usage: <moto venv>/bin/python tests/infra/moto_fidelity.py -H 127.0.0.1 -p 5055   (moto_server's flags)

tests/infra/e2e-moto.sh applies infra/environments/dev to moto, then expects a second plan to show no
changes. moto 5.2.5 accepts every call the AWS provider makes but forgets or invents a few attributes,
so the second plan would "fix" them (and replace the EKS cluster and the Redis group). Each patch below
makes moto answer as AWS documents, for one API, and says which plan drift it removes. Nothing here
changes what our configuration sends; a patch only stores what moto was given, or stops inventing.
Once moto answers the same way upstream, delete the patch: the e2e shows whether it is still needed.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

PATCHES: list[Callable[[], None]] = []


def patch(fn: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append(fn)
    return fn


def after(cls: type, method: str, extra: Callable[[Any, Any], None]) -> None:
    """Wrap cls.method so extra(response_handler, result) runs after it with the handler's request."""
    original = getattr(cls, method)

    @functools.wraps(original)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        extra(self, result)
        return result

    setattr(cls, method, wrapper)


@patch
def eks_cluster_access_config() -> None:
    """DescribeCluster returns accessConfig.authenticationMode (API, API_AND_CONFIG_MAP, CONFIG_MAP).

    moto drops CreateCluster's accessConfig, so the provider reads no access_config and plans to
    replace the cluster (bootstrap_cluster_creator_admin_permissions forces replacement), which
    cascades to the OIDC provider, the IRSA roles and the launch templates.
    """
    from moto.eks.responses import EKSResponse

    def store(handler: Any, result: Any) -> None:
        requested = handler._get_param("accessConfig") or {}
        cluster = handler.eks_backend.clusters[handler._get_param("name")]
        cluster.access_config = {"authenticationMode": requested.get("authenticationMode", "CONFIG_MAP")}

    after(EKSResponse, "create_cluster", store)


@patch
def eks_nodegroup_no_invented_ssh_key() -> None:
    """A node group created without remoteAccess has none (DescribeNodegroup omits it).

    moto answers remoteAccess.ec2SshKey = "eksKeypair" for every node group, and remote_access forces
    replacement, so each plan would replace both node groups.
    """
    import moto.eks.models as eks_models

    eks_models.DEFAULT_REMOTE_ACCESS = None


@patch
def eks_nodegroup_update_config() -> None:
    """DescribeNodegroup returns the updateConfig (maxUnavailable) given to CreateNodegroup.

    moto keeps updateConfig only from UpdateNodegroupConfig, so every plan would set it again.
    """
    from moto.eks.responses import EKSResponse

    def store(handler: Any, result: Any) -> None:
        requested = handler._get_param("updateConfig")
        if requested:
            cluster = handler.eks_backend.clusters[handler._get_param("name")]
            cluster.nodegroups[handler._get_param("nodegroupName")].update_config = requested

    after(EKSResponse, "create_nodegroup", store)


@patch
def ec2_launch_template_own_tags_stay_on_the_template() -> None:
    """CreateLaunchTemplate's TagSpecifications (resource type launch-template) tag the template itself.

    moto also copies them into the version's LaunchTemplateData.TagSpecifications, where the provider
    reads a tag_specifications block nobody configured and plans to remove it on every run.
    """
    from moto.ec2.responses.launch_templates import LaunchTemplates

    def drop_from_data(handler: Any, result: Any) -> None:
        template = handler.ec2_backend.get_launch_template_by_name(handler._get_param("LaunchTemplateName"))
        for version in template.versions:
            specs = version.data.get("TagSpecifications")
            if specs:
                version.data["TagSpecifications"] = [s for s in specs if s.get("ResourceType") != "launch-template"]

    after(LaunchTemplates, "create_launch_template", drop_from_data)


@patch
def ec2_referenced_group_rule_description() -> None:
    """DescribeSecurityGroupRules returns the Description of rules that reference a security group.

    moto keeps that description with the referenced group and answers only a CIDR rule's, so every
    aws_vpc_security_group_{ingress,egress}_rule with referenced_security_group_id would drift.
    """
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(  # type: ignore[assignment]
        lambda rule: rule.ip_range.get("Description") or rule.source_group.get("Description")
    )


@patch
def s3_create_bucket_tags() -> None:
    """CreateBucket tags the bucket with CreateBucketConfiguration.Tags (read back through S3 Control).

    moto ignores them, so the bootstrap's state bucket shows a tags_all update after its first apply.
    """
    import xmltodict
    from moto.s3.responses import S3Response

    original = S3Response._bucket_response_put

    def bucket_response_put(self: Any, request: Any, bucket_name: str, querystring: Any) -> Any:
        result = original(self, request, bucket_name, querystring)
        if not querystring and self.body:
            config = xmltodict.parse(self.body).get("CreateBucketConfiguration") or {}
            tags = (config.get("Tags") or {}).get("Tag") or []
            tags = tags if isinstance(tags, list) else [tags]
            if tags:
                bucket = self.backend.get_bucket(bucket_name)
                self.backend.tagger.tag_resource(bucket.arn, [{"Key": t["Key"], "Value": t.get("Value") or ""} for t in tags])
        return result

    S3Response._bucket_response_put = bucket_response_put  # type: ignore[method-assign]


@patch
def elasticache_replication_group_members() -> None:
    """A replication group's member clusters exist (DescribeCacheClusters) and leave with the group.

    moto names members (<group>-001, …) without creating them; the provider reads the first member for
    the subnet group, security groups, maintenance window, encryption flags and engine version, so its
    read fails (CacheClusterNotFound). moto also keeps a deleted group forever in "deleting", where the
    provider's destroy would wait until its timeout; AWS removes it.
    """
    from moto.elasticache.responses import ElastiCacheResponse

    def create_members(handler: Any, result: Any) -> None:
        backend = handler.elasticache_backend
        group = backend.replication_groups[handler._get_param("ReplicationGroupId")]
        for cluster_id in group.member_clusters:
            member = backend.create_cache_cluster(
                cache_cluster_id=cluster_id,
                replication_group_id=group.replication_group_id,
                az_mode=None,
                preferred_availability_zone=None,
                num_cache_nodes=1,
                cache_node_type=group.cache_node_type,
                engine=group.engine,
                engine_version=group.engine_version,
                cache_parameter_group_name=group.cache_parameter_group_name,
                cache_subnet_group_name=group.cache_subnet_group_name,
                transit_encryption_enabled=group.transit_encryption_enabled,
                network_type=group.network_type,
                ip_discovery=group.ip_discovery,
                snapshot_name=None,
                preferred_maintenance_window=group.preferred_maintenance_window,
                port=group.port,
                notification_topic_arn=group.notification_topic_arn,
                auto_minor_version_upgrade=handler._get_bool_param("AutoMinorVersionUpgrade"),
                snapshot_retention_limit=group.snapshot_retention_limit,
                snapshot_window=group.snapshot_window,
                auth_token=handler._get_param("AuthToken"),
                outpost_mode=None,
                preferred_outpost_arn=None,
                preferred_availability_zones=None,
                cache_security_group_names=None,
                security_group_ids=group.security_group_ids,
                tags=None,
                snapshot_arns=None,
                preferred_outpost_arns=None,
                log_delivery_configurations=None,
                cache_node_ids_to_remove=None,
                cache_node_ids_to_reboot=None,
            )
            # Not CreateCacheCluster parameters, but a member reports its group's setting.
            member.at_rest_encryption_enabled = group.at_rest_encryption_enabled
            member.transit_encryption_mode = group.transit_encryption_mode
            member.security_groups = [
                {"SecurityGroupId": sg, "Status": "active"} for sg in group.security_group_ids or []
            ]

    def remove(handler: Any, result: Any) -> None:
        backend = handler.elasticache_backend
        group = backend.replication_groups.pop(handler._get_param("ReplicationGroupId"))
        for cluster_id in [*group.member_clusters, group.primary_cluster_id]:
            backend.cache_clusters.pop(cluster_id, None)

    after(ElastiCacheResponse, "create_replication_group", create_members)
    after(ElastiCacheResponse, "delete_replication_group", remove)


@patch
def elasticache_delete_cache_subnet_group() -> None:
    """DeleteCacheSubnetGroup removes the group (CacheSubnetGroupNotFound when there is none).

    moto does not implement it, so the provider's destroy retries until its five-minute timeout.
    """
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound
    from moto.elasticache.responses import ElastiCacheResponse

    def delete_cache_subnet_group(handler: Any) -> EmptyResult:
        name = handler._get_param("CacheSubnetGroupName")
        if handler.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
            raise CacheSubnetGroupNotFound(name)
        return EmptyResult()

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group  # type: ignore[attr-defined]


@patch
def rds_performance_insights() -> None:
    """DescribeDBInstances returns PerformanceInsightsEnabled, its KMS key and retention period.

    moto ignores all three, so every plan would turn Performance Insights on again.
    """
    from moto.rds.responses import RDSResponse

    def store(handler: Any, result: Any) -> None:
        params = handler.params  # moto parses RDS requests into snake_case keys
        if params.get("enable_performance_insights") is None:
            return
        instance = result.result["DBInstance"]
        enabled = bool(params["enable_performance_insights"])
        instance.performance_insights_enabled = enabled
        instance.performance_insights_kms_key_id = params.get("performance_insights_kms_key_id") if enabled else None
        instance.performance_insights_retention_period = (
            int(params.get("performance_insights_retention_period") or 7) if enabled else None
        )

    after(RDSResponse, "create_db_instance", store)
    after(RDSResponse, "modify_db_instance", store)


@patch
def rds_user_parameters_have_source() -> None:
    """DescribeDBParameters marks parameters set through the API with Source = "user".

    moto stores them without a Source, and the provider keeps only "user" parameters (or system ones
    named in the configuration), so every plan would set all of them again.
    """
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    def update_parameters(self: Any, new_parameters: Any) -> None:
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]]["Source"] = "user"

    DBParameterGroup.update_parameters = update_parameters  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    for apply_patch in PATCHES:
        apply_patch()
    from moto.server import main as moto_server

    moto_server(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
