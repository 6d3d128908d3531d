"""csp.py: the Content-Security-Policy made from the built pages."""

from __future__ import annotations

import base64
import hashlib

import pytest

from showcase import csp

BASE = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def test_script_hash_is_the_one_browsers_compute() -> None:
    # The hash of the empty script, as printed in CSP's own examples and Chromium's console.
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    text = "var 名 = '案例';"
    expected = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    assert csp.script_hash(text) == f"'sha256-{expected}'"


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("<script>a()</script>", ["a()"]),
        ('<script type="module">b()</script>', ["b()"]),
        ("<SCRIPT type='text/javascript'>c()</SCRIPT >", ["c()"]),
        ("<script>\n  multi\n  line\n</script>", ["\n  multi\n  line\n"]),
        # Loaded from a file: allowed by 'self', never hashed.
        ('<script src="assets/x.js"></script>', []),
        ('<script defer src="assets/x.js"></script>', []),
        # Data blocks are never run, so CSP does not look at them.
        ('<script id="__config" type="application/json">{"a": 1}</script>', []),
        ("<p>no script</p>", []),
        ("<script>one()</script><p>x</p><script>two()</script>", ["one()", "two()"]),
    ],
)
def test_inline_scripts(markup: str, expected: list[str]) -> None:
    assert csp.inline_scripts(markup) == expected


def test_scripts_in_the_body_are_never_trusted() -> None:
    body = "<p>正文</p><script>steal()</script>"
    page = f"<head><script>theme()</script></head><body><article>{body}</article></body>"
    hashes, untrusted = csp.trusted_hashes(page, body)
    assert hashes == {csp.script_hash("theme()")}
    assert untrusted == 1


def test_without_a_body_every_inline_script_is_the_templates() -> None:
    page = "<script>theme()</script><script>other()</script>"
    assert csp.trusted_hashes(page, "") == (
        {csp.script_hash("theme()"), csp.script_hash("other()")},
        0,
    )


def test_base_policy() -> None:
    assert csp.serialize(csp.build_policy({}, [])) == BASE


def test_meta_policy_leaves_out_what_browsers_ignore_there() -> None:
    meta = csp.serialize(csp.build_policy({}, []), meta=True)
    assert meta == BASE.removesuffix("; frame-ancestors 'none'")


def test_hashes_and_extra_sources() -> None:
    policy = csp.build_policy(
        {
            "script-src": ["'wasm-unsafe-eval'"],
            "img-src": ["https://tiles.example.org"],
            "worker-src": ["blob:"],
        },
        ["'sha256-b'", "'sha256-a'", "'sha256-a'"],
    )
    assert policy["script-src"] == ("'self'", "'wasm-unsafe-eval'", "'sha256-a'", "'sha256-b'")
    assert policy["img-src"] == ("'self'", "data:", "https://tiles.example.org")
    # A directive the base leaves to default-src starts from default-src's sources.
    assert policy["worker-src"] == ("'self'", "blob:")


def test_a_source_given_twice_is_written_once() -> None:
    policy = csp.build_policy({"img-src": ["data:", "https://a.example"]}, [])
    assert policy["img-src"] == ("'self'", "data:", "https://a.example")


@pytest.mark.parametrize(
    "sources, message",
    [
        (
            {"scrpt-src": ["'self'"]},
            "不认识的指令 'scrpt-src'；可以扩展的指令：base-uri、child-src、"
            "connect-src、default-src、font-src、form-action、frame-ancestors、frame-src、img-src、"
            "manifest-src、media-src、object-src、script-src、style-src、worker-src",
        ),
        ({"img-src": "https://a.example"}, "img-src 的来源须写成列表，例如 [https://example.org]"),
        (
            {"img-src": ["https://a.example https://b.example"]},
            "img-src 的来源 'https://a.example https://b.example' "
            "须是一个不含空格、分号和逗号的来源，例如 https://example.org 或 'wasm-unsafe-eval'",
        ),
        (
            {"script-src": ["'unsafe-inline'"]},
            "script-src 不能加入 'unsafe-inline'：它会让注入的脚本也能运行；"
            "内联脚本请改为 assets/javascripts 下的文件",
        ),
        (
            {"script-src": ["https:"]},
            "script-src 不能加入 https:：它会让注入的脚本也能运行；"
            "内联脚本请改为 assets/javascripts 下的文件",
        ),
        (
            ["script-src"],
            "须为“指令: [来源, …]”的映射，例如 {script-src: [\"'wasm-unsafe-eval'\"]}",
        ),
    ],
)
def test_configured_sources_are_checked(sources: object, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        csp.validate_sources(sources)
    assert str(raised.value) == message


def test_valid_sources_pass() -> None:
    assert csp.validate_sources({"connect-src": ["https://api.example.org"]}) == {
        "connect-src": ("https://api.example.org",)
    }


def test_fill_meta_and_read_it_back() -> None:
    body = "<p>x</p><script>bad()</script>"
    page = (
        f'<head><meta http-equiv="Content-Security-Policy" content="{csp.PLACEHOLDER}">'
        f"<script>good()</script></head><body>{body}</body>"
    )
    filled, refused = csp.fill_meta(page, body, {})
    assert refused == 1
    assert csp.PLACEHOLDER not in filled
    assert csp.page_hashes(filled) == {csp.script_hash("good()")}
    assert "frame-ancestors" not in filled
    assert f"script-src 'self' 'wasm-unsafe-eval' {csp.script_hash('good()')};" in filled


def test_a_placeholder_in_the_body_is_not_the_policy() -> None:
    body = f"<p>{csp.PLACEHOLDER}</p>"
    page = (
        f'<head><meta http-equiv="Content-Security-Policy" content="{csp.PLACEHOLDER}"></head>'
        f"<body>{body}</body>"
    )
    filled, _ = csp.fill_meta(page, body, {})
    assert filled.count(csp.PLACEHOLDER) == 1 and body in filled


def test_pages_without_the_placeholder_are_left_alone() -> None:
    assert csp.fill_meta("<script>x()</script>", "", {}) == ("<script>x()</script>", 0)
    assert csp.page_hashes("<script>x()</script>") is None


def test_site_policy_is_the_union_of_the_pages() -> None:
    policy = csp.site_policy({}, [{"'sha256-a'"}, {"'sha256-b'", "'sha256-a'"}, set()])
    assert policy["script-src"] == ("'self'", "'wasm-unsafe-eval'", "'sha256-a'", "'sha256-b'")
