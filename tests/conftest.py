from __future__ import annotations

import os
import tempfile

pytest_plugins = ["tests.personas", "tests.screened"]

# Keep every test's files (SQLite, static) out of the user's real data directory.
os.environ.setdefault("DAIFA_DATA_DIR", tempfile.mkdtemp(prefix="daifa-test-"))
