"""A bucket's optional configurations (CORS, website, logging, notifications, replication, the
Id-keyed inventory, analytics, metrics and Intelligent-Tiering families, S3 Metadata and ABAC), kept apart from `Bucket`'s
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


@dataclass(frozen=True, slots=True)
class MetadataTable:
    """One table of an S3 Metadata configuration: its name and ARN in the table bucket."""

    name: str
    arn: str


@dataclass(frozen=True, slots=True)
class MetadataConfiguration:
    """A bucket's S3 Metadata configuration: V1 (one journal table in the customer's table bucket) or
    V2 (journal, and optionally inventory and annotation tables, in the AWS managed `aws-s3` bucket)."""

    version: int  # 1: CreateBucketMetadataTableConfiguration, 2: CreateBucketMetadataConfiguration
    table_bucket_arn: str
    namespace: str
    journal: MetadataTable
    #: Journal record expiration: "ENABLED" (with `expiration_days`) or "DISABLED".
    expiration: str = "DISABLED"
    expiration_days: int | None = None
    #: The V2 inventory and annotation tables: state "" (not configured), "ENABLED" or "DISABLED";
    #: a table exists only while its state is ENABLED.
    inventory_state: str = ""
    inventory: MetadataTable | None = None
    annotation_state: str = ""
    annotation: MetadataTable | None = None
    annotation_role: str | None = None


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
    #: The storage class of objects written without one (PutBucketDefaultStorageClass).
    default_storage_class: str = "STANDARD"
    replication: dict[str, Any] | None = None
    notifications: Notifications | None = None
    #: Lifecycle rules (operations/lifecycle.py); applied by `S3Fake.lifecycle.run()`.
    lifecycle: Lifecycle | None = None
    metadata: MetadataConfiguration | None = None
    #: Attribute-based access control: "" (never set), "Enabled" or "Disabled".
    abac: str = ""
    #: family -> configuration id -> document (see FAMILIES).
    by_id: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {name: {} for name in FAMILIES})
