"""Small fixes to moto 5.2.1 models that real templates and drctl trip over."""

from __future__ import annotations

import json
from typing import Any


def _kms_key_policy_as_json() -> None:
    # A template's KeyPolicy is an object; moto stores it as given, and its policy
    # validator json.loads() it on every later KMS call: HTTP 500 for DescribeKey.
    from moto.kms.models import Key

    original = Key.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

    def create(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
               region_name: str, **kwargs: Any) -> Any:
        props = dict(cloudformation_json.get("Properties") or {})
        if isinstance(props.get("KeyPolicy"), dict):
            props["KeyPolicy"] = json.dumps(props["KeyPolicy"])
        # CloudFormation tags are Key/Value; moto's Key model hands them to KMS's own
        # tagger, which wants TagKey/TagValue (moto/kms/models.py, Key.create_from_
        # cloudformation_json -> KmsBackend.tag_resource): KeyError 'TagKey', HTTP 500.
        if props.get("Tags"):
            props["Tags"] = [{"TagKey": t["Key"], "TagValue": str(t["Value"])} for t in props["Tags"]]
        cloudformation_json = {**cloudformation_json, "Properties": props}
        return original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)

    Key.create_from_cloudformation_json = classmethod(create)  # type: ignore[method-assign]


def _ecs_describe_capacity_providers_without_names() -> None:
    # DescribeCapacityProviders with no names must list them all; moto iterates None: 500.
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.describe_capacity_providers

    def describe(self: Any, names: Any) -> Any:
        return original(self, names if names is not None else list(self.capacity_providers))

    EC2ContainerServiceBackend.describe_capacity_providers = describe  # type: ignore[method-assign]


def _cfn_masks_no_echo_parameters() -> None:
    # CloudFormation answers DescribeStacks with "****" for every NoEcho parameter. moto
    # 5.2.1 means to (Stack.parameter_list) but tests the parameter's *value* against the
    # list of NoEcho *keys*, so the secret comes back in clear: a leak the emulator would
    # show that AWS never would (found by test/emulator/secrets.test.ts).
    from moto.cloudformation.models import Stack

    def parameter_list(self: Any) -> list[dict[str, Any]]:
        hidden = set(self.resource_map.no_echo_parameter_keys)
        return [{"ParameterKey": k, "ParameterValue": "****" if k in hidden else v}
                for k, v in self.resource_map.resolved_parameters.items()]

    Stack.parameter_list = property(parameter_list)  # type: ignore[assignment,method-assign]


def _acm_lists_rsa_by_default() -> None:
    # ListCertificates without Includes.keyTypes returns "only RSA_1024 and RSA_2048
    # certificates" (https://docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html,
    # Includes; https://docs.aws.amazon.com/acm/latest/APIReference/API_Filters.html, keyTypes).
    # moto 5.2.1 lists every key type, so a lookup blind to ECDSA or RSA 3072/4096 passes here.
    from moto.acm.models import AWSCertificateManagerBackend

    original = AWSCertificateManagerBackend.list_certificates

    def list_certificates(self: Any, statuses: Any, includes: Any) -> Any:
        includes = dict(includes or {})
        if not includes.get("keyTypes"):
            includes["keyTypes"] = ["RSA_1024", "RSA_2048"]
        return original(self, statuses, includes)

    AWSCertificateManagerBackend.list_certificates = list_certificates  # type: ignore[method-assign]


def _policy_conditions_gate_statements() -> None:
    # moto 5.2.1 (moto/iam/access_control.py, IAMPolicyStatement.is_action_permitted)
    # answers DENIED for any statement whose Condition does not hold, even an Allow, and
    # takes a missing key as not holding: a bucket policy's usual "Deny unless
    # aws:SecureTransport" statement then refuses every PutObject (moto passes no request
    # context, and takes Bool "false" of a missing key as met). In AWS a statement applies
    # only when its conditions hold, and a condition on a key the request does not carry
    # does not hold unless its operator ends in IfExists
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult

    original = IAMPolicyStatement.is_action_permitted

    def holds(statement: dict[str, Any], values: dict[str, Any]) -> bool:
        for operator, keys in (statement.get("Condition") or {}).items():
            for key in keys:
                if key not in values and not operator.endswith("IfExists"):
                    return False
        return True

    def is_action_permitted(self: Any, action: str, resource: str = "*", principal: Any = None,
                            incoming_condition_values: Any = None) -> Any:
        condition = self._statement.get("Condition")
        if condition and (not holds(self._statement, incoming_condition_values or {})
                          or not self._check_conditions(incoming_condition_values)):
            return PermissionResult.NEUTRAL
        return original(self, action, resource, principal, incoming_condition_values)

    IAMPolicyStatement.is_action_permitted = is_action_permitted  # type: ignore[method-assign]


def apply() -> None:
    _policy_conditions_gate_statements()
    _kms_key_policy_as_json()
    _ecs_describe_capacity_providers_without_names()
    _cfn_masks_no_echo_parameters()
    _acm_lists_rsa_by_default()
