"""A bucket's optional configurations (CORS, website, logging, notifications, replication, and the
Id-keyed inventory, analytics, metrics and Intelligent-Tiering families), kept apart from `Bucket`'s
core state so a bucket without any pays nothing.

Plain data: documents are stored as the operations validated them (dicts of texts, in the XML
element names S3 uses), CORS rules and notification targets as small records the fake matches against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pytest_s3fake.model.lifecycle import Lifecycle


@dataclass(frozen=True, slots=True)
class CorsRule:
    """One `<CORSRule>`: what a browser may send (origins, methods, headers) and what it is told."""

    allowed_origins: tuple[str, ...]
    allowed_methods: tuple[str, ...]
    allowed_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age_seconds: int | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class NotificationTarget:
    """One queue, topic or Lambda configuration: its destination, event patterns and key filter."""

    id: str
    kind: str  # "Queue", "Topic", "CloudFunction" (the element naming the destination ARN)
    arn: str
    events: tuple[str, ...]
    #: The key filter's rules as (Name, Value), names capitalized as S3 echoes them ("Prefix", "Suffix").
    rules: tuple[tuple[str, str], ...] = ()

    def _rule(self, name: str) -> str:
        return next((value for rule_name, value in self.rules if rule_name == name), "")

    @property
    def prefix(self) -> str:
        return self._rule("Prefix")

    @property
    def suffix(self) -> str:
        return self._rule("Suffix")

    def matches(self, event_name: str, key: str) -> bool:
        """True when `s3:<event_name>` is one of this target's events (or its `*` family) and `key`
        passes the prefix and suffix filter."""
        full = "s3:" + event_name
        family = full.rsplit(":", 1)[0] + ":*"
        if full not in self.events and family not in self.events:
            return False
        return key.startswith(self.prefix) and key.endswith(self.suffix)


@dataclass(slots=True)
class Notifications:
    """A bucket's notification configuration: the targets, and whether EventBridge gets every event."""

    targets: tuple[NotificationTarget, ...] = ()
    event_bridge: bool = False


#: The Id-keyed families, by the name their operations share (`Put<Family>Configuration`).
FAMILIES = ("Analytics", "IntelligentTiering", "Inventory", "Metrics")


@dataclass(slots=True)
class BucketConfigs:
    """Every optional configuration of one bucket; None (or empty) means "not configured"."""

    cors: tuple[CorsRule, ...] | None = None
    website: dict[str, Any] | None = None
    logging: dict[str, Any] | None = None
    #: Transfer Acceleration: "" (never set), "Enabled" or "Suspended".
    accelerate: str = ""
    replication: dict[str, Any] | None = None
    notifications: Notifications | None = None
    #: Lifecycle rules (operations/lifecycle.py); applied by `S3Fake.lifecycle.run()`.
    lifecycle: Lifecycle | None = None
    #: family -> configuration id -> document (see FAMILIES).
    by_id: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {name: {} for name in FAMILIES})
