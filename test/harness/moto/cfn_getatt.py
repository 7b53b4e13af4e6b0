"""CloudFormation splits `!GetAtt A.B.C` at the first dot only: resource A, attribute
"B.C". moto splits at every dot and hands the model "B", so `Endpoint.Address` and
`Endpoint.Port` became indistinguishable. These patches restore CloudFormation's rule
for the YAML short form, for `Fn::GetAtt` lists with more than two items, and for
`${A.B.C}` inside `Fn::Sub` (which moto turns into such a list)."""

from __future__ import annotations

from typing import Any

import yaml
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation import utils as cfn_utils

_original_clean_json = parsing.clean_json
_original_constructor = cfn_utils.yaml_tag_constructor


def _normalise(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 2 and all(isinstance(v, str) for v in value):
        return [value[0], ".".join(value[1:])]
    if isinstance(value, str) and "." in value:
        head, tail = value.split(".", 1)
        return [head, tail]
    return value


def _clean_json(resource_json: Any, resources_map: Any) -> Any:
    if isinstance(resource_json, dict) and "Fn::GetAtt" in resource_json:
        resource_json = {**resource_json, "Fn::GetAtt": _normalise(resource_json["Fn::GetAtt"])}
        value = _original_clean_json(resource_json, resources_map)
        # moto's clean_json logs a model's NotImplementedError and falls through, handing
        # the resource the unresolved {"Fn::GetAtt": ...} dict (or its str() in a Join).
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            raise UnresolvedGetAtt(*value["Fn::GetAtt"][:2])
        return value
    return _original_clean_json(resource_json, resources_map)


def _yaml_tag_constructor(loader: Any, tag: Any, node: Any) -> Any:
    if tag == "!GetAtt" and isinstance(node, yaml.ScalarNode):
        return {"Fn::GetAtt": _normalise(node.value)}
    return _original_constructor(loader, tag, node)


def _normalise_template_outputs(template: Any) -> None:
    # validate_outputs reads the raw template (not clean_json) to check has_cfn_attr.
    outputs = template.get("Outputs") if isinstance(template, dict) else None
    for output in (outputs or {}).values():
        value = output.get("Value") if isinstance(output, dict) else None
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            value["Fn::GetAtt"] = _normalise(value["Fn::GetAtt"])


def _patch_load_balancer_attributes() -> None:
    # moto 5.2.1 raises NotImplementedError for these, which its GetAtt handling turns
    # into the unresolved {"Fn::GetAtt": ...} dict: an alias record built from it breaks.
    from moto.elbv2.models import FakeLoadBalancer

    original = FakeLoadBalancer.get_cfn_attribute

    def get_cfn_attribute(self: Any, attribute_name: str) -> Any:
        if attribute_name == "CanonicalHostedZoneID":
            return self.canonical_hosted_zone_id
        if attribute_name == "LoadBalancerFullName":
            return self.arn.split(":loadbalancer/", 1)[1]
        if attribute_name == "SecurityGroups":
            return list(self.security_groups)
        if attribute_name == "LoadBalancerArn":
            return self.arn
        return original(self, attribute_name)

    FakeLoadBalancer.get_cfn_attribute = get_cfn_attribute


def _patch_subnet_and_target_group_attributes() -> None:
    # moto/ec2/models/subnets.py Subnet.get_cfn_attribute raises NotImplementedError for
    # AvailabilityZone (the network stack's AvailabilityZones output), and
    # moto/elbv2/models.py FakeTargetGroup has no get_cfn_attribute at all (AttributeError:
    # every output of the edge stack vanished from DescribeStacks).
    from moto.ec2.models.subnets import Subnet
    from moto.elbv2.models import FakeTargetGroup

    subnet_original = Subnet.get_cfn_attribute

    def subnet_attribute(self: Any, attribute_name: str) -> Any:
        values = {
            "AvailabilityZone": self.availability_zone,
            "AvailabilityZoneId": getattr(self, "availability_zone_id", None),
            "CidrBlock": self.cidr_block,
            "SubnetId": self.id,
            "VpcId": self.vpc_id,
        }
        if values.get(attribute_name) is not None:
            return values[attribute_name]
        return subnet_original(self, attribute_name)

    def target_group_attribute(self: Any, attribute_name: str) -> Any:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        values = {
            "TargetGroupArn": self.arn,
            "TargetGroupName": self.name,
            "TargetGroupFullName": self.arn.split(":", 5)[5],
            "LoadBalancerArns": list(self.load_balancer_arns),
        }
        if attribute_name in values:
            return values[attribute_name]
        raise UnformattedGetAttTemplateException()

    Subnet.get_cfn_attribute = subnet_attribute
    FakeTargetGroup.get_cfn_attribute = target_group_attribute
    FakeTargetGroup.has_cfn_attr = classmethod(  # type: ignore[assignment]
        lambda cls, attr: attr in ("TargetGroupArn", "TargetGroupName", "TargetGroupFullName", "LoadBalancerArns")
    )


class UnresolvedGetAtt(Exception):
    """An attribute moto knows of but does not compute: fail loudly, not with a dict."""

    def __init__(self, resource: str, attribute: str):
        self.message = (
            f"emulator gap: moto cannot compute Fn::GetAtt {resource}.{attribute} "
            "(add it in test/harness/moto/cfn_getatt.py)"
        )
        super().__init__(self.message)


def apply() -> None:
    _patch_load_balancer_attributes()
    _patch_subnet_and_target_group_attributes()
    # clean_json recurses through the module global, so replacing it covers nested calls.
    parsing.clean_json = _clean_json
    # models/responses imported the constructor by name and register it per parse.
    cfn_utils.yaml_tag_constructor = _yaml_tag_constructor
    cfn_models.yaml_tag_constructor = _yaml_tag_constructor
    cfn_responses.yaml_tag_constructor = _yaml_tag_constructor
    original_validate = parsing.ResourceMap.validate_outputs

    def validate_outputs(self: Any) -> None:
        _normalise_template_outputs(self._template)
        original_validate(self)

    parsing.ResourceMap.validate_outputs = validate_outputs
