"""Reading a lifecycle configuration as S3 validates it, into `model.lifecycle` records.

The document has already been checked against botocore's shape (`config_schema.conform`: unknown
elements, a Status other than `Enabled`/`Disabled`, a number that is not one are MalformedXML). On
top of the schema, as recorded against AWS (LocalStack tests/aws/services/s3/test_s3.py::
TestS3BucketLifecycle::test_put_bucket_lifecycle_conf_exc, aws.validated, and ceph s3-tests'
test_lifecycle_id_too_long, test_lifecycle_same_id, test_lifecycle_expiration_days0, which run on AWS):

- a rule needs a `Filter` or (deprecated) a `Prefix`, not both and not neither: MalformedXML; a
  `Filter` holds one of `Prefix`, `Tag`, `ObjectSizeGreaterThan`, `ObjectSizeLessThan`, `And`: MalformedXML;
- `ExpiredObjectDeleteMarker` with `Days` or `Date`, an empty `Expiration` or `NoncurrentVersionExpiration`:
  MalformedXML; a `Date` not at midnight UTC: InvalidArgument `'Date' must be at midnight GMT`;
- an ID over 255 characters, or two rules with one ID: InvalidArgument; a rule without an ID gets one;
- duplicate tag keys in `And`: InvalidRequest `Duplicate Tag Keys are not allowed.`;
- `Days` of an expiration not positive: InvalidArgument; a rule with no action: InvalidRequest
  `At least one action needs to be specified in a rule`.
The remaining messages (transition ordering, the 30-day minimum of the IA classes, tag filters with
AbortIncompleteMultipartUpload) follow the S3 user guide's constraints
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from pytest_s3fake import values
from pytest_s3fake.errors.codes import InvalidArgument, InvalidRequest, MalformedXML
from pytest_s3fake.model.lifecycle import LifecycleRule, Transition

MAX_RULES = 1000
MAX_ID = 255
MAX_NEWER_NONCURRENT = 100
#: How cold each transition target is: a rule moves objects only to colder classes, later.
COLDNESS = {"STANDARD": 0, "INTELLIGENT_TIERING": 1, "STANDARD_IA": 1, "ONEZONE_IA": 2, "GLACIER_IR": 3,
            "GLACIER": 4, "DEEP_ARCHIVE": 5}
#: Classes an object must stay in for 30 days before lifecycle moves it on (and reaches only after 30).
THIRTY_DAY_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
FILTER_PREDICATES = ("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And")
MINIMUM_SIZES = ("all_storage_classes_128K", "varies_by_storage_class")


def read_rules(doc: dict[str, Any], new_id: Any, *, legacy: bool) -> tuple[LifecycleRule, ...]:
    """Every rule of a conformed `<LifecycleConfiguration>`, validated; `new_id()` names a rule without an ID."""
    raw_rules = items(doc.get("Rule"))
    if not raw_rules:
        raise MalformedXML()
    if len(raw_rules) > MAX_RULES:
        raise InvalidRequest(f"Number of rules exceeds the maximum allowed limit of {MAX_RULES}")
    rules = []
    seen: set[str] = set()
    for raw in raw_rules:
        rule_id = raw.get("ID")
        if rule_id is None or rule_id == "":
            raw["ID"] = rule_id = new_id()
        if len(rule_id) > MAX_ID:
            raise InvalidArgument(f"ID length should not exceed allowed limit of {MAX_ID}", argument_name="ID",
                                  argument_value=rule_id)
        if rule_id in seen:
            raise InvalidArgument("Rule ID must be unique. Found same ID for more than one rule",
                                  argument_name="ID", argument_value=rule_id)
        seen.add(rule_id)
        rules.append(_rule(raw, rule_id, legacy=legacy))
    return tuple(rules)


def items(value: Any) -> list[Any]:
    """A conformed element that may repeat (a flattened list) or not (one structure), as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _int(text: Any) -> int | None:
    return values.parse_integer(str(text)) if text is not None else None


def _date(text: Any) -> datetime | None:
    if text is None:
        return None
    moment = values.parse_timestamp(str(text))
    if moment is None:
        raise MalformedXML()
    if (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0):
        raise InvalidArgument("'Date' must be at midnight GMT", argument_name="Date", argument_value=str(text))
    return moment


def _filter(raw: dict[str, Any], *, legacy: bool) -> dict[str, Any]:
    """The rule's predicates as `LifecycleRule` fields."""
    has_filter, has_prefix = "Filter" in raw, "Prefix" in raw
    if has_filter == has_prefix and not legacy:
        raise MalformedXML()
    if not has_filter:
        return {"prefix": raw.get("Prefix") or ""}
    predicates = raw.get("Filter") or {}
    present = [name for name in FILTER_PREDICATES if name in predicates]
    if len(present) > 1:
        raise MalformedXML()
    if predicates.get("And") is not None:
        predicates = predicates["And"]
    elif "And" in predicates:
        raise MalformedXML()
    tag_list = items(predicates.get("Tag"))
    tags = tuple((tag.get("Key") or "", tag.get("Value") or "") for tag in tag_list)
    if len({key for key, _ in tags}) != len(tags):
        raise InvalidRequest("Duplicate Tag Keys are not allowed.")
    greater, less = _int(predicates.get("ObjectSizeGreaterThan")), _int(predicates.get("ObjectSizeLessThan"))
    for name, size in (("ObjectSizeGreaterThan", greater), ("ObjectSizeLessThan", less)):
        if size is not None and size < 0:
            raise InvalidArgument(f"'{name}' should be a non-negative integer", argument_name=name,
                                  argument_value=str(size))
    if greater is not None and less is not None and greater >= less:
        raise InvalidArgument("ObjectSizeGreaterThan must be less than ObjectSizeLessThan",
                              argument_name="ObjectSizeGreaterThan", argument_value=str(greater))
    return {"prefix": predicates.get("Prefix") or "", "tags": tags, "size_greater_than": greater,
            "size_less_than": less}


def _expiration(raw: dict[str, Any]) -> dict[str, Any]:
    expiration = raw.get("Expiration")
    if expiration is None:
        return {}
    days, date = _int(expiration.get("Days")), expiration.get("Date")
    marker = expiration.get("ExpiredObjectDeleteMarker")
    given = [name for name in ("Days", "Date", "ExpiredObjectDeleteMarker") if expiration.get(name) is not None]
    if len(given) != 1:
        raise MalformedXML()
    if days is not None and days <= 0:
        raise InvalidArgument("'Days' for Expiration action must be a positive integer", argument_name="Days",
                              argument_value=str(days))
    return {"expiration_days": days, "expiration_date": _date(date), "expired_object_delete_marker": marker == "true"}


def _transitions(raw: dict[str, Any], *, noncurrent: bool) -> tuple[Transition, ...]:
    plural, singular = (("NoncurrentVersionTransitions", "NoncurrentVersionTransition") if noncurrent
                        else ("Transitions", "Transition"))
    found = items(raw.get(plural)) + items(raw.get(singular))
    days_name = "NoncurrentDays" if noncurrent else "Days"
    action = "NoncurrentVersionTransition" if noncurrent else "Transition"
    out = []
    for item in found:
        item = item or {}
        storage_class, days = item.get("StorageClass"), _int(item.get(days_name))
        date = None if noncurrent else item.get("Date")
        if storage_class is None or (days is None) == (date is None):
            raise MalformedXML()
        if days is not None and days < 0:
            raise InvalidArgument(f"'{days_name}' in {action} action must be nonnegative",
                                  argument_name=days_name, argument_value=str(days))
        if days is not None and days < 30 and storage_class in THIRTY_DAY_CLASSES:
            raise InvalidArgument(
                f"'{days_name}' in {action} action must be greater than or equal to 30 for storageClass "
                f"'{storage_class}'", argument_name=days_name, argument_value=str(days))
        newer = _int(item.get("NewerNoncurrentVersions")) if noncurrent else None
        _check_newer(newer, action)
        out.append(Transition(storage_class, days, _date(date), newer))
    _check_order(out, action, days_name)
    return tuple(out)


def _check_newer(newer: int | None, action: str) -> None:
    if newer is not None and not 1 <= newer <= MAX_NEWER_NONCURRENT:
        raise InvalidArgument(f"'NewerNoncurrentVersions' in {action} action must be between 1 and "
                              f"{MAX_NEWER_NONCURRENT}", argument_name="NewerNoncurrentVersions",
                              argument_value=str(newer))


def _check_order(transitions: list[Transition], action: str, days_name: str) -> None:
    """Colder classes later: each pair of transitions in order of coldness, dates or days alike; out
    of the 30-day classes only 30 days after entering them."""
    if len({t.storage_class for t in transitions}) != len(transitions):
        raise InvalidRequest(f"'StorageClass' must be different for '{action}' actions in same 'Rule'")
    if len({t.days is None for t in transitions}) > 1:
        raise InvalidRequest(f"Found mixed 'Date' and '{days_name}' based {action} actions in lifecycle rule")
    ordered = sorted(transitions, key=lambda t: COLDNESS[t.storage_class])
    for warmer, colder in itertools.pairwise(ordered):
        gap = 30 if warmer.storage_class in THIRTY_DAY_CLASSES else 1
        if warmer.days is not None and colder.days is not None and colder.days - warmer.days < gap:
            raise InvalidArgument(
                f"'{days_name}' in the {action} action for StorageClass '{colder.storage_class}' must be "
                f"{gap} days more than '{days_name}' in the {action} action for StorageClass "
                f"'{warmer.storage_class}'", argument_name=days_name, argument_value=str(colder.days))
        if warmer.date is not None and colder.date is not None and colder.date <= warmer.date:
            raise InvalidArgument(
                f"'Date' in the {action} action for StorageClass '{colder.storage_class}' must be later than "
                f"'Date' in the {action} action for StorageClass '{warmer.storage_class}'",
                argument_name="Date", argument_value=colder.date.strftime("%Y-%m-%dT%H:%M:%S.000Z"))


def _noncurrent_expiration(raw: dict[str, Any]) -> dict[str, Any]:
    if "NoncurrentVersionExpiration" not in raw:
        return {}
    expiration = raw.get("NoncurrentVersionExpiration") or {}
    days, newer = _int(expiration.get("NoncurrentDays")), _int(expiration.get("NewerNoncurrentVersions"))
    if days is None and newer is None:
        raise MalformedXML()
    if days is not None and days <= 0:
        raise InvalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
                              argument_name="NoncurrentDays", argument_value=str(days))
    _check_newer(newer, "NoncurrentVersionExpiration")
    return {"noncurrent_days": days, "newer_noncurrent": newer}


def _abort(raw: dict[str, Any], tags: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    if "AbortIncompleteMultipartUpload" not in raw:
        return {}
    days = _int((raw.get("AbortIncompleteMultipartUpload") or {}).get("DaysAfterInitiation"))
    if days is None:
        raise MalformedXML()
    if days <= 0:
        raise InvalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive "
                              "integer", argument_name="DaysAfterInitiation", argument_value=str(days))
    if tags:
        raise InvalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.")
    return {"abort_days": days}


def _rule(raw: dict[str, Any], rule_id: str, *, legacy: bool) -> LifecycleRule:
    fields = _filter(raw, legacy=legacy)
    fields.update(_expiration(raw))
    if fields.get("expired_object_delete_marker") and fields.get("tags"):
        raise InvalidRequest("ExpiredObjectDeleteMarker cannot be specified with Tags.")
    fields.update(_noncurrent_expiration(raw))
    fields.update(_abort(raw, fields.get("tags", ())))
    transitions = _transitions(raw, noncurrent=False)
    noncurrent_transitions = _transitions(raw, noncurrent=True)
    # An Expiration with `ExpiredObjectDeleteMarker` false still counts: it is an action that does nothing.
    has_action = ("Expiration" in raw or "noncurrent_days" in fields
                  or "abort_days" in fields or transitions or noncurrent_transitions)
    if not has_action:
        raise InvalidRequest("At least one action needs to be specified in a rule")
    days = fields.get("expiration_days")
    for transition in transitions:
        if days is not None and transition.days is not None and days <= transition.days:
            raise InvalidArgument(
                f"'Days' in Expiration action must be greater than 'Days' in Transition action for StorageClass "
                f"'{transition.storage_class}'", argument_name="Days", argument_value=str(days))
    noncurrent_days = fields.get("noncurrent_days")
    for transition in noncurrent_transitions:
        if noncurrent_days is not None and transition.days is not None and noncurrent_days <= transition.days:
            raise InvalidArgument(
                "'NoncurrentDays' in NoncurrentVersionExpiration action must be greater than 'NoncurrentDays' in "
                f"NoncurrentVersionTransition action for StorageClass '{transition.storage_class}'",
                argument_name="NoncurrentDays", argument_value=str(noncurrent_days))
    return LifecycleRule(id=rule_id, enabled=raw.get("Status") == "Enabled", transitions=transitions,
                         noncurrent_transitions=noncurrent_transitions, **fields)
