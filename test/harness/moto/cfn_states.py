"""CloudFormation idempotency and failure states moto 5.2.1 lacks.

- CreateStack repeated with the same ClientRequestToken is the same request: AWS answers
  with the stack it already created ("Specify this token if you plan to retry requests so
  that CloudFormation knows that you're not attempting to create a stack with the same
  name", https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html).
  moto ignores the token (moto/cloudformation/responses.py, create_stack) and answers
  AlreadyExistsException.
- The events of a CreateStack or UpdateStack made with a ClientRequestToken carry it: "All
  events triggered by a given stack operation are assigned the same client request token"
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html).
  moto stamps none.
- A stack can be driven into UPDATE_ROLLBACK_FAILED, DELETE_FAILED or REVIEW_IN_PROGRESS
  (`drive`, behind POST /_drctl/stack-state), with the stack event AWS writes for it; and a
  DeleteStack can be made to fail (`fail_next_delete`), leaving the stack DELETE_FAILED
  with its resources, as AWS does when a resource cannot be deleted
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-delete-stack-fails).
  moto reaches REVIEW_IN_PROGRESS on its own only through CreateChangeSet(CREATE).
"""

from __future__ import annotations

import threading
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import responses as cfn_responses

DRIVABLE = ("UPDATE_ROLLBACK_FAILED", "DELETE_FAILED", "REVIEW_IN_PROGRESS")
_lock = threading.Lock()
_fail_delete: dict[tuple[str, str], str] = {}  # (region, stack name) -> reason


def reset() -> None:
    with _lock:
        _fail_delete.clear()


def _backend(region: str) -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID

    return cfn_models.cloudformation_backends[DEFAULT_ACCOUNT_ID][region]


def drive(region: str, stack_name: str, status: str, reason: str | None = None) -> dict[str, Any]:
    """Puts a live stack into `status` and writes the stack event AWS would."""
    if status not in DRIVABLE:
        raise ValueError(f"status must be one of {', '.join(DRIVABLE)}")
    stack = _backend(region).get_stack(stack_name)
    stack.status = status
    stack._add_stack_event(status, resource_status_reason=reason or "driven by the drctl emulator")
    return {"stackId": stack.stack_id, "status": status}


def fail_next_delete(region: str, stack_name: str, reason: str) -> dict[str, Any]:
    _backend(region).get_stack(stack_name)  # must exist: ValidationError otherwise
    with _lock:
        _fail_delete[(region, stack_name)] = reason
    return {"failNextDelete": stack_name}


def _create_stack_is_idempotent() -> None:
    original = cfn_responses.CloudFormationResponse.create_stack

    def create_stack(self: Any) -> Any:
        token = self._get_param("ClientRequestToken")
        name = self._get_param("StackName")
        backend = self.cloudformation_backend
        if token:
            for stack in list(backend.stacks.values()):
                if stack.name == name and getattr(stack, "drctl_create_token", None) == token:
                    return cfn_responses.ActionResult({"StackId": stack.stack_id})
        result = original(self)
        if token:
            stack = backend.get_stack(result.result["StackId"])
            stack.drctl_create_token = token
            for event in stack.events:
                event.client_request_token = token
        return result

    cfn_responses.CloudFormationResponse.create_stack = create_stack  # type: ignore[method-assign]


def _update_events_carry_the_token() -> None:
    original = cfn_responses.CloudFormationResponse.update_stack

    def update_stack(self: Any) -> Any:
        token = self._get_param("ClientRequestToken")
        stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
        before = len(stack.events)
        result = original(self)
        if token:
            for event in stack.events[before:]:
                event.client_request_token = token
        return result

    cfn_responses.CloudFormationResponse.update_stack = update_stack  # type: ignore[method-assign]


def _delete_can_fail() -> None:
    original = cfn_models.CloudFormationBackend.delete_stack

    def delete_stack(self: Any, name_or_stack_id: str) -> None:
        stack = next((s for s in self.stacks.values() if name_or_stack_id in (s.name, s.stack_id)), None)
        with _lock:
            reason = _fail_delete.pop((self.region_name, stack.name), None) if stack else None
        if stack is not None and reason is not None:
            stack._add_stack_event("DELETE_IN_PROGRESS", resource_status_reason="User Initiated")
            stack.status = "DELETE_FAILED"
            stack._add_stack_event("DELETE_FAILED", resource_status_reason=reason)
            return
        original(self, name_or_stack_id)

    cfn_models.CloudFormationBackend.delete_stack = delete_stack  # type: ignore[method-assign]


def apply() -> None:
    _create_stack_is_idempotent()
    _update_events_carry_the_token()
    _delete_can_fail()
