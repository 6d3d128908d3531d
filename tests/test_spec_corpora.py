"""Independent tests written from the contract alone (/work/shared/spec/case-format.md).

(a) tests/fixtures/spec-corpus: a varied, valid corpus exercising everything the contract
    allows. It must build with `mkdocs build --strict`, and the built pages and open data must
    keep the contract's promises (pages per case, drafts left out, relations both ways, body
    links, exact decimal amounts, stats.csv with a BOM).
(b) tests/fixtures/broken/<rule>/: one corpus per rule, each breaking that rule once. The
    loader (which the build runs before anything is written) must report it with every line of
    expect.txt; checked in-process for each rule. One real `mkdocs build` of a broken corpus
    checks what only a build shows: it fails without a traceback, prints the report, and
    leaves a site built before in the same project folder untouched.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from conftest import FIXTURES, assert_golden, make_project, run_mkdocs_build
from showcase.loading.loader import load_corpus
from showcase.problems import format_report

SPEC_CORPUS = FIXTURES / "spec-corpus"
BROKEN_ROOT = FIXTURES / "broken"
BROKEN = sorted(p.name for p in BROKEN_ROOT.iterdir() if p.is_dir()) if BROKEN_ROOT.exists() else []

KIND_DIRS = {"cities": "city", "enterprises": "enterprise", "workers": "worker", "sources": "source"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
GOLDEN_REPORT = "report.txt"  # the whole report of a broken corpus


# --------------------------------------------------------------------------- the oracle
def read_front_matter(path: Path) -> dict:
    """Front matter of a case file as the contract describes it (BOM tolerated, CRLF ok)."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    assert text.startswith("---\n"), path
    front, _body = text[4:].split("\n---\n", 1) if "\n---\n" in text[4:] else (text[4:].rsplit("\n---", 1)[0], "")
    return yaml.safe_load(front) or {}


def corpus_cases(corpus: Path) -> dict[str, tuple[str, str, dict]]:
    """id -> (kind, folder, front matter)."""
    cases = {}
    for folder, kind in KIND_DIRS.items():
        for path in sorted((corpus / "content" / folder).glob("*.md")):
            cases[path.stem] = (kind, folder, read_front_matter(path))
    return cases


CASES = corpus_cases(SPEC_CORPUS)
PUBLISHED = {cid: c for cid, c in CASES.items() if not c[2].get("draft")}
DRAFTS = {cid: c for cid, c in CASES.items() if c[2].get("draft")}

# (case id, label) -> (amount, amount_high, qualifier, unit), computed by hand from the contract.
EXPECTED_AMOUNTS = {
    ("qinghe", "职业技能培训"): ("183000", None, None, "人次"),          # 18.3万人次
    ("qinghe", "技能提升补贴"): ("1500", "4000", None, "元"),            # 1500—4000元
    ("qinghe", "新增工会会员"): ("20000", None, "more", "人"),           # 2万多人
    ("qinghe", "产改示范项目奖励"): ("400000", None, None, "元"),        # 400000 + unit 元
    ("qinghe", "服务职工"): ("100000", None, "more", "人次"),            # 超十万人次
    ("baishan", "职业技能培训"): ("1000", None, "more", "人次"),          # 超千人次
    ("baishan", "新增工会会员"): ("3000", None, "more", "人"),           # 超过3000人
    ("baishan", "财政奖补资金"): ("30000000", None, "nearly", "元"),     # 近3千万元
    ("yunxi-town", "建会企业"): ("50", None, "more", "家"),              # 逾50家
    ("yunxi-town", "职工书屋"): ("10", None, "more", "个"),              # 十余个
    ("yunxi-town", "新工人岗前培训周期"): ("2", "3", None, "个月"),      # 2到3个月
    ("yunxi-park", "入驻企业"): ("36", None, None, "家"),                # 共36家
    ("yunxi-park", "技术骨干"): ("200", "300", None, "人"),              # 200人~300人
    ("yunxi-park", "企业建会率"): ("96.5", None, None, "%"),             # 96.5 + unit %
    ("lanjiang", "规上工业企业"): ("100", None, "nearly", "家"),         # 近百家
    ("heping-district", "技能竞赛单项奖励"): ("100000", "200000", None, "元"),  # 10万至20万元
    ("jinqiao-street", "企业建会率"): ("90", None, "more", "%"),         # 90%以上
    ("mingzhou", "职工教育经费投入"): ("1280000000", None, "about", "元"),  # 大约12.8亿元
    ("qinghe-energy-group", "职工创新创效价值"): ("200000000", None, "nearly", "元"),  # 近2亿元
    ("qinghe-energy-group", "单项创新最高奖励"): ("1000000", None, "more", "元"),      # 超百万元
    ("yunxi-mine", "班组长持证上岗率"): ("95", None, "nearly", "%"),     # 接近95%
    ("yunxi-mine", "在岗职工"): ("5000", None, "more", "人"),            # 5千余人
    ("yunxi-mine", "合理化建议"): ("300", None, "nearly", "个"),         # 将近300个
    ("lanjiang-power", "青工培养周期"): ("3", "5", None, "年"),          # 3-5年
    ("lanjiang-power", "职工创新创效价值"): ("125000000", None, None, "元"),  # 1.25亿元
    ("baishan-hydraulics", "职业技能培训"): ("15000", None, "about", "人次"),  # 约1.5万人次
    ("baishan-hydraulics", "一次交检合格率"): ("98.6", None, None, "%"),  # 达98.6%
    ("baishan-hydraulics", "研发投入占营业收入比重"): ("12.5", None, None, "%"),  # 12.5 + unit %
    ("songlin-precision", "高技能人才"): ("100", None, "more", "人"),    # 百余人
    ("jinqiao-textile", "技能攻关班组"): ("12", None, None, "个"),       # 12 + unit 个
    ("li-bing", "技术革新"): ("600", None, "more", "项"),                # 600余项
    ("zhou-min", "授权发明专利"): ("7", None, None, ""),                 # 7 + unit ""
    ("gu-xiaoyan", "带徒"): ("40", None, "about", "人"),                 # 约40人
}


def page_path(site: Path, case_id: str) -> Path:
    return site / CASES[case_id][1] / case_id / "index.html"


def page_url(case_id: str) -> str:
    return f"/{CASES[case_id][1]}/{case_id}/"


class _ArticleLinks(HTMLParser):
    """Links (resolved path, text) inside <article> elements of a page: the page's own
    content, not the site navigation."""

    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.depth = 0
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href is not None:
                path = urlparse(urljoin(self.base, href)).path
                if path.endswith("index.html"):
                    path = path[: -len("index.html")]
                self._href, self._text = path, []

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def article_links(site: Path, case_id: str) -> list[tuple[str, str]]:
    parser = _ArticleLinks("http://site" + page_url(case_id))
    parser.feed(page_path(site, case_id).read_text(encoding="utf-8"))
    return parser.links


def links_to(site: Path, case_id: str) -> set[str]:
    return {href for href, _ in article_links(site, case_id)}


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def spec_build(tmp_path_factory: pytest.TempPathFactory):
    project = make_project(tmp_path_factory.mktemp("spec") / "project", SPEC_CORPUS)
    result = run_mkdocs_build(project)
    return project, result


@pytest.fixture(scope="module")
def site(spec_build) -> Path:
    project, result = spec_build
    assert result.returncode == 0, ANSI.sub("", result.stdout + result.stderr)[-4000:]
    return project / "site"


@pytest.fixture(scope="module")
def cases_json(site: Path) -> list[dict]:
    return json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))


def _copy_item(item: Path, dst: Path) -> None:
    if item.is_dir() and not item.is_symlink():
        shutil.copytree(item, dst, symlinks=True)
    else:
        shutil.copy2(item, dst, follow_symlinks=False)


def broken_project(name: str, base: Path) -> Path:
    """A project folder holding the broken corpus `name` (its content/ and images/)."""
    target = base / name
    target.mkdir(parents=True)
    for item in (BROKEN_ROOT / name).iterdir():
        if item.name not in ("expect.txt", GOLDEN_REPORT):
            _copy_item(item, target / item.name)
    (target / "images").mkdir(exist_ok=True)
    return target


def expected_lines(name: str) -> list[str]:
    text = (BROKEN_ROOT / name / "expect.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def broken_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every broken corpus checked in-process, as the build checks it: name -> the report the
    build would print (the loader's problems, formatted), or "" when it found none."""
    base = tmp_path_factory.mktemp("broken")
    reports = {}
    for name in BROKEN:
        _corpus, problems = load_corpus(broken_project(name, base), "content", "images")
        reports[name] = format_report(problems) if problems else ""
    return reports


# =========================================================================== (a) valid corpus
@pytest.mark.slow  # a real mkdocs build
def test_spec_corpus_builds_strict(spec_build):
    _project, result = spec_build
    output = ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode == 0, output[-4000:]
    assert "Traceback" not in output


def test_corpus_is_what_the_tests_assume():
    # guards against the fixture drifting away from the expectations below
    assert len(CASES) >= 25
    assert set(DRAFTS) == {"heping-logistics", "xu-lei"}
    published_stats = {(cid, s["label"]) for cid, (_, _, fm) in PUBLISHED.items() for s in fm.get("stats", [])}
    assert published_stats == set(EXPECTED_AMOUNTS)


def test_every_published_case_has_its_page(site):
    missing = [page_url(cid) for cid in PUBLISHED if not page_path(site, cid).is_file()]
    assert not missing, missing


def test_two_people_named_li_bing_have_two_pages(site):
    for cid in ("li-bing", "li-bing-baishan"):
        assert ">李兵<" in page_path(site, cid).read_text(encoding="utf-8")


def test_bom_and_crlf_files_are_read(site):
    baishan = page_path(site, "baishan").read_text(encoding="utf-8")
    assert "柏山市" in baishan and "以液压机械产业集群闻名" in baishan
    town = page_path(site, "yunxi-town").read_text(encoding="utf-8")
    assert "云溪镇" in town and "柏山市下辖的工矿重镇" in town
    assert "\r" not in CASES["yunxi-town"][2]["summary"]


def test_drafts_are_left_out_of_the_site(site):
    for cid in DRAFTS:
        assert not (site / CASES[cid][1] / cid).exists(), f"draft {cid} has a page"
    needles = ["徐磊", "禾平物流", "草稿物流指标", "草稿职工指标", "xu-lei", "heping-logistics"]
    leaks = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".txt", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(site)}: {n}" for n in needles if n in text]
    assert not leaks, leaks


def test_meta_description_is_the_summary(site):
    html = page_path(site, "qinghe").read_text(encoding="utf-8")
    summary = CASES["qinghe"][2]["summary"]
    assert len(summary) == 160
    metas = re.findall(r'<meta\s+name="description"\s+content="([^"]*)"', html)
    assert summary in metas, metas


# ---- relations, both ways (pairs chosen so that no body link between them exists)
RELATIONS = [
    # worker -> enterprise and city (city derived from the enterprise when absent)
    ("gu-xiaoyan", "lanjiang-power"), ("gu-xiaoyan", "lanjiang"),
    ("wang-tao", "songlin-precision"), ("wang-tao", "yunxi-park"),
    ("li-bing", "yunxi-town"), ("zhou-min", "lanjiang"),
    # enterprise -> workers
    ("lanjiang-power", "gu-xiaoyan"), ("songlin-precision", "wang-tao"),
    # enterprise -> city; city -> enterprises
    ("lanjiang-power", "lanjiang"), ("lanjiang", "lanjiang-power"),
    ("yunxi-mine", "yunxi-town"), ("yunxi-town", "yunxi-mine"),
    ("songlin-precision", "yunxi-park"), ("yunxi-park", "songlin-precision"),
    ("jinqiao-textile", "jinqiao-street"), ("jinqiao-street", "jinqiao-textile"),
    # city -> workers, those of its enterprises included
    ("lanjiang", "zhou-min"), ("lanjiang", "gu-xiaoyan"), ("yunxi-park", "wang-tao"),
    ("yunxi-town", "li-bing"), ("jinqiao-street", "chen-hong"), ("baishan", "li-bing-baishan"),
    # child city -> parent; parent -> child cities (three levels deep)
    ("yunxi-park", "yunxi-town"), ("yunxi-town", "baishan"), ("lanjiang", "qinghe"),
    ("jinqiao-street", "heping-district"), ("heping-district", "qinghe"),
    ("yunxi-town", "yunxi-park"), ("baishan", "yunxi-town"), ("qinghe", "lanjiang"),
    ("qinghe", "heping-district"), ("heping-district", "jinqiao-street"),
    # member enterprise -> group; group -> members
    ("yunxi-mine", "qinghe-energy-group"), ("lanjiang-power", "qinghe-energy-group"),
    ("qinghe-energy-group", "yunxi-mine"), ("qinghe-energy-group", "lanjiang-power"),
    # case -> source (through `sources` or a stat's `source`); source -> citing cases
    ("mingzhou", "mingzhou-daily-2024"), ("gu-xiaoyan", "lanjiang-report-2022"),
    ("qinghe", "qinghe-2023-briefing"),
    ("mingzhou-daily-2024", "mingzhou"), ("lanjiang-report-2022", "gu-xiaoyan"),
    ("qinghe-2023-briefing", "qinghe"), ("qinghe-2023-briefing", "qinghe-energy-group"),
    ("qinghe-2023-briefing", "li-bing"),
]


@pytest.mark.parametrize("src,dst", RELATIONS, ids=[f"{a}->{b}" for a, b in RELATIONS])
def test_relation_is_shown(site, src, dst):
    assert page_url(dst) in links_to(site, src), f"{page_url(src)} does not link {page_url(dst)}"


def test_relation_check_is_not_trivially_true(site):
    # the page content must not simply link every case
    assert page_url("li-bing") not in links_to(site, "mingzhou")
    assert page_url("lanjiang-power") not in links_to(site, "jinqiao-street")


def test_source_page_lists_the_citing_stats(site):
    report = page_path(site, "lanjiang-report-2022").read_text(encoding="utf-8")
    assert "带徒" in report and "约40人" in report
    briefing = page_path(site, "qinghe-2023-briefing").read_text(encoding="utf-8")
    for figure in ("18.3万人次", "近2亿元", "600余项"):
        assert figure in briefing, figure


# ---- body
def test_wiki_links(site):
    assert (page_url("li-bing"), "李兵") in article_links(site, "yunxi-mine")            # [[id]]
    assert (page_url("baishan"), "柏山市") in article_links(site, "qinghe")              # [[id]]
    assert (page_url("qinghe-energy-group"), "能源集团") in article_links(site, "qinghe")  # [[id|text]]
    assert (page_url("li-bing-baishan"), "另一位李兵") in article_links(site, "li-bing")   # [[id|text]]


def test_ordinary_relative_link_between_case_files(site):
    assert (page_url("qinghe-energy-group"), "集团") in article_links(site, "li-bing")


def test_markdown_body_features(site):
    html = page_path(site, "qinghe").read_text(encoding="utf-8")
    assert "<table>" in html and "<td>18.3</td>" in html
    assert re.search(r"<h2[^>]*>改革概况</h2>", html)
    assert re.search(r"<h3[^>]*>培训人次</h3>", html)
    assert "<ul>" in html and "<ol>" in html
    assert "<strong>安全生产</strong>" in page_path(site, "li-bing").read_text(encoding="utf-8")
    assert page_path(site, "lanjiang").is_file()  # empty body


def test_figures_shown_as_written(site):
    html = page_path(site, "qinghe").read_text(encoding="utf-8")
    for text in ("18.3万人次", "1500—4000元", "2万多人", "超十万人次"):
        assert text in html, text


def test_untrusted_html_never_reaches_the_page(site):
    html = page_path(site, "jinqiao-textile").read_text(encoding="utf-8")
    article = html[html.find("<article"): html.rfind("</article>")]
    assert "厂区" in article and "导览" in article  # the safe text stays
    for bad in ("alert(", "<iframe", "display:none", "onclick", "onmouseover"):
        assert bad not in article, bad
    assert "javascript:" not in article.lower()


# ---- metrics
def test_metric_stats_shown_side_by_side(site):
    metrics = yaml.safe_load((SPEC_CORPUS / "content" / "metrics.yml").read_text(encoding="utf-8"))
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    for key in metrics:
        texts = [s["value"] if isinstance(s["value"], str) else None
                 for _, _, fm in PUBLISHED.values() for s in fm.get("stats", []) if s.get("metric") == key]
        texts = [t for t in texts if t]
        assert len(texts) >= 1, key
        hits = [h for h in pages if "<table" in h and ("<svg" in h or "<canvas" in h) and all(t in h for t in texts)]
        assert hits, f"no page shows {key} ({texts}) side by side in a table and a chart"


# ---- images
def test_gallery_caption_is_alt_text_and_credit_shown(site):
    html = page_path(site, "qinghe").read_text(encoding="utf-8")
    assert 'alt="青禾市运河沿岸的老工业区"' in html
    assert "通讯员 林舟" in html
    shared = page_path(site, "heping-district").read_text(encoding="utf-8")
    assert 'alt="从禾平区远眺运河工业区"' in shared  # same image as qinghe's first


def test_originals_not_published_and_metadata_removed(site):
    from PIL import Image

    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in (SPEC_CORPUS / "images").rglob("*") if p.is_file()}
    published = [p for p in site.rglob("*") if p.is_file()]
    copies = [str(p.relative_to(site)) for p in published if hashlib.sha256(p.read_bytes()).hexdigest() in originals]
    assert not copies, copies
    tainted = []
    for p in published:
        if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp", ".gif"}:
            with Image.open(p) as im:
                exif = im.getexif()
                if exif.get(0x010F) == "TestCam" or exif.get_ifd(0x8825):
                    tainted.append(str(p.relative_to(site)))
    assert not tainted, tainted


def _mean_rgb(path: Path):
    from PIL import Image

    with Image.open(path) as im:
        return im.convert("RGB").resize((1, 1), Image.BOX).getpixel((0, 0))


def _closest_original(image: Path, candidates: list[str]) -> str:
    mean = _mean_rgb(image)
    dist = {c: sum((a - b) ** 2 for a, b in zip(mean, _mean_rgb(SPEC_CORPUS / "images" / c))) for c in candidates}
    return min(dist, key=dist.get)


def _card_image(site: Path, folder: str, case_id: str) -> Path:
    """The image of the case's card on its kind's index page."""
    base = f"http://site/{folder}/"
    html = (site / folder / "index.html").read_text(encoding="utf-8")
    for href, inner in re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S):
        if urlparse(urljoin(base, href)).path == page_url(case_id):
            img = re.search(r'<img\b[^>]*src="([^"]+)"', inner)
            assert img, f"the card of {case_id} has no image"
            return site / urlparse(urljoin(base, img.group(1))).path.lstrip("/")
    raise AssertionError(f"no card for {case_id} on /{folder}/")


def test_cover_is_first_gallery_image_or_portrait_on_index_cards(site):
    pool = ["qinghe/skyline.jpg", "qinghe/workshop.png", "workers/li-bing.jpg", "workers/chen-hong.webp", "jinqiao/loom.gif"]
    assert _closest_original(_card_image(site, "cities", "qinghe"), pool) == "qinghe/skyline.jpg"
    assert _closest_original(_card_image(site, "workers", "li-bing"), pool) == "workers/li-bing.jpg"
    # chen-hong has both a portrait and a gallery: for a worker, the portrait is the cover
    assert _closest_original(_card_image(site, "workers", "chen-hong"), pool) == "workers/chen-hong.webp"


def test_cover_used_for_link_previews(site):
    # "index cards and link previews use it": read as Open Graph metadata for shared links
    html = page_path(site, "li-bing").read_text(encoding="utf-8")
    og = re.search(r'<meta\s+property="og:image"\s+content="([^"]+)"', html)
    assert og, "no og:image on a case page with a cover"
    target = urlparse(urljoin("http://site" + page_url("li-bing"), og.group(1))).path.lstrip("/")
    assert (site / target).is_file(), og.group(1)


# ---- open data
def test_cases_json_lists_published_cases(cases_json):
    assert isinstance(cases_json, list)
    by_id = {c["id"]: c for c in cases_json}
    assert len(by_id) == len(cases_json)
    assert set(by_id) == set(PUBLISHED)
    for cid, (kind, folder, fm) in PUBLISHED.items():
        c = by_id[cid]
        assert c["kind"] == kind, cid
        assert c["name"] == fm["name"], cid
        assert c["url"] == f"{folder}/{cid}/", cid


def test_cases_json_reference_fields(cases_json):
    by_id = {c["id"]: c for c in cases_json}
    assert by_id["yunxi-park"]["parent"] == "yunxi-town"
    assert by_id["yunxi-mine"]["parent"] == "qinghe-energy-group"
    assert by_id["yunxi-mine"]["city"] == "yunxi-town"
    assert by_id["wang-tao"]["enterprise"] == "songlin-precision"
    assert by_id["wang-tao"]["city"] == "yunxi-park"
    assert by_id["zhou-min"]["city"] == "lanjiang"
    assert by_id["mingzhou"]["sources"] == ["mingzhou-daily-2024"]
    assert by_id["li-bing"]["sources"] == ["qinghe-2023-briefing"]
    assert by_id["li-bing"]["enterprise"] == "yunxi-mine"
    # the worker's city "when absent it is the enterprise's city"
    assert by_id["li-bing"]["city"] == "yunxi-town"


def test_cases_json_stat_amounts_are_exact(cases_json):
    got = {}
    for c in cases_json:
        for s in c.get("stats", []):
            missing = {"label", "text", "amount", "amount_high", "unit", "qualifier", "year", "source", "metric"} - set(s)
            assert not missing, (c["id"], s, missing)
            got[(c["id"], s["label"])] = s
    assert set(got) == set(EXPECTED_AMOUNTS)
    wrong = []
    for key, (amount, high, qualifier, unit) in EXPECTED_AMOUNTS.items():
        s = got[key]
        unit_ok = s["unit"] == unit or (unit == "" and s["unit"] is None)
        if (s["amount"], s["amount_high"], s["qualifier"]) != (amount, high, qualifier) or not unit_ok:
            wrong.append((key, "want", (amount, high, qualifier, unit),
                          "got", (s["amount"], s["amount_high"], s["qualifier"], s["unit"])))
    assert not wrong, "\n".join(map(str, wrong))


def test_cases_json_stat_optional_fields(cases_json):
    by_id = {c["id"]: c for c in cases_json}
    s = next(s for s in by_id["qinghe"]["stats"] if s["label"] == "职业技能培训")
    assert s["text"] == "18.3万人次"
    assert s["year"] == 2022
    assert s["source"] == "qinghe-2023-briefing"
    assert s["metric"] == "skills-training"
    s = next(s for s in by_id["qinghe"]["stats"] if s["label"] == "技能提升补贴")
    assert s["text"] == "1500—4000元"
    assert s["year"] is None and s["source"] is None and s["metric"] == "skill-subsidy"


def test_stats_csv(site):
    raw = (site / "data" / "stats.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, data = rows[0], [r for r in rows[1:] if r]
    assert len(data) == len(EXPECTED_AMOUNTS), (len(data), header)
    for cid, label in EXPECTED_AMOUNTS:
        kind, _folder, fm = CASES[cid]
        matching = [r for r in data if cid in r and label in r]
        assert len(matching) == 1, (cid, label, matching)
        assert kind in matching[0] and fm["name"] in matching[0], matching[0]
    assert "草稿" not in raw.decode("utf-8-sig")


# =========================================================================== (b) broken corpora
def test_every_rule_has_a_broken_corpus():
    assert len(BROKEN) >= 40, BROKEN
    for name in BROKEN:
        assert (BROKEN_ROOT / name / "expect.txt").is_file(), name


@pytest.mark.parametrize("name", BROKEN)
def test_broken_corpus_is_rejected(broken_reports, name):
    report = broken_reports[name]
    assert report, "no problem found"
    missing = [line for line in expected_lines(name) if line not in report]
    assert not missing, f"missing {missing} in the report:\n{report[-3000:]}"
    # The whole text a contributor reads is the interface: it is held in a golden file
    # (UPDATE_GOLDEN=1 rewrites them; review the diff).
    assert_golden(BROKEN_ROOT / name / GOLDEN_REPORT, report + "\n")


def test_a_broken_build_fails_cleanly_and_keeps_the_previous_site(site: Path, tmp_path: Path):
    """The real `mkdocs build` on a broken corpus (every rule above reaches the build through
    the same loader): non-zero exit, every expected line, no traceback, and the site built
    before in the same project folder left as it was."""
    project = tmp_path / "project"
    shutil.copytree(site.parent, project, symlinks=True)
    for sub in ("content", "images"):
        shutil.rmtree(project / sub)
    broken = broken_project("several-at-once", tmp_path / "broken")
    for sub in ("content", "images"):
        shutil.copytree(broken / sub, project / sub, symlinks=True)
    before = snapshot(project / "site")
    result = run_mkdocs_build(project)
    output = ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode != 0, f"build succeeded:\n{output[-2000:]}"
    assert "Traceback" not in output, output[-3000:]
    missing = [line for line in expected_lines("several-at-once") if line not in output]
    assert not missing, f"missing {missing} in output:\n{output[-3000:]}"
    assert snapshot(project / "site") == before, "the failed build changed the previous site"
