"""The domain types every stage shares: the kinds of case, a case, the corpus.

Plain data with no behaviour beyond reading their own fields, so that loading, checking,
routing and the views can all use them without importing each other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from showcase.models import CaseFields, City, Enterprise, Metric, Source, Worker
from showcase.parsing.frontmatter import FieldPath, FrontMatter
from showcase.parsing.links import find_wikilinks


@dataclass(frozen=True)
class Kind:
    """One kind of case: where its files live, the model that validates them, its name."""

    name: str  # as in the open data: city, enterprise, worker, source
    folder: str  # under content/, and the first part of its pages' URLs
    model: type[CaseFields]
    label: str  # what readers and contributors call it


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("city", "cities", City, "城市"),
        Kind("enterprise", "enterprises", Enterprise, "企业"),
        Kind("worker", "workers", Worker, "劳模工匠"),
        Kind("source", "sources", Source, "出处"),
    )
}
KIND_OF_FOLDER = {kind.folder: kind.name for kind in KINDS.values()}


@dataclass
class CaseFile:
    """A case file found in content/, before it is read."""

    kind: str
    id: str
    file: str  # a string, not a Path: pathlib costs too much per file at 20,000 files
    display: str  # project-relative, for messages


@dataclass
class Case:
    id: str
    kind: str
    path: str  # project-relative, for messages
    fields: CaseFields
    front: FrontMatter

    @property
    def folder(self) -> str:
        return KINDS[self.kind].folder

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def summary(self) -> str:
        """The summary as written; a source may have none, so one is derived from its facts."""
        if self.fields.summary:
            return self.fields.summary
        fields = self.fields
        return f"{fields.publisher} {fields.date} 发布的《{fields.name}》。"

    @property
    def draft(self) -> bool:
        return self.fields.draft

    def locate(self, path: FieldPath) -> tuple[int, int]:
        return self.front.locate(path)

    @property
    def cover_src(self) -> str | None:
        """The cover photo: for a worker the portrait, else the first gallery image."""
        portrait = getattr(self.fields, "portrait", None)
        if portrait:
            return portrait
        return self.fields.gallery[0].src if self.fields.gallery else None

    @functools.cached_property
    def image_sources(self) -> tuple[str, ...]:
        """The photos it uses, cover first; once per version of the file, like `mentions`."""
        return tuple(src for _, src in image_fields(self.front.data))

    @functools.cached_property
    def mentions(self) -> frozenset[str]:
        """The ids its body links to with [[id]]. Computed once per version of the file (the
        plugin keeps unchanged cases across `mkdocs serve` rebuilds)."""
        return frozenset(link.target for link in find_wikilinks(self.front.body))


def image_fields(data: dict) -> list[tuple[FieldPath, str]]:
    """Every image path a case file names, with its field; the cover comes first (a worker's
    portrait, else the first gallery image). Read from raw front matter, like references()."""
    used: list[tuple[FieldPath, str]] = []
    portrait = data.get("portrait")
    if isinstance(portrait, str) and portrait.strip():
        used.append((("portrait",), portrait.strip()))
    gallery = data.get("gallery")
    for index, image in enumerate(gallery if isinstance(gallery, list) else []):
        src = image.get("src") if isinstance(image, dict) else None
        if isinstance(src, str) and src.strip():
            used.append((("gallery", index, "src"), src.strip()))
    return used


@dataclass
class Corpus:
    cases: dict[str, Case] = field(default_factory=dict)  # every valid case, drafts included
    metrics: dict[str, Metric] = field(default_factory=dict)
