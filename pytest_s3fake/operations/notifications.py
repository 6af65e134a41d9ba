"""Event notifications: PutBucketNotificationConfiguration and GetBucketNotificationConfiguration, and
their legacy forms PutBucketNotification and GetBucketNotification (the same `?notification` resource).

The fake sends nothing to SQS, SNS, Lambda or EventBridge; `S3Fake.events` (events.py) records the
event records S3 would have sent for each matching configuration.

Validation, as S3 answers it: a filter rule without a Name or a Value is MalformedXML, one named other
than prefix or suffix (any case) is InvalidArgument `FilterRule.Name` (both recorded against AWS in
LocalStack tests/aws/services/s3/test_s3_api.py::TestS3BucketNotificationConfiguration); a destination
that is not an ARN of its service is InvalidArgument "The ARN could not be parsed" (LocalStack's SQS,
SNS and Lambda notification snapshots); an unknown event name is InvalidArgument "The event is not
supported for notifications" (moto's tests); two configurations sharing an event type with
overlapping prefixes and suffixes are ambiguous (InvalidArgument, S3's message). A configuration
without an Id gets one. Destinations are not contacted, so "Unable to validate the following
destination configurations" is never answered (docs/differences.md).
"""

from __future__ import annotations

import re
from typing import Any

from pytest_s3fake.errors.codes import InvalidArgument, MalformedXML
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.model.configs import Notifications, NotificationTarget
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform, shape
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

#: The element holding each target kind's configurations, and the service its ARN must name.
KINDS = {
    "Queue": ("QueueConfiguration", "sqs"),
    "Topic": ("TopicConfiguration", "sns"),
    "CloudFunction": ("CloudFunctionConfiguration", "lambda"),
}
_LISTS = ("QueueConfiguration", "TopicConfiguration", "CloudFunctionConfiguration", "Event", "FilterRule")
_AMBIGUOUS = ("Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the "
              "prefixes are overlapping for the same event type.")


def _events_allowed() -> frozenset[str]:
    return frozenset(shape("Event").enum)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_raw(raw: dict[str, Any]) -> None:
    """What S3 answers before its schema check: filter rule names (any case) and event names."""
    allowed = _events_allowed()
    for element, _ in KINDS.values():
        for config in _list(raw.get(element)):
            if not isinstance(config, dict):
                raise MalformedXML()
            for event in _list(config.get("Event")):
                if isinstance(event, str) and event not in allowed:
                    raise InvalidArgument("The event is not supported for notifications",
                                          argument_name="Event", argument_value=event)
            key_filter = (config.get("Filter") or {}).get("S3Key") if isinstance(config.get("Filter"), dict) else None
            seen: set[str] = set()
            for rule in _list((key_filter or {}).get("FilterRule") if isinstance(key_filter, dict) else None):
                if not isinstance(rule, dict) or rule.get("Name") is None or "Value" not in rule:
                    raise MalformedXML()
                name = str(rule["Name"]).lower()
                if name not in ("prefix", "suffix"):
                    raise InvalidArgument("filter rule name must be either prefix or suffix",
                                          argument_name="FilterRule.Name", argument_value=rule["Name"])
                if name in seen:
                    raise InvalidArgument(f"Cannot specify more than one {name} rule in a filter.",
                                          argument_name="FilterRule.Name", argument_value=rule["Name"])
                seen.add(name)
                rule["Name"] = name  # the schema's enumeration is lower case; S3 echoes it capitalized


def _covers(a: str, b: str) -> bool:
    return a == b or (a.endswith(":*") and b.startswith(a[:-1])) or (b.endswith(":*") and a.startswith(b[:-1]))


def _overlap(a: NotificationTarget, b: NotificationTarget) -> bool:
    if not any(_covers(x, y) for x in a.events for y in b.events):
        return False
    prefixes = a.prefix.startswith(b.prefix) or b.prefix.startswith(a.prefix)
    suffixes = a.suffix.endswith(b.suffix) or b.suffix.endswith(a.suffix)
    return prefixes and suffixes


def read_notifications(store: Store, req: Request) -> Notifications:
    """The `<NotificationConfiguration>` body as targets, validated as S3 validates it."""
    return _read(store, req.xml("NotificationConfiguration", force_list=_LISTS))


def _read(store: Store, raw: dict[str, Any]) -> Notifications:
    # The legacy Lambda configuration's InvocationRole: accepted at the one `?notification` resource
    # whichever operation sent it, and not kept (the modern document has no such element).
    for config in _list(raw.get("CloudFunctionConfiguration")):
        if isinstance(config, dict):
            config.pop("InvocationRole", None)
    _check_raw(raw)
    doc = conform("NotificationConfiguration", raw)
    targets: list[NotificationTarget] = []
    for kind, (element, service) in KINDS.items():
        for config in doc.get(element) or []:
            arn = config.get(kind) or ""
            if not re.match(rf"arn:aws[a-z-]*:{service}:", arn):
                raise InvalidArgument("The ARN could not be parsed", argument_name=kind, argument_value=arn)
            events = tuple(config.get("Event") or [])
            if not events:
                raise MalformedXML()
            rules = tuple(
                (str(rule["Name"]).capitalize(), rule.get("Value") or "")
                for rule in ((config.get("Filter") or {}).get("S3Key") or {}).get("FilterRule") or []
            )
            targets.append(NotificationTarget(config.get("Id") or store.ids.request_id(), kind, arn, events, rules))
    for index, target in enumerate(targets):
        for other in targets[index + 1:]:
            if _overlap(target, other):
                raise InvalidArgument(_AMBIGUOUS, argument_name="Event", argument_value=target.events[0])
    return Notifications(tuple(targets), "EventBridgeConfiguration" in doc)


def _store(bucket: Bucket, notifications: Notifications) -> Response:
    empty = not notifications.targets and not notifications.event_bridge
    bucket.configs.notifications = None if empty else notifications
    return Response.empty()


@operation("PutBucketNotificationConfiguration")
def put_bucket_notification_configuration(store: Store, req: Request) -> Response:
    """Replace the bucket's notification configuration (an empty one turns notifications off)."""
    bucket = owned_bucket(store, req)
    return _store(bucket, read_notifications(store, req))


@operation("PutBucketNotification")
def put_bucket_notification(store: Store, req: Request) -> Response:
    """The legacy form (one configuration of each kind, no filter): the same stored configuration."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    raw = req.xml("NotificationConfiguration", force_list=("Event",))
    modern: dict[str, Any] = {}
    for element, _ in KINDS.values():
        config = raw.get(element)
        if config is not None:
            modern[element] = [config]
    return _store(bucket, _read(store, modern))


def _element(target: NotificationTarget) -> dict[str, Any]:
    element: dict[str, Any] = {"Id": target.id, target.kind: target.arn, "Event": list(target.events)}
    if target.rules:
        element["Filter"] = {"S3Key": {"FilterRule": [{"Name": n, "Value": v} for n, v in target.rules]}}
    return element


@operation("GetBucketNotificationConfiguration")
def get_bucket_notification_configuration(store: Store, req: Request) -> Response:
    """The notification configuration (empty when there is none)."""
    bucket = owned_bucket(store, req)
    notifications = bucket.configs.notifications
    content: dict[str, Any] = {}
    if notifications is not None:
        for kind, (element, _) in KINDS.items():
            found = [_element(target) for target in notifications.targets if target.kind == kind]
            if found:
                content[element] = found
        if notifications.event_bridge:
            content["EventBridgeConfiguration"] = None
    return Response.xml("NotificationConfiguration", content)


@operation("GetBucketNotification")
def get_bucket_notification(store: Store, req: Request) -> Response:
    """The legacy read: S3 serves the same document at the same `?notification` URL."""
    return get_bucket_notification_configuration(store, req)
