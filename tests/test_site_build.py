"""End-to-end: the fixture corpus built with `mkdocs build --strict`, checked in the real HTML."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, read_page, run_mkdocs_build


def links_in(html: str, page_url: str) -> set[str]:
    """Every link of a page, as a site-relative URL (workers/ma-ben/)."""
    base = "/" + page_url.strip("/") + "/"
    return {
        posixpath.normpath(posixpath.join(base, href)).lstrip("/") + "/"
        for href in re.findall(r'href="([^"#]+)/"', html)
    }


def page_links(site: Path, url: str) -> set[str]:
    return links_in(article(read_page(site, url)), url)


def article(html: str) -> str:
    """The case page's own content, without the theme's header, nav and footer."""
    match = re.search(r'<article class="sc-case.*?</article>', html, re.S)
    assert match, "case page has no article"
    return match.group(0)


def test_every_published_case_has_its_page(mini_site: Path) -> None:
    for url in (
        "cities/river-city",
        "cities/town-a",
        "cities/hill-county",
        "enterprises/steel-group",
        "enterprises/steel-plant",
        "workers/wang-wu",
        "workers/zhao-liu",
        "sources/report-2024",
        "sources/old-brief",
    ):
        assert (mini_site / url / "index.html").is_file(), url


def test_drafts_are_absent_everywhere(mini_site: Path) -> None:
    assert not (mini_site / "enterprises/draft-corp").exists()
    assert not (mini_site / "workers/draft-worker").exists()
    for page in mini_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "draft-corp" not in text and "draft-worker" not in text, page
        assert "草稿公司甲" not in text or page.parent.name == "river-city", page
        assert "草稿工匠乙" not in text, page
    data = (mini_site / "data/cases.json").read_text(encoding="utf-8")
    assert "draft" not in data and "草稿" not in data


def test_worker_links_enterprise_and_city_and_back(mini_site: Path) -> None:
    worker = page_links(mini_site, "workers/wang-wu")
    assert "enterprises/steel-plant/" in worker
    # No city of its own: the enterprise's city (甲镇) is the worker's city.
    assert "cities/town-a/" in worker
    plant = page_links(mini_site, "enterprises/steel-plant")
    assert "workers/wang-wu/" in plant
    town = page_links(mini_site, "cities/town-a")
    assert "workers/wang-wu/" in town
    assert "enterprises/steel-plant/" in town


def test_city_hierarchy_and_group_members(mini_site: Path) -> None:
    town = page_links(mini_site, "cities/town-a")
    assert "cities/river-city/" in town
    city = page_links(mini_site, "cities/river-city")
    assert "cities/town-a/" in city
    assert "enterprises/steel-group/" in city
    group = page_links(mini_site, "enterprises/steel-group")
    assert "enterprises/steel-plant/" in group
    plant = page_links(mini_site, "enterprises/steel-plant")
    assert "enterprises/steel-group/" in plant


def test_source_lists_citing_cases_and_stats(mini_site: Path) -> None:
    links = page_links(mini_site, "sources/report-2024")
    for url in ("cities/river-city/", "enterprises/steel-group/", "workers/wang-wu/"):
        assert url in links
    source = article(read_page(mini_site, "sources/report-2024"))
    assert "18.3万人次" in source and "800元" in source and "1500—4000元" in source
    brief = article(read_page(mini_site, "sources/old-brief"))
    assert "约3000人" in brief
    assert "enterprises/steel-group/" in page_links(mini_site, "sources/old-brief")
    worker = page_links(mini_site, "workers/wang-wu")
    assert "sources/report-2024/" in worker


def test_body_wikilinks(mini_site: Path) -> None:
    city = read_page(mini_site, "cities/river-city")
    assert re.search(r'<a href="../town-a/">甲镇</a>', city)
    assert re.search(r'<a href="../../enterprises/steel-group/">江河钢铁集团公司</a>', city)
    assert "<code>[[not-a-link]]</code>" in city
    hill = read_page(mini_site, "cities/hill-county")
    assert '<a href="../../workers/zhao-liu/">赵六</a>' in hill
    # Mentions are shown back on the page mentioned.
    assert "cities/hill-county/" in page_links(mini_site, "workers/zhao-liu")


def test_stat_cards_show_figures_as_written(mini_site: Path) -> None:
    city = article(read_page(mini_site, "cities/river-city"))
    figures = re.findall(r'<p class="sc-stat__figure">([^<]+)</p>', city)
    assert figures == ["18.3万人次", "1500—4000元", "2万多人", "400000元", "超千人次"]
    assert '<p class="sc-stat__period">2022年</p>' in city
    assert 'href="../../sources/report-2024/"' in city


def test_bodies_are_sanitised(mini_site: Path) -> None:
    city = read_page(mini_site, "cities/river-city")
    body = article(city)
    assert "<script" not in body and "alert(" not in body
    assert "onclick" not in body and "javascript:" not in body.lower()
    assert "<iframe" not in body and "<style" not in body
    assert "点击无效" in body and "危险链接" in body


def test_open_data_cases_json(mini_site: Path) -> None:
    records = json.loads((mini_site / "data/cases.json").read_text(encoding="utf-8"))
    by_id = {record["id"]: record for record in records}
    assert set(by_id) == {
        "river-city",
        "town-a",
        "hill-county",
        "steel-group",
        "steel-plant",
        "wang-wu",
        "zhao-liu",
        "report-2024",
        "old-brief",
    }
    worker = by_id["wang-wu"]
    assert worker["kind"] == "worker" and worker["url"] == "workers/wang-wu/"
    assert worker["enterprise"] == "steel-plant" and worker["city"] == "town-a"
    assert by_id["steel-plant"]["parent"] == "steel-group"
    assert by_id["town-a"]["parent"] == "river-city"
    stats = by_id["river-city"]["stats"]
    assert stats[0] == {
        "label": "职业技能培训",
        "text": "18.3万人次",
        "amount": "183000",
        "amount_high": None,
        "unit": "人次",
        "qualifier": None,
        "year": 2022,
        "source": "report-2024",
        "metric": "skills-training",
        # Extensions: what was counted, and the period (here from the plain `year`).
        "measure": None,
        "period": {
            "text": "2022年",
            "kind": "year",
            "start": 2022,
            "end": 2022,
            "as_of": None,
            "label": "2022年",
        },
    }
    assert (stats[1]["amount"], stats[1]["amount_high"], stats[1]["unit"]) == ("1500", "4000", "元")
    assert (stats[2]["amount"], stats[2]["qualifier"]) == ("20000", "more")
    assert (stats[3]["text"], stats[3]["amount"], stats[3]["unit"]) == ("400000", "400000", "元")
    assert (stats[4]["amount"], stats[4]["qualifier"]) == ("1000", "more")
    assert by_id["town-a"]["stats"][0]["qualifier"] == "nearly"
    assert by_id["steel-group"]["stats"][0]["qualifier"] == "about"


def test_open_data_stats_csv(mini_site: Path) -> None:
    raw = (mini_site / "data/stats.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "id",
        "kind",
        "name",
        "label",
        "text",
        "amount",
        "amount_high",
        "unit",
        "qualifier",
        "year",
        "source",
        "metric",
    ]
    first = rows[0]
    assert (first["id"], first["kind"], first["name"], first["amount"]) == (
        "river-city",
        "city",
        "江河市",
        "183000",
    )
    assert len(rows) == 8  # every stat of every published case, drafts excluded
    assert not any(row["name"].startswith("草稿") for row in rows)


def test_index_pages_list_every_case(mini_site: Path) -> None:
    cities = read_page(mini_site, "cities")
    for url in ("river-city/", "town-a/", "hill-county/"):
        assert f'href="{url}"' in cities
    workers = read_page(mini_site, "workers")
    assert 'href="wang-wu/"' in workers and 'href="zhao-liu/"' in workers


def test_home_page_shows_counts(mini_site: Path) -> None:
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    kinds = re.search(r'<nav class="sc-front__kinds".*?</nav>', home, re.S).group(0)
    counts = re.findall(r"<strong>(\d+)</strong>([^<]+)</a>", kinds)
    assert counts == [("3", "城市"), ("2", "企业"), ("2", "劳模工匠"), ("2", "出处")]


def test_no_third_party_requests(mini_site: Path) -> None:
    """Nothing a page loads comes from another host (fonts, scripts, styles, images)."""
    for page in mini_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", html):
            assert not re.search(r'(?:src|href|srcset)="(?:https?:)?//', tag), (page, tag)


@pytest.mark.slow  # a real mkdocs build
def test_names_and_summaries_cannot_inject_html(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "mini")
    (project / "content/workers/evil.md").write_text(
        '---\nname: "<img src=x onerror=alert(1)>"\nsummary: "\\"><script>alert(2)</script>"\n'
        "city: river-city\n---\n",
        encoding="utf-8",
    )
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for page in ("workers/evil", "workers", "cities/river-city"):
        html = read_page(project / "site", page)
        assert "<img src=x" not in html and "<script>alert(2)" not in html, page
        assert "onerror=alert(1)>" not in html.replace("&gt;", ""), page


def test_metric_comparison_page(mini_site: Path) -> None:
    html = read_page(mini_site, "metrics/skills-training")
    rows = re.findall(r'<td class="sc-table__figure">([^<]+)', html)
    assert rows == ["18.3万人次", "近2万人次"]  # largest first
    svg = re.search(r"<svg class=\"sc-chart__svg\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    # Each row says what kind of place it is and the period.
    assert "江河市（地级市，2022年）：18.3万人次；甲镇（镇，2023年）：近2万人次。" in svg
    # Bars are shares of the chart's width, which is the column's.
    assert 'width="100%"' in svg and "viewBox" not in svg
    widths = [
        float(w) for w in re.findall(r'class="sc-chart__bar" x="0" y="\d+" width="([\d.]+)%"', svg)
    ]
    assert 100 > widths[0] > widths[1] > 0
    assert "对比对象包括地级市、镇" in html
    # A stat card carrying the metric links to its comparison, and the index lists it.
    city = read_page(mini_site, "cities/river-city")
    assert "metrics/skills-training/" in links_in(city, "cities/river-city")
    assert "可比指标：职业技能培训 ›" in city  # the link says what is compared
    assert 'href="skills-training/"' in read_page(mini_site, "metrics")


def test_sharing_metadata_and_feed(mini_site: Path) -> None:
    worker = read_page(mini_site, "workers/wang-wu")
    assert '<meta property="og:title" content="王五">' in worker
    assert '<meta property="og:image" content="../../assets/images/' in worker
    assert '<meta name="description" content="甲镇钢厂的炼钢工，全国劳动模范。">' in worker
    feed = (mini_site / "feed.xml").read_text(encoding="utf-8")
    assert "<title>江河市</title>" in feed and 'href="cities/river-city/"' in feed
    assert "<updated>2024-06-24T00:00:00Z</updated>" in feed
    assert "草稿" not in feed
