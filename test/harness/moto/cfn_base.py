"""Registering CloudFormation resource types onto moto's own service backends.

moto builds its CloudFormation type map from the *direct* subclasses of
CloudFormationModel (``CloudFormationModel.__subclasses__()``) and caches it with
lru_cache, so every class registered here lists CloudFormationModel as a direct base
and the caches are cleared after registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.base_backend import InstanceTrackerMeta
from moto.core.common_models import CloudFormationModel

# (physical id, GetAtt attributes) from a create function, or a moto model of its own.
Created = tuple[str, dict[str, Any]] | Any
CreateFn = Callable[[str, dict[str, Any], str, str], Created]
DeleteFn = Callable[[str, dict[str, Any], str, str], None]


@dataclass
class TypeSpec:
    """One CloudFormation type: how to create it in moto's backend and undo it."""

    cfn_type: str
    # moto's model metaclass files a class under the service named by its __module__
    # ("moto.<service>.models"), so the harness must pretend to live there.
    service: str
    create: CreateFn
    delete: DeleteFn | None = None
    attributes: tuple[str, ...] = ()
    # Property that names the resource; "" lets moto generate stack-logical-suffix.
    name_property: str = ""
    # Replace on update (delete then create) unless the type says otherwise.
    keep_on_update: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Registered:
    """The CloudFormation face of a resource that lives in a moto service backend."""

    spec: TypeSpec

    def __init__(self, physical_id: str, attrs: dict[str, Any], props: dict[str, Any]):
        self.physical_resource_id = physical_id
        self.attrs = attrs
        self.props = props

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name in self.attrs:
            return self.attrs[attribute_name]
        raise UnformattedGetAttTemplateException()

    def is_created(self) -> bool:
        return True

    # moto's ResourceMap calls instance.delete(account, region) before the class method.
    def delete(self, account_id: str, region_name: str) -> None:
        if self.spec.delete:
            self.spec.delete(self.physical_resource_id, self.props, account_id, region_name)


def _model_class(spec: TypeSpec) -> type:
    def cloudformation_type() -> str:
        return spec.cfn_type

    def cloudformation_name_type() -> str:
        return spec.name_property

    def has_cfn_attr(cls: type, attr: str) -> bool:
        return attr in spec.attributes

    def create_from_cloudformation_json(
        cls: type, resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str, **kwargs: Any,
    ) -> Registered:
        props = cloudformation_json.get("Properties") or {}
        created = spec.create(resource_name, props, account_id, region_name)
        if not isinstance(created, tuple):
            return created  # a moto model of its own (a delegated variant)
        physical_id, attrs = created
        return cls(physical_id, attrs, props)

    def update_from_cloudformation_json(
        cls: type, original_resource: Registered, new_resource_name: str,
        cloudformation_json: dict[str, Any], account_id: str, region_name: str,
    ) -> Registered:
        if spec.keep_on_update:
            return original_resource
        original_resource.delete(account_id, region_name)
        return create_from_cloudformation_json(
            cls, new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete_from_cloudformation_json(
        cls: type, resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> None:
        if spec.delete:
            props = cloudformation_json.get("Properties") or {}
            spec.delete(resource_name, props, account_id, region_name)

    name = "Drctl" + spec.cfn_type.replace("AWS::", "").replace("::", "")
    namespace = {
        "__module__": f"moto.{spec.service}.models",
        "spec": spec,
        "cloudformation_type": staticmethod(cloudformation_type),
        "cloudformation_name_type": staticmethod(cloudformation_name_type),
        "has_cfn_attr": classmethod(has_cfn_attr),
        "create_from_cloudformation_json": classmethod(create_from_cloudformation_json),
        "update_from_cloudformation_json": classmethod(update_from_cloudformation_json),
        "delete_from_cloudformation_json": classmethod(delete_from_cloudformation_json),
    }
    return InstanceTrackerMeta(name, (Registered, CloudFormationModel), namespace)


def register(specs: list[TypeSpec]) -> list[str]:
    """Registers each spec whose type moto lacks (or that it overrides on purpose)."""
    parsing.get_model_map.cache_clear()
    known = parsing.get_model_map()
    registered = []
    for spec in specs:
        if spec.cfn_type in known and not spec.extra.get("override"):
            continue
        _model_class(spec)
        registered.append(spec.cfn_type)
    # The type map is an lru_cache over CloudFormationModel.__subclasses__().
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
    return registered


def tags_to_list(tags: Any) -> list[dict[str, str]]:
    return [{"Key": t["Key"], "Value": str(t["Value"])} for t in (tags or [])]


def as_bool(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)
