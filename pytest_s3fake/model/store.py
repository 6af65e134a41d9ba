"""The store: every bucket of one fake, with the fake's ids, clock, account and lock.

`S3Fake.store` is the documented way to seed or inspect state that no S3 call exposes:
`s3fake.store.bucket("b").versions("k")`. Mutating model objects directly bypasses S3's rules; use
the seeding helpers here or S3 calls instead.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime

from sortedcontainers import SortedDict

from pytest_s3fake.errors.codes import NoSuchBucket
from pytest_s3fake.ids import Clock, Ids, etag
from pytest_s3fake.model.bucket import ENABLED, SUSPENDED, UNVERSIONED, Bucket
from pytest_s3fake.model.versions import EMPTY, ObjectVersion


class Store:
    def __init__(self, *, region: str, account_id: str, ids: Ids, clock: Clock) -> None:
        self.region = region
        self.account_id = account_id
        self.ids = ids
        self.clock = clock
        #: Held for the whole of each request, so every S3 call is atomic, as S3's per-request view is.
        self.lock = threading.RLock()
        self._buckets: SortedDict = SortedDict()
        #: Registered MFA devices, serial -> current code. Empty: any well-formed token is accepted.
        self.mfa_devices: dict[str, str] = {}
        #: When set, DeleteObjects returns its results in a seeded random order instead of request order.
        self.delete_results_rng: random.Random | None = None

    # --- buckets ---------------------------------------------------------------------------------------

    def get_bucket(self, name: str) -> Bucket | None:
        bucket: Bucket | None = self._buckets.get(name)
        return bucket

    def bucket(self, name: str | None) -> Bucket:
        """The bucket called `name`; NoSuchBucket when there is none."""
        bucket = self._buckets.get(name) if name is not None else None
        if bucket is None:
            raise NoSuchBucket(bucket_name=name)
        return bucket  # type: ignore[no-any-return]

    def buckets(self) -> Iterator[Bucket]:
        """All buckets, in name order (as ListBuckets returns them)."""
        return iter(self._buckets.values())

    def create_bucket(
        self,
        name: str,
        *,
        region: str | None = None,
        owner: str | None = None,
        versioning: str | bool = UNVERSIONED,
        object_lock: bool = False,
    ) -> Bucket:
        """Add a bucket without any validation (a seeding helper; CreateBucket does the checks).

        `owner` lets a test create a bucket that another account owns. `versioning` is `True`,
        `"Enabled"` or `"Suspended"`; Object Lock turns versioning on, as in S3.
        """
        if name in self._buckets:
            raise ValueError(f"bucket {name!r} already exists")
        status = ENABLED if versioning is True or object_lock else (versioning or UNVERSIONED)
        if status not in (UNVERSIONED, ENABLED, SUSPENDED):
            raise ValueError(f"versioning must be True, 'Enabled' or 'Suspended', not {versioning!r}")
        if object_lock and versioning not in (UNVERSIONED, False, True, ENABLED):
            raise ValueError("a bucket with Object Lock always has versioning Enabled")
        bucket = Bucket(
            name=name,
            region=region or self.region,
            owner=owner or self.account_id,
            created=self.clock.now(),
            new_version_id=self.ids.version_id,
            issued_version_id=self.ids.issued,
            versioning=str(status),
            object_lock_enabled=object_lock,
        )
        self._buckets[name] = bucket
        return bucket

    def delete_bucket(self, name: str) -> None:
        del self._buckets[name]

    # --- seeding ---------------------------------------------------------------------------------------

    def put_object(
        self,
        bucket: str,
        key: str,
        body: bytes = b"",
        *,
        content_type: str = "binary/octet-stream",
        metadata: Mapping[str, str] | None = None,
        retention: tuple[str, datetime] | None = None,
        legal_hold: bool | None = None,
    ) -> ObjectVersion:
        """Store an object as PutObject would, following the bucket's versioning; returns the version.

        `retention` is `(mode, retain_until)`, as PutObject's Object Lock headers set it; without it the
        bucket's default retention applies. Object Lock settings need a bucket with Object Lock.
        """
        target = self.bucket(bucket)
        if (retention is not None or legal_hold is not None) and not target.object_lock_enabled:
            raise ValueError(f"bucket {bucket!r} has no Object Lock, so its objects cannot be locked")
        if retention is not None and retention[0] not in ("GOVERNANCE", "COMPLIANCE"):
            raise ValueError(f"retention mode must be 'GOVERNANCE' or 'COMPLIANCE', not {retention[0]!r}")
        now = self.clock.now()
        version = ObjectVersion(
            key=key,
            version_id=target.next_version_id(),
            body=bytes(body),
            etag=etag(body),
            last_modified=now,
            content_type=content_type,
            metadata=dict(metadata) if metadata else EMPTY,
            legal_hold=legal_hold,
        )
        if retention is not None:
            version.retention_mode, version.retain_until = retention
        elif target.lock_default is not None:
            version.retention_mode = target.lock_default.mode
            version.retain_until = target.lock_default.retain_until(now)
        target.add(version)
        return version

    def add_mfa_device(self, serial: str, code: str) -> None:
        """Register an MFA device; from then on only registered `SERIAL CODE` pairs are valid."""
        self.mfa_devices[serial] = code
