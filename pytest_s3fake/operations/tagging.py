"""S3 operations of the tagging family."""

from __future__ import annotations
