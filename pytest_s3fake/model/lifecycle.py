"""A bucket's lifecycle configuration as plain records: the document as validated (for Get) and each
rule's filter and actions, typed, for the fake to apply (operations/lifecycle_run.py). No S3 rules here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Transition:
    """Move to `storage_class` after `days` (from creation, or from becoming noncurrent) or on `date`."""

    storage_class: str
    days: int | None = None
    date: datetime | None = None
    #: NoncurrentVersionTransition only: how many newer noncurrent versions are kept where they are.
    newer_noncurrent: int | None = None


@dataclass(frozen=True, slots=True)
class LifecycleRule:
    """One `<Rule>`: which objects (prefix, tags, size bounds) and what happens to them."""

    id: str
    enabled: bool
    prefix: str = ""
    tags: tuple[tuple[str, str], ...] = ()
    #: Object size bounds in bytes, exclusive (`ObjectSizeGreaterThan`, `ObjectSizeLessThan`).
    size_greater_than: int | None = None
    size_less_than: int | None = None
    expiration_days: int | None = None
    expiration_date: datetime | None = None
    expired_object_delete_marker: bool = False
    transitions: tuple[Transition, ...] = ()
    noncurrent_days: int | None = None
    newer_noncurrent: int | None = None
    noncurrent_transitions: tuple[Transition, ...] = ()
    abort_days: int | None = None


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """The rules in document order, the document as stored, and the transition minimum object size."""

    rules: tuple[LifecycleRule, ...]
    doc: dict[str, Any] = field(repr=False)
    minimum_object_size: str = "all_storage_classes_128K"
