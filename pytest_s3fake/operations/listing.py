"""S3 operations of the listing family."""

from __future__ import annotations
