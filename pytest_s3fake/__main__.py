"""`python -m pytest_s3fake serve ...`: the `s3fake` command."""

import sys

from pytest_s3fake.cli import main

sys.exit(main())
