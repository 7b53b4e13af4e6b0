"""Edge types: AWS::CloudFront::Distribution, AWS::CloudFront::OriginAccessControl and
AWS::CertificateManager::Certificate, stored in moto's CloudFront and ACM backends."""

from __future__ import annotations

import uuid
from typing import Any

from moto.acm.models import acm_backends
from moto.cloudfront.models import cloudfront_backends
from moto.utilities.utils import get_partition

from cfn_base import TypeSpec, tags_to_list

# Every CloudFront distribution answers in this hosted zone (alias targets use it).
CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2"


def _cloudfront(account_id: str, region_name: str) -> Any:
    # CloudFront is global: moto keys its backend by partition, not region.
    return cloudfront_backends[account_id][get_partition(region_name)]


def _api_list(items: Any, convert: Any = None) -> dict[str, Any]:
    """CloudFormation writes plain lists where the CloudFront API wants Quantity+Items."""
    values = [convert(i) if convert else i for i in (items or [])]
    return {"Quantity": len(values), "Items": values}


def _origin(origin: dict[str, Any]) -> dict[str, Any]:
    converted = dict(origin)
    if "S3OriginConfig" in origin:
        converted["S3OriginConfig"] = {
            "OriginAccessIdentity": origin["S3OriginConfig"].get("OriginAccessIdentity", "")
        }
    if "CustomOriginConfig" in origin:
        custom = dict(origin["CustomOriginConfig"])
        if "OriginSSLProtocols" in custom:
            custom["OriginSslProtocols"] = _api_list(custom.pop("OriginSSLProtocols"))
        converted["CustomOriginConfig"] = custom
    if "OriginCustomHeaders" in origin:
        converted["CustomHeaders"] = _api_list(origin["OriginCustomHeaders"])
    return converted


def _behaviour(behaviour: dict[str, Any]) -> dict[str, Any]:
    converted = dict(behaviour)
    if "AllowedMethods" in behaviour:
        converted["AllowedMethods"] = {
            "Items": behaviour["AllowedMethods"],
            "CachedMethods": {"Items": behaviour.get("CachedMethods", ["GET", "HEAD"])},
        }
    converted.pop("CachedMethods", None)
    return converted


def _distribution_config(props: dict[str, Any]) -> dict[str, Any]:
    cfn = dict(props.get("DistributionConfig") or {})
    config: dict[str, Any] = {
        key: value
        for key, value in cfn.items()
        if key in ("Comment", "Enabled", "PriceClass", "HttpVersion", "IsIPV6Enabled",
                   "DefaultRootObject", "WebACLId", "Logging", "ViewerCertificate")
    }
    config["CallerReference"] = str(uuid.uuid4())
    config["Comment"] = cfn.get("Comment", "")
    config["Origins"] = _api_list(cfn.get("Origins"), _origin)
    config["DefaultCacheBehavior"] = _behaviour(cfn.get("DefaultCacheBehavior") or {})
    if cfn.get("Aliases"):
        config["Aliases"] = {"Items": cfn["Aliases"]}
    if cfn.get("CacheBehaviors"):
        config["CacheBehaviors"] = _api_list(cfn["CacheBehaviors"], _behaviour)
    if cfn.get("Restrictions", {}).get("GeoRestriction"):
        geo = cfn["Restrictions"]["GeoRestriction"]
        config["Restrictions"] = {
            "GeoRestriction": {"RestrictionType": geo.get("RestrictionType", "none"),
                               "Items": geo.get("Locations", [])}
        }
    return config


def create_distribution(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    backend = _cloudfront(account_id, region_name)
    dist, _, _ = backend.create_distribution(_distribution_config(props), tags_to_list(props.get("Tags")))
    # CloudFormation waits for Deployed; moto's state machine would start InProgress.
    dist.status = "Deployed"
    return dist.distribution_id, {"DomainName": dist.domain_name, "Id": dist.distribution_id}


def delete_distribution(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    _cloudfront(account_id, region_name).distributions.pop(physical_id, None)


def create_oac(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    config = dict(props.get("OriginAccessControlConfig") or {})
    config.setdefault("Name", name)
    control = _cloudfront(account_id, region_name).create_origin_access_control(config)
    return control.id, {"Id": control.id}


def delete_oac(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    _cloudfront(account_id, region_name).origin_access_controls.pop(physical_id, None)


def create_certificate(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    backend = acm_backends[account_id][region_name]
    arn = backend.request_certificate(
        domain_name=props["DomainName"],
        idempotency_token=None,
        subject_alt_names=props.get("SubjectAlternativeNames") or [],
        tags=tags_to_list(props.get("Tags")),
        cert_authority_arn=props.get("CertificateAuthorityArn"),
    )
    # CloudFormation completes a DNS-validated certificate only once it is ISSUED.
    backend.get_certificate(arn).status = "ISSUED"
    return arn, {"Arn": arn}


def delete_certificate(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = acm_backends[account_id][region_name]
    if physical_id in backend._certificates:
        backend.delete_certificate(physical_id)


SPECS = [
    TypeSpec("AWS::CloudFront::Distribution", "cloudfront", create_distribution, delete_distribution,
             attributes=("DomainName", "Id")),
    TypeSpec("AWS::CloudFront::OriginAccessControl", "cloudfront", create_oac, delete_oac,
             attributes=("Id",)),
    TypeSpec("AWS::CertificateManager::Certificate", "acm", create_certificate, delete_certificate,
             attributes=("Arn",)),
]
