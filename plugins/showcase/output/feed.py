"""The Atom feed of updated cases (feed.xml), and which edits can change it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from showcase.graph import Graph
from showcase.routing import case_url

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(graph: Graph, *, title: str, site_url: str | None, limit: int = 50) -> str:
    """An Atom feed of the cases with an `updated` date, newest first. Links are absolute when
    the site's URL is known, else relative to the feed (which sits at the site root)."""
    dated = sorted(
        (case for case in graph.cases.values() if case.fields.updated),
        key=lambda case: (case.fields.updated, case.id),
        reverse=True,
    )[:limit]
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = (base or "urn:showcase:") + "feed.xml"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}feed.xml")
    newest = dated[0].fields.updated.isoformat() if dated else "1970-01-01"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest}T00:00:00Z"
    for case in dated:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = case.name
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            f"{base}{case_url(case)}" if base else f"urn:showcase:{case.id}"
        )
        ET.SubElement(entry, f"{{{ATOM}}}link", href=f"{base}{case_url(case)}")
        ET.SubElement(
            entry, f"{{{ATOM}}}updated"
        ).text = f"{case.fields.updated.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = case.fields.summary or case.name
        ET.SubElement(entry, f"{{{ATOM}}}category", term=case.kind)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def may_change(old: Graph, new: Graph, changed: set[str]) -> bool:
    """The feed lists the cases that carry an `updated` date: an edit to a case that has none,
    before or after, leaves it as it was."""
    return any(
        case is not None and case.fields.updated
        for graph in (old, new)
        for case in map(graph.all_cases.get, changed)
    )
