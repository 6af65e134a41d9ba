"""botocore's S3 service model, loaded once: the one source of operation shapes for the wire layer
(checking request values and XML bodies) and for the HTTP door's routes.

Loading it costs tens of milliseconds, so it happens on first use, never at import.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def s3_model() -> Any:
    """botocore's `ServiceModel` for S3 (`botocore/data/s3/2006-03-01/service-2.json.gz`).

    From a session of its own: a client's session shares its loaded JSON with its clients, and botocore
    rewrites that JSON when a client first calls (`remove_bucket_from_url_paths_from_model` turns
    CreateBucket's `requestUri` `/{Bucket}` into `""`), which would hide bucket routes from the server."""
    import botocore.session

    return botocore.session.get_session().get_service_model("s3")


@functools.cache
def xml_payload_operations() -> frozenset[str]:
    """Operations whose request body is an XML document (not object bytes)."""
    model = s3_model()
    names = set()
    for name in model.operation_names:
        shape = model.operation_model(name).input_shape
        payload = shape.serialization.get("payload") if shape is not None else None
        if payload and shape.members[payload].type_name == "structure":
            names.add(name)
    return frozenset(names)
