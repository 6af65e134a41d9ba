"""S3 operations of the multipart family."""

from __future__ import annotations
