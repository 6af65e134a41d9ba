"""botocore's S3 service model, loaded once: the one source of operation shapes for the wire layer
(checking request values and XML bodies) and for the HTTP door's routes.

Loading it costs tens of milliseconds, so it happens on first use, never at import.
"""

from __future__ import annotations

import functools
import sys
from typing import Any


@functools.cache
def s3_model() -> Any:
    """botocore's `ServiceModel` for S3 (`botocore/data/s3/2006-03-01/service-2.json.gz`).

    Read through boto3's default session when one exists (`boto3.client()` made it), whose loader has
    usually loaded the model for the user's clients already: one copy of its ~27,000 JSON objects in
    memory instead of two, which every full garbage collection of a test process walks. Without one,
    a session of our own, so that boto3's default session is never created here under a fake's
    environment."""
    import botocore.session

    boto3 = sys.modules.get("boto3")
    default = getattr(getattr(boto3, "DEFAULT_SESSION", None), "_session", None)
    session = default if isinstance(default, botocore.session.Session) else botocore.session.get_session()
    return session.get_service_model("s3")


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
