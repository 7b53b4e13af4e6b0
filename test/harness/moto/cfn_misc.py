"""AWS::SecretsManager::Secret, AWS::S3::BucketPolicy,
AWS::ElasticLoadBalancingV2::ListenerCertificate, AWS::WAFv2::WebACLAssociation and
AWS::CodeBuild::Project on moto's own backends."""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from moto.codebuild.models import codebuild_backends
from moto.elbv2.models import elbv2_backends
from moto.s3.models import s3_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.utilities.utils import get_partition
from moto.wafv2.models import wafv2_backends

from cfn_base import TypeSpec, tags_to_list


def _generated_secret(spec: dict[str, Any]) -> str:
    length = int(spec.get("PasswordLength", 32))
    excluded = set(spec.get("ExcludeCharacters", ""))
    alphabet = [c for c in string.ascii_letters + string.digits if c not in excluded]
    password = "".join(secrets.choice(alphabet) for _ in range(length))
    template = spec.get("SecretStringTemplate")
    if template and spec.get("GenerateStringKey"):
        document = json.loads(template)
        document[spec["GenerateStringKey"]] = password
        return json.dumps(document)
    return password


def create_secret(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    secret_string = props.get("SecretString")
    if secret_string is None and props.get("GenerateSecretString") is not None:
        secret_string = _generated_secret(props["GenerateSecretString"])
    short = json.loads(
        secretsmanager_backends[account_id][region_name].create_secret(
            name=props.get("Name") or name,
            secret_string=secret_string,
            secret_binary=None,
            description=props.get("Description"),
            tags=tags_to_list(props.get("Tags")),
            kms_key_id=props.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=props.get("ReplicaRegions") or [],
            force_overwrite=False,
        )
    )
    # Ref of a secret is its ARN.
    return short["ARN"], {"Id": short["ARN"]}


def delete_secret(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    try:
        secretsmanager_backends[account_id][region_name].delete_secret(physical_id, None, True)
    except Exception:  # noqa: BLE001 - already gone is fine for a stack delete
        pass


def create_bucket_policy(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    bucket = props["Bucket"]
    document = props["PolicyDocument"]
    policy = document if isinstance(document, str) else json.dumps(document)
    s3_backends[account_id][get_partition(region_name)].put_bucket_policy(bucket, policy.encode())
    return bucket, {}


def delete_bucket_policy(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = s3_backends[account_id][get_partition(region_name)]
    if physical_id in backend.buckets:
        backend.delete_bucket_policy(physical_id)


def create_listener_certificate(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    listener_arn = props["ListenerArn"]
    certificates = [{"CertificateArn": c["CertificateArn"]} for c in props.get("Certificates") or []]
    elbv2_backends[account_id][region_name].add_listener_certificates(listener_arn, certificates)
    return f"{listener_arn}|{','.join(c['CertificateArn'] for c in certificates)}", {}


def delete_listener_certificate(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    listener_arn, arns = physical_id.split("|", 1)
    certificates = [{"CertificateArn": arn} for arn in arns.split(",") if arn]
    try:
        elbv2_backends[account_id][region_name].remove_listener_certificates(listener_arn, certificates)
    except Exception:  # noqa: BLE001 - the listener may already be gone with its stack
        pass


def create_web_acl_association(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    # moto's AssociateWebACL: an unknown web ACL fails (WAFNonexistentItemException), as in AWS.
    resource_arn, acl_arn = props["ResourceArn"], props["WebACLArn"]
    wafv2_backends[account_id][region_name].associate_web_acl(acl_arn, resource_arn)
    return f"{resource_arn}|{acl_arn}", {}


def delete_web_acl_association(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    try:
        wafv2_backends[account_id][region_name].disassociate_web_acl(physical_id.split("|", 1)[0])
    except Exception:  # noqa: BLE001 - the web ACL may already be gone
        pass


def _api_shape(value: Any) -> Any:
    """CloudFormation's PascalCase properties as CodeBuild's API takes them (camelCase)."""
    if isinstance(value, list):
        return [_api_shape(v) for v in value]
    if not isinstance(value, dict):
        return value
    # The one key whose API spelling is not the camelCase of its CloudFormation one.
    renamed = {"BuildSpec": "buildspec"}
    return {renamed.get(k, k[:1].lower() + k[1:]): _api_shape(v) for k, v in value.items()}


def create_codebuild_project(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    project_name = props.get("Name") or name
    api = _api_shape(props)
    project = codebuild_backends[account_id][region_name].create_project(
        project_name=project_name,
        description=props.get("Description"),
        project_source=api["source"],
        artifacts=api["artifacts"],
        environment=api["environment"],
        service_role=props["ServiceRole"],
        tags=api.get("tags"),
        cache=api.get("cache"),
        timeout=int(props["TimeoutInMinutes"]) if "TimeoutInMinutes" in props else None,
        queued_timeout=int(props["QueuedTimeoutInMinutes"]) if "QueuedTimeoutInMinutes" in props else None,
        source_version=props.get("SourceVersion"),
        logs_config=api.get("logsConfig"),
        vpc_config=api.get("vpcConfig"),
    )
    # Ref of a project is its name; GetAtt Arn its ARN.
    return project_name, {"Arn": project["arn"]}


def delete_codebuild_project(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    codebuild_backends[account_id][region_name].codebuild_projects.pop(physical_id, None)


SPECS = [
    TypeSpec("AWS::SecretsManager::Secret", "secretsmanager", create_secret, delete_secret,
             attributes=("Id",), name_property="Name"),
    TypeSpec("AWS::S3::BucketPolicy", "s3", create_bucket_policy, delete_bucket_policy),
    TypeSpec("AWS::ElasticLoadBalancingV2::ListenerCertificate", "elbv2",
             create_listener_certificate, delete_listener_certificate),
    TypeSpec("AWS::WAFv2::WebACLAssociation", "wafv2", create_web_acl_association, delete_web_acl_association),
    TypeSpec("AWS::CodeBuild::Project", "codebuild", create_codebuild_project, delete_codebuild_project,
             attributes=("Arn",), name_property="Name"),
]

