"""Aurora in CloudFormation: AWS::RDS::DBCluster, an Aurora-aware AWS::RDS::DBInstance and
AWS::RDS::DBClusterParameterGroup, all stored in moto's own RDS backend so the API
(DescribeDBClusters, DescribeDBInstances) sees what the stack created."""

from __future__ import annotations

from typing import Any

from moto.rds.models import DBCluster, DBInstance, rds_backends

from cfn_base import TypeSpec, as_bool, tags_to_list


def _backend(account_id: str, region_name: str) -> Any:
    return rds_backends[account_id][region_name]


def _identifier(resource_name: str) -> str:
    # RDS identifiers are lower case; CloudFormation's generated names are not.
    return resource_name.lower().replace("_", "-")


def _name_of(value: Any) -> Any:
    # Ref to moto's AWS::RDS::DBSubnetGroup yields the model object itself: it has no
    # physical_resource_id (so DescribeStackResources shows no PhysicalResourceId either).
    return getattr(value, "name", value)


def _cluster_attrs(cluster: Any) -> dict[str, Any]:
    port = str(cluster.port)
    secret = getattr(cluster, "master_user_secret", None)
    return {
        # ManageMasterUserPassword: true makes RDS keep the password in Secrets Manager.
        **({"MasterUserSecret.SecretArn": secret.secret.arn} if secret else {}),
        "Endpoint.Address": cluster.endpoint,
        "Endpoint.Port": port,
        "ReadEndpoint.Address": cluster.reader_endpoint,
        "Arn": cluster.db_cluster_arn,
        "DBClusterArn": cluster.db_cluster_arn,
        "DBClusterResourceId": cluster.db_cluster_resource_id,
    }


def _snapshot_cluster_config(snapshot_id: str, account_id: str, region_name: str) -> dict[str, Any]:
    # A DR template restores from a snapshot copied into its region; accept ARNs too.
    region = snapshot_id.split(":")[3] if snapshot_id.startswith("arn:") else region_name
    name = snapshot_id.split(":")[-1]
    snapshot = _backend(account_id, region).describe_db_cluster_snapshots(
        db_cluster_identifier=None, db_snapshot_identifier=name
    )[0]
    return dict(snapshot.cluster.get_cfg())


def create_cluster(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    kwargs: dict[str, Any] = {}
    if props.get("SnapshotIdentifier"):
        kwargs = _snapshot_cluster_config(props["SnapshotIdentifier"], account_id, region_name)
    overrides = {
        "db_cluster_identifier": _identifier(name),
        "engine": props.get("Engine"),
        "engine_version": props.get("EngineVersion"),
        "engine_mode": props.get("EngineMode"),
        "master_username": props.get("MasterUsername"),
        "master_user_password": props.get("MasterUserPassword"),
        "manage_master_user_password": as_bool(props.get("ManageMasterUserPassword")),
        "database_name": props.get("DatabaseName"),
        "db_cluster_parameter_group_name": props.get("DBClusterParameterGroupName"),
        "db_subnet_group_name": _name_of(props.get("DBSubnetGroupName")),
        "vpc_security_group_ids": props.get("VpcSecurityGroupIds"),
        "port": int(props["Port"]) if props.get("Port") else None,
        "storage_encrypted": as_bool(props.get("StorageEncrypted")),
        "kms_key_id": props.get("KmsKeyId"),
        "backup_retention_period": int(props.get("BackupRetentionPeriod", 1)),
        "deletion_protection": as_bool(props.get("DeletionProtection")),
        "global_cluster_identifier": props.get("GlobalClusterIdentifier"),
        "availability_zones": props.get("AvailabilityZones"),
        "enable_cloudwatch_logs_exports": props.get("EnableCloudwatchLogsExports"),
        "copy_tags_to_snapshot": as_bool(props.get("CopyTagsToSnapshot")),
        "tags": tags_to_list(props.get("Tags")),
    }
    kwargs.update({k: v for k, v in overrides.items() if v is not None})
    if props.get("SnapshotIdentifier") and not props.get("EngineVersion"):
        # RestoreDBClusterFromSnapshot without EngineVersion: "the default version for the
        # database engine in the AWS Region is used", not the snapshot's (moto keeps the
        # snapshot's). moto's default for the engine stands in for the Region's.
        kwargs["engine_version"] = DBCluster.default_engine_version(kwargs.get("engine") or "aurora-mysql")
    kwargs.pop("snapshot_identifier", None)
    if kwargs.get("master_user_password") is None and kwargs.get("manage_master_user_password"):
        kwargs.pop("master_user_password", None)
    cluster = _backend(account_id, region_name).create_db_cluster(kwargs)
    # CloudFormation reports CREATE_COMPLETE only once the cluster is available.
    cluster.status = "available"
    return cluster.db_cluster_identifier, _cluster_attrs(cluster)


def delete_cluster(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = _backend(account_id, region_name)
    if physical_id in backend.clusters:
        backend.clusters[physical_id].deletion_protection = False
        backend.delete_db_cluster(physical_id)


def create_instance(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    cluster_id = props.get("DBClusterIdentifier")
    if not cluster_id:
        # Not Aurora: moto's own model handles a standalone instance.
        return DBInstance.create_from_cloudformation_json(
            name, {"Properties": props}, account_id, region_name
        )
    backend = _backend(account_id, region_name)
    cluster = backend.clusters[cluster_id.lower()]
    # moto's model passes storage/backup settings that a clustered instance rejects
    # (its setters raise NotImplementedError: HTTP 500), so pass only what Aurora takes.
    kwargs = {
        "db_instance_identifier": _identifier(props.get("DBInstanceIdentifier") or name),
        "db_cluster_identifier": cluster.db_cluster_identifier,
        "db_instance_class": props.get("DBInstanceClass", "db.r6g.large"),
        "engine": props.get("Engine", cluster.engine),
        "availability_zone": props.get("AvailabilityZone"),
        "db_subnet_group_name": _name_of(props.get("DBSubnetGroupName")),
        "db_parameter_group_name": props.get("DBParameterGroupName"),
        "publicly_accessible": as_bool(props.get("PubliclyAccessible")),
        "promotion_tier": int(props.get("PromotionTier", 1)),
        "tags": tags_to_list(props.get("Tags")),
    }
    instance = backend.create_db_instance({k: v for k, v in kwargs.items() if v is not None})
    return instance.db_instance_identifier, {
        "Endpoint.Address": instance.address,
        "Endpoint.Port": str(instance.port),
        "DBInstanceArn": instance.db_instance_arn,
    }


def delete_instance(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = _backend(account_id, region_name)
    if physical_id in backend.databases:
        backend.delete_db_instance(physical_id)


def create_cluster_parameter_group(
    name: str, props: dict[str, Any], account_id: str, region_name: str
) -> Any:
    group_name = _identifier(props.get("DBClusterParameterGroupName") or name)
    backend = _backend(account_id, region_name)
    group = backend.create_db_cluster_parameter_group(
        db_cluster_parameter_group_name=group_name,
        db_parameter_group_family=props.get("Family"),
        description=props.get("Description"),
        tags=tags_to_list(props.get("Tags")),
    )
    params = [{"ParameterName": k, "ParameterValue": str(v)} for k, v in (props.get("Parameters") or {}).items()]
    group.update_cluster_parameters(params)
    return group.name, {}


def delete_cluster_parameter_group(
    physical_id: str, props: dict[str, Any], account_id: str, region_name: str
) -> None:
    _backend(account_id, region_name).db_cluster_parameter_groups.pop(physical_id, None)


SPECS = [
    TypeSpec(
        "AWS::RDS::DBCluster", "rds", create_cluster, delete_cluster,
        attributes=("Endpoint.Address", "Endpoint.Port", "ReadEndpoint.Address", "Arn",
                    "DBClusterArn", "DBClusterResourceId", "MasterUserSecret.SecretArn"),
        name_property="DBClusterIdentifier", keep_on_update=True,
    ),
    TypeSpec(
        "AWS::RDS::DBInstance", "rds", create_instance, delete_instance,
        attributes=("Endpoint.Address", "Endpoint.Port", "DBInstanceArn"),
        name_property="DBInstanceIdentifier", keep_on_update=True,
        extra={"override": True},
    ),
    TypeSpec(
        "AWS::RDS::DBClusterParameterGroup", "rds", create_cluster_parameter_group,
        delete_cluster_parameter_group, name_property="DBClusterParameterGroupName",
    ),
]
