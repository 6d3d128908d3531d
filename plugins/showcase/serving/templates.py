"""Compiled templates kept across `mkdocs serve` rebuilds.

MkDocs makes a new Jinja environment for every build, so without this every rebuild compiles
mkdocs-material's templates and ours again (about a second). Jinja checks each template's
source against the stored checksum, so an edited template is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache, in memory for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
