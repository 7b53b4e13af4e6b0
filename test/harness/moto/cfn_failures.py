"""Stacks that fail the way CloudFormation's do, instead of an HTTP 500.

moto 5.2.1 creates a stack's resources inside the CreateStack request
(moto/cloudformation/models.py, CloudFormationBackend.create_stack -> Stack.create_resources)
after it has already stored the stack. Any exception there (a resource type it models
badly, an unsupported intrinsic) becomes an HTTP 500, and the half-made stack stays behind
CREATE_IN_PROGRESS: DescribeStacks then re-resolves its outputs and answers 500 too, and
the SDK's retry of CreateStack meets AlreadyExistsException.

Here the failure becomes a stack state instead, as CloudFormation reports it:
  - a CREATE_FAILED event for the resource that failed, with the error as its reason;
  - OnFailure=ROLLBACK (the default) or DELETE: what was created is deleted (best effort),
    and the stack ends ROLLBACK_COMPLETE; DELETE is treated as ROLLBACK (the stack is kept
    so its reason can be read);
  - OnFailure=DO_NOTHING or DisableRollback=true: the stack ends CREATE_FAILED with what
    was created still there;
  - either way the stack has no outputs, and its resource list holds what still exists.
moto ignores OnFailure (moto/cloudformation/responses.py, create_stack), so it is read here.
"""

from __future__ import annotations

import threading
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfn_responses

_request = threading.local()


def _reason(error: BaseException) -> str:
    # moto's service errors carry their text in .message; anything else is a moto bug.
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    if getattr(error, "message", None) is None:
        message = f"{type(error).__name__}: {message} (emulator)"
    return f"Resource handler returned message: \"{message}\""


def _remember_failing_resource() -> None:
    # Resources are created lazily and recursively (a Ref creates its target first), so the
    # innermost parse_and_create_resource that raised names the resource that failed.
    original = parsing.parse_and_create_resource

    def parse_and_create_resource(logical_id: str, resource_json: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return original(logical_id, resource_json, *args, **kwargs)
        except Exception as error:
            if not hasattr(error, "drctl_logical_id"):
                error.drctl_logical_id = logical_id  # type: ignore[attr-defined]
                error.drctl_resource_type = resource_json.get("Type", "")  # type: ignore[attr-defined]
            raise

    # ResourceMap.__getitem__ calls it through the module global.
    parsing.parse_and_create_resource = parse_and_create_resource


def _read_on_failure() -> None:
    original = cfn_responses.CloudFormationResponse.create_stack

    def create_stack(self: Any) -> Any:
        on_failure = self._get_param("OnFailure") or "ROLLBACK"
        if self._get_param("DisableRollback") in (True, "true"):
            on_failure = "DO_NOTHING"
        _request.on_failure = on_failure
        try:
            return original(self)
        finally:
            _request.on_failure = None

    cfn_responses.CloudFormationResponse.create_stack = create_stack  # type: ignore[method-assign]


def _event(stack: Any, logical_id: str, physical_id: str, resource_type: str, status: str, reason: str | None) -> None:
    stack.events.append(
        cfn_models.Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=physical_id,
            resource_type=resource_type,
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )
    )


def _fail(stack: Any, error: BaseException) -> None:
    resources = stack.resource_map
    logical_id = getattr(error, "drctl_logical_id", None) or stack.name
    resource_type = getattr(error, "drctl_resource_type", "") or "AWS::CloudFormation::Stack"
    reason = _reason(error)
    _event(stack, logical_id, "", resource_type, "CREATE_FAILED", reason)
    summary = f"The following resource(s) failed to create: [{logical_id}]."
    on_failure = getattr(_request, "on_failure", None) or "ROLLBACK"
    if on_failure == "DO_NOTHING":
        stack.status = "CREATE_FAILED"
        stack.status_reason = summary
        stack._add_stack_event("CREATE_FAILED", resource_status_reason=summary)
    else:
        rollback = f"{summary} Rollback requested by user."
        stack.status = "ROLLBACK_IN_PROGRESS"
        stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=rollback)
        created = {
            key: value for key, value in resources._parsed_resources.items()
            if key in resources._resource_json_map and value is not None
        }
        try:
            resources.delete()  # skips DeletionPolicy: Retain, as CloudFormation does
        except Exception:  # noqa: BLE001 - best effort, like a rollback that leaves debris
            pass
        for key, resource in created.items():
            if key not in resources._parsed_resources:
                _event(stack, key, getattr(resource, "physical_resource_id", "") or "",
                       resources._resource_json_map[key].get("Type", ""), "DELETE_COMPLETE", None)
        stack.status = "ROLLBACK_COMPLETE"
        stack.status_reason = rollback
        stack._add_stack_event("ROLLBACK_COMPLETE")
    # Listing resources iterates the lazy map, which would create the rest (and fail again):
    # keep only what exists. Outputs of a failed stack do not exist either.
    resources._resource_json_map = {
        key: value for key, value in resources._resource_json_map.items()
        if resources._parsed_resources.get(key) is not None
    }
    stack.output_map._output_json_map = {}


def _stack_creation_fails_as_a_state() -> None:
    original = cfn_models.Stack.create_resources

    def create_resources(self: Any) -> None:
        try:
            original(self)
            # moto resolves outputs lazily, on every DescribeStacks: one that cannot be
            # resolved answers HTTP 500 there for good. CloudFormation resolves them at
            # creation and fails the stack instead; so do we.
            _ = self.outputs
        except Exception as error:  # noqa: BLE001 - every failure becomes the stack's state
            _fail(self, error)

    cfn_models.Stack.create_resources = create_resources  # type: ignore[method-assign]


def apply() -> None:
    _remember_failing_resource()
    _read_on_failure()
    _stack_creation_fails_as_a_state()
