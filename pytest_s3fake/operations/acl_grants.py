"""Reading and writing ACLs: canned ACLs, `x-amz-grant-*` headers and `AccessControlPolicy` bodies, as S3
checks them. Used by the ACL operations (acl.py) and by the writes that take an ACL (PutObject,
CopyObject, CreateMultipartUpload, CreateBucket).

Codes and messages follow LocalStack's AWS-validated snapshots test_s3.snapshot.json
`TestS3::test_s3_bucket_acl`, `::test_s3_bucket_acl_exceptions`, `::test_s3_object_acl_exceptions`.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
"""

from __future__ import annotations

import re
from typing import Any

from pytest_s3fake.errors.codes import (
    AccessDenied,
    InvalidArgument,
    InvalidRequest,
    MalformedACLError,
    MissingSecurityHeader,
    UnresolvableGrantByEmailAddress,
)
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.model.security import Acl, Grant
from pytest_s3fake.operations.buckets import owner_id
from pytest_s3fake.wire import Request

XSI = "http://www.w3.org/2001/XMLSchema-instance"
GROUP_PREFIX = "http://acs.amazonaws.com/groups/"
ALL_USERS = GROUP_PREFIX + "global/AllUsers"
AUTHENTICATED_USERS = GROUP_PREFIX + "global/AuthenticatedUsers"
LOG_DELIVERY = GROUP_PREFIX + "s3/LogDelivery"
GROUPS = frozenset({ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY})
PUBLIC_GROUPS = frozenset({ALL_USERS, AUTHENTICATED_USERS})
PERMISSIONS = ("FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP")
#: `x-amz-grant-<name>` header -> permission.
GRANT_HEADERS = {"x-amz-grant-full-control": "FULL_CONTROL", "x-amz-grant-read": "READ",
                 "x-amz-grant-write": "WRITE", "x-amz-grant-read-acp": "READ_ACP",
                 "x-amz-grant-write-acp": "WRITE_ACP"}
#: The headers that set an ACL on a write.
ACL_HEADERS = frozenset({"x-amz-acl", *GRANT_HEADERS})
#: Canned ACL -> the grants beside the owner's FULL_CONTROL.
CANNED = {
    "private": (),
    "public-read": (("Group", ALL_USERS, "READ"),),
    "public-read-write": (("Group", ALL_USERS, "READ"), ("Group", ALL_USERS, "WRITE")),
    "authenticated-read": (("Group", AUTHENTICATED_USERS, "READ"),),
    "log-delivery-write": (("Group", LOG_DELIVERY, "WRITE"), ("Group", LOG_DELIVERY, "READ_ACP")),
    # The bucket owner is the object owner here (one account), so these add nothing to FULL_CONTROL.
    "bucket-owner-read": (),
    "bucket-owner-full-control": (),
    "aws-exec-read": (),
}
#: Canned ACLs that grant nothing beyond the owner's FULL_CONTROL, the only ones an enforced bucket takes.
OWNER_ONLY_CANNED = frozenset({"private", "bucket-owner-full-control"})
_CANONICAL_ID = re.compile(r"^[0-9a-f]{64}$")
_GRANTEE = re.compile(r'^\s*(\w+)\s*=\s*"?([^"]*)"?\s*$')


def owner_acl(store: Store) -> Acl:
    """The ACL of anything that never had one set: the owner, with FULL_CONTROL."""
    owner = owner_id(store.account_id)
    return Acl(owner, (Grant("CanonicalUser", owner, "FULL_CONTROL"),))


def canned(store: Store, name: str) -> Acl:
    grants = CANNED.get(name)
    if grants is None:
        raise InvalidArgument(argument_name="x-amz-acl", argument_value=name)
    owner = owner_acl(store)
    return Acl(owner.owner, owner.grants + tuple(Grant(*g) for g in grants))


def _checked_grantee(kind: str, value: str, argument: str) -> Grant | None:
    """Check one grantee (the argument names differ between headers and bodies)."""
    if kind == "CanonicalUser" and not _CANONICAL_ID.match(value):
        raise InvalidArgument("Invalid id", argument_name=argument if argument != "header" else "id",
                              argument_value=value)
    if kind == "Group" and value not in GROUPS:
        raise InvalidArgument("Invalid group uri", argument_name=argument if argument != "header" else "uri",
                              argument_value=value)
    if kind == "AmazonCustomerByEmail":
        raise UnresolvableGrantByEmailAddress()
    return None


def from_headers(store: Store, req: Request) -> Acl | None:
    """The ACL that `x-amz-grant-*` headers set (they replace the whole ACL: the owner is not added)."""
    grants: list[Grant] = []
    for header, permission in GRANT_HEADERS.items():
        raw = req.header(header)
        if raw is None:
            continue
        for part in raw.split(","):
            match = _GRANTEE.match(part)
            kinds = {"id": "CanonicalUser", "uri": "Group", "emailaddress": "AmazonCustomerByEmail"}
            if match is None or match.group(1).lower() not in kinds:
                raise InvalidArgument("Argument format not recognized", argument_name=header,
                                      argument_value=part.strip())
            kind = kinds[match.group(1).lower()]
            _checked_grantee(kind, match.group(2), "header")
            grants.append(Grant(kind, match.group(2), permission))
    return Acl(owner_id(store.account_id), tuple(grants)) if grants else None


def from_body(store: Store, req: Request) -> Acl:
    """The ACL of an `AccessControlPolicy` body; MalformedACLError for anything the schema does not allow."""
    if not req.body.strip():
        raise MalformedACLError()
    doc = req.xml("AccessControlPolicy", force_list=("Grant",))
    owner = doc.get("Owner")
    if not isinstance(owner, dict) or not isinstance(owner.get("ID"), str):
        raise MalformedACLError()
    listed = doc.get("AccessControlList")
    items = (listed.get("Grant") if isinstance(listed, dict) else None) or []
    grants: list[Grant] = []
    for item in items:
        grantee = item.get("Grantee") if isinstance(item, dict) else None
        permission = item.get("Permission") if isinstance(item, dict) else None
        if not isinstance(grantee, dict) or permission not in PERMISSIONS:
            raise MalformedACLError()
        kind = grantee.get("@xsi:type")
        field = {"CanonicalUser": "ID", "Group": "URI", "AmazonCustomerByEmail": "EmailAddress"}.get(str(kind))
        value = grantee.get(field) if field is not None else None
        if field is None or not isinstance(value, str):
            raise MalformedACLError()
        _checked_grantee(str(kind), value, f"{kind}/{field}")
        grants.append(Grant(str(kind), value, str(permission)))
    return Acl(owner_id(store.account_id), tuple(grants))


def from_request(store: Store, req: Request, *, body: bool) -> Acl | None:
    """The ACL a request sets: a canned `x-amz-acl`, grant headers, or (`body`) an AccessControlPolicy.

    Canned and grant headers together are InvalidRequest; an ACL request with none of them is
    MissingSecurityHeader; a write without any returns None (the object gets the owner's ACL)."""
    name = req.header("x-amz-acl")
    granted = from_headers(store, req)
    if name is not None and granted is not None:
        raise InvalidRequest("Specifying both Canned ACLs and Header Grants is not allowed")
    if name is not None:
        return canned(store, name)
    if granted is not None or not body:
        return granted
    if not req.body.strip():
        raise MissingSecurityHeader(missing_header_name="x-amz-acl")
    return from_body(store, req)


def is_public(acl: Acl) -> bool:
    return any(g.kind == "Group" and g.value in PUBLIC_GROUPS for g in acl.grants)


def check_block_public_acls(bucket: Bucket, acl: Acl) -> None:
    """Block Public Access `BlockPublicAcls`: a request that sets a public ACL is 403 AccessDenied."""
    block = bucket.security.public_access_block
    if block is not None and block.block_public_acls and is_public(acl):
        raise AccessDenied()


def grants_beyond_owner(store: Store, acl: Acl | None) -> bool:
    """True when `acl` grants anything to anyone but the owner (what BucketOwnerEnforced refuses)."""
    owner = owner_id(store.account_id)
    return acl is not None and any(not (g.kind == "CanonicalUser" and g.value == owner) for g in acl.grants)


def render(acl: Acl) -> dict[str, Any]:
    """The `AccessControlPolicy` document of `acl`."""
    grants = []
    for grant in acl.grants:
        grantee: dict[str, Any] = {"@xmlns:xsi": XSI, "@xsi:type": grant.kind}
        if grant.kind == "CanonicalUser":
            grantee["ID"] = grant.value
            if grant.value == acl.owner:
                grantee["DisplayName"] = "s3fake"
        elif grant.kind == "Group":
            grantee["URI"] = grant.value
        else:
            grantee["EmailAddress"] = grant.value
        grants.append({"Grantee": grantee, "Permission": grant.permission})
    owner = {"ID": acl.owner, "DisplayName": "s3fake"}
    return {"Owner": owner, "AccessControlList": {"Grant": grants} if grants else None}
