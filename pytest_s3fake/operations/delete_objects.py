"""S3 operations of the delete_objects family."""

from __future__ import annotations
