"""S3 operations of the object_lock family."""

from __future__ import annotations
