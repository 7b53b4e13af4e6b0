"""Intrinsic functions moto 5.2.1 evaluates wrongly or not at all
(moto/cloudformation/parsing.py, clean_json):

- Fn::Cidr is missing: clean_json returns the dict unchanged, so `!Select [0, !Cidr ...]`
  indexes a dict (KeyError: 0, HTTP 500).
- Fn::GetAZs '' (the stack's own region) answers DEFAULT_REGION's zones, us-east-1a..d,
  whatever the region; a subnet in us-west-2 then asks for AZ us-east-1a. Here it answers
  the zones moto's EC2 backend has for the stack's region, as CloudFormation does.
- AWS::NoValue inside a list (`- !If [Cond, {...}, !Ref AWS::NoValue]`) removes the item
  in CloudFormation; moto leaves a None there (it drops None only from mappings), and
  IAM's Role model then subscripts it: TypeError, HTTP 500.
- A short-form tag over a mapping (`UserData: !Base64` followed by an indented
  `Fn::Sub: |`) becomes a list of raw YAML node pairs: moto/cloudformation/utils.py,
  yaml_tag_constructor, returns `node.value` for anything but a sequence.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import yaml
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation import utils as cfn_utils


def _cidr(args: list[Any], resources_map: Any) -> list[str]:
    block, count, bits = (parsing.clean_json(a, resources_map) for a in args)
    network = ipaddress.ip_network(str(block), strict=False)
    # cidrBits is the number of host bits of each subnet: /20 from 12 in IPv4.
    prefix = network.max_prefixlen - int(bits)
    subnets = network.subnets(new_prefix=prefix)
    return [str(next(subnets)) for _ in range(int(count))]


def _availability_zones(region: Any, resources_map: Any) -> list[str]:
    from moto.ec2.models import ec2_backends

    region = parsing.clean_json(region, resources_map) or resources_map["AWS::Region"]
    backend = ec2_backends[resources_map["AWS::AccountId"]][region]
    return sorted(zone.name for zone in backend.describe_availability_zones())


def _mapping_tags() -> None:
    # Wraps the constructor cfn_getatt installed; models/responses hold it by name.
    previous = cfn_models.yaml_tag_constructor

    def yaml_tag_constructor(loader: Any, tag: Any, node: Any) -> Any:
        if isinstance(node, yaml.MappingNode):
            key = "Ref" if tag == "!Ref" else f"Fn::{tag[1:]}"
            return {key: loader.construct_mapping(node, deep=True)}
        return previous(loader, tag, node)

    cfn_utils.yaml_tag_constructor = yaml_tag_constructor
    cfn_models.yaml_tag_constructor = yaml_tag_constructor
    cfn_responses.yaml_tag_constructor = yaml_tag_constructor


def apply() -> None:
    _mapping_tags()
    # Installed after cfn_getatt: it wraps whatever clean_json is current, and moto's
    # clean_json recurses through the module global, so nested calls come here too.
    previous = parsing.clean_json

    def clean_json(resource_json: Any, resources_map: Any) -> Any:
        if isinstance(resource_json, dict) and len(resource_json) == 1:
            if "Fn::Cidr" in resource_json:
                return _cidr(resource_json["Fn::Cidr"], resources_map)
            if "Fn::GetAZs" in resource_json:
                return _availability_zones(resource_json["Fn::GetAZs"], resources_map)
        if isinstance(resource_json, list):
            cleaned = ((item, clean_json(item, resources_map)) for item in resource_json)
            # Only an intrinsic (a dict) can resolve to AWS::NoValue; literal nulls stay.
            return [value for item, value in cleaned if not (value is None and isinstance(item, dict))]
        return previous(resource_json, resources_map)

    parsing.clean_json = clean_json
