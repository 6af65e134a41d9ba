"""A bucket's access and encryption settings: policy, Public Access Block, Object Ownership, ACLs and
default encryption. Plain data; the rules that read them live in operations/ (policy.py, acl.py, ...).

New buckets get what S3 gives a bucket created since April 2023: all four Public Access Block settings
on, Object Ownership `BucketOwnerEnforced` (ACLs disabled), SSE-S3 default encryption, no policy.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_s3fake.model.multipart import Upload
    from pytest_s3fake.model.versions import ObjectVersion

BUCKET_OWNER_ENFORCED = "BucketOwnerEnforced"
OWNERSHIP_MODES = ("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter")


@dataclass(frozen=True, slots=True)
class PublicAccessBlock:
    """The four Block Public Access settings of one bucket."""

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False


#: What a new bucket has: every setting on.
ALL_BLOCKED = PublicAccessBlock(True, True, True, True)


@dataclass(frozen=True, slots=True)
class Grant:
    """One ACL grant. `kind` is S3's grantee type: `CanonicalUser` (by `value` = canonical id), `Group`
    (by URI) or `AmazonCustomerByEmail`; `permission` is FULL_CONTROL, READ, WRITE, READ_ACP or WRITE_ACP."""

    kind: str
    value: str
    permission: str


@dataclass(frozen=True, slots=True)
class Acl:
    """An access control list: the owner's canonical id and its grants, in the order they were given."""

    owner: str
    grants: tuple[Grant, ...]


@dataclass(frozen=True, slots=True)
class EncryptionRule:
    """A bucket's default encryption: `AES256` (SSE-S3), `aws:kms` or `aws:kms:dsse`."""

    algorithm: str = "AES256"
    kms_key_id: str | None = None
    bucket_key_enabled: bool = False


DEFAULT_ENCRYPTION = EncryptionRule()


@dataclass(eq=False)
class BucketSecurity:
    """Everything about who may do what to a bucket, and how its new objects are encrypted."""

    #: The policy document exactly as it was put (GetBucketPolicy returns it as is), and its statements.
    policy_text: str | None = None
    policy: Any = field(default=None, repr=False)
    #: None after DeletePublicAccessBlock: GetPublicAccessBlock then answers NoSuchPublicAccessBlockConfiguration.
    public_access_block: PublicAccessBlock | None = ALL_BLOCKED
    #: None after DeleteBucketOwnershipControls (OwnershipControlsNotFoundError); ACLs then work as ObjectWriter.
    ownership: str | None = BUCKET_OWNER_ENFORCED
    #: The bucket's ACL once one was set; None reads as the owner's FULL_CONTROL.
    bucket_acl: Acl | None = None
    #: ACLs set on object versions (and on multipart uploads until they complete), by the version or
    #: upload itself; a version without one has the owner's FULL_CONTROL.
    object_acls: dict[ObjectVersion | Upload, Acl] = field(default_factory=dict, repr=False)
    encryption: EncryptionRule = DEFAULT_ENCRYPTION

    @property
    def acls_enabled(self) -> bool:
        return self.ownership != BUCKET_OWNER_ENFORCED
