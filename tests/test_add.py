"""``newscli add`` against a local HTTP server (pytest-httpserver) serving pages as publishers
ship them: the article written is what the page says, passes lint, and is never half-made."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from newscli.cli import app

runner = CliRunner()
SITE = "https://www.reuters.com"


@pytest.fixture
def server(authority: tuple[trustme.CA, Path]) -> Iterator[HTTPServer]:
    """A TLS server on 127.0.0.1 that answers for www.reuters.com, as the publisher would."""
    ca, _ = authority
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("www.reuters.com").configure_cert(context)
    running = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    running.start()
    yield running
    running.clear()
    running.stop()


def reach(server: HTTPServer, authority: tuple[trustme.CA, Path]) -> list[str]:
    """The options that send https://www.reuters.com to the test server."""
    return [
        "--connect-to",
        f"www.reuters.com:443:127.0.0.1:{server.port}",
        "--ca-file",
        str(authority[1]),
    ]


ARTICLE: dict[str, object] = {
    "@type": "NewsArticle",
    "headline": "Chip rally lifts Asian markets &amp; the yen",
    "description": "Shares of chipmakers rose across Asia on Tuesday.",
    "datePublished": "2024-05-14T08:00:00+08:00",
    "publisher": {"@type": "Organization", "name": "Reuters"},
}
# As many publishers ship it: a list holding a graph, the article beside the page itself.
LD = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, ARTICLE]}


def page(
    *,
    ld: object = LD,
    title: str = "Chip rally - Reuters",
    head: str = "",
    canonical: str = "/markets/chip-rally/?utm_source=feed",
    amp: str | None = "/markets/chip-rally/amp/",
) -> str:
    links = f'<link rel="canonical" href="{canonical}">'
    if amp is not None:
        links += f'<link rel="amphtml" href="{amp}">'
    script = f'<script type="application/ld+json">{json.dumps([ld])}</script>' if ld else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{links}"
        '<meta property="og:site_name" content="Reuters">'
        '<meta property="og:image" content="https://www.reuters.com/missing.jpg">'
        '<meta property="og:image" content="/b.jpg">'
        '<meta property="og:image:width" content="800">'
        '<meta property="og:image:height" content="450">'
        f"{head}{script}</head><body><p>Story</p></body></html>"
    )


def add(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["add", *args, "--topic", "AI", "--folder", str(folder)])
    return result.exit_code, result.stdout, result.stderr


def lint(folder: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["lint", str(folder), "--output-format", "concise"])
    return result.exit_code, result.stdout


@pytest.fixture
def site(in_tmp: Path) -> Path:
    (in_tmp / "content").mkdir()
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    return in_tmp / "content"


Reach = tuple[HTTPServer, list[str]]


@pytest.fixture
def web(server: HTTPServer, authority: tuple[trustme.CA, Path]) -> Reach:
    return server, reach(server, authority)


def serve(web: Reach, path: str, body: str | bytes, **headers: str) -> str:
    server, _ = web
    kind = headers.pop("content_type", "text/html; charset=utf-8")
    server.expect_request(path).respond_with_data(body, content_type=kind, headers=headers)
    return f"{SITE}{path}"


def fetched(web: Reach, folder: Path, url: str, *args: str) -> tuple[int, str, str]:
    return add(folder, url, *web[1], *args)


def test_an_article_from_json_ld_in_a_graph_passes_lint(web: Reach, site: Path) -> None:
    url = serve(web, "/markets/chip-rally/", page())
    status, _, err = fetched(web, site, url)
    assert status == 0, err
    [written] = site.glob("*.md")
    assert written.name == "reuters-chip-rally-lifts-asian-markets-the-yen.md"
    text = written.read_text()
    assert "title: Chip rally lifts Asian markets & the yen\n" in text  # entity decoded
    assert "publishedDateTime: '2024-05-14T08:00:00+08:00'\n" in text
    assert f"sourceUrl: {SITE}/markets/chip-rally/\n" in text  # canonical, no utm_source
    assert f"ampUrl: {SITE}/markets/chip-rally/amp/\n" in text  # the relative link resolved
    assert "cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/" in text
    assert "  name: Reuters\n  domain: reuters.com\n" in text and "published: false\n" in text
    assert f"- url: {SITE}/b.jpg\n  width: 800\n  height: 450\n" in text  # only the sized one
    assert "missing.jpg" not in text  # no size in the markup, and none to be read from it
    assert lint(site) == (0, "")


def test_a_page_without_json_ld_is_read_from_opengraph_and_title(web: Reach, site: Path) -> None:
    head = (
        '<meta property="og:title" content="Heatwave grips Europe | Reuters">'
        '<meta property="article:published_time" content="2023-07-18T10:00:00Z">'
        '<meta name="description" content="Records fell.">'
    )
    url = serve(web, "/h", page(ld=None, head=head))
    status, out, err = fetched(web, site, url, "--dry-run")
    assert status == 0, err
    assert "title: Heatwave grips Europe\n" in out  # " | Reuters" is the site's name
    assert "publishedDateTime: '2023-07-18T10:00:00Z'\n" in out
    assert "excerpt: Records fell.\n" in out
    assert list(site.iterdir()) == []  # a dry run writes nothing


def test_a_time_without_an_offset_is_not_guessed(web: Reach, site: Path) -> None:
    url = serve(web, "/p", page(ld={**ARTICLE, "datePublished": "2024-05-14T08:00:00"}))
    status, _, err = fetched(web, site, url)
    assert status == 1 and "has no offset; give --timezone" in err
    status, out, _ = fetched(web, site, url, "--timezone", "Europe/Berlin", "--dry-run")
    assert status == 0 and "publishedDateTime: '2024-05-14T08:00:00+02:00'\n" in out


def test_a_page_in_latin_1_is_decoded_by_its_charset(web: Reach, site: Path) -> None:
    body = page(ld={**ARTICLE, "headline": "Caf\u00e9 chains expand"})
    latin = body.replace("charset='utf-8'", "").encode("latin-1")
    url = serve(web, "/l", latin, content_type="text/html; charset=ISO-8859-1")
    status, out, err = fetched(web, site, url, "--dry-run")
    assert status == 0, err
    assert "title: Caf\u00e9 chains expand\n" in out


def test_a_redirect_is_followed_to_the_page(web: Reach, site: Path) -> None:
    target = serve(web, "/markets/chip-rally/", page(canonical=""))
    web[0].expect_request("/old").respond_with_data("", status=301, headers={"Location": target})
    status, out, err = fetched(web, site, f"{SITE}/old", "--dry-run")
    assert status == 0, err
    assert f"sourceUrl: {target}\n" in out


@pytest.mark.parametrize(
    ("status", "kind", "headers", "message"),
    [
        (404, "text/html", {}, "the server answered 404"),
        (200, "application/json", {}, "not an HTML page (application/json)"),
    ],
)
def test_a_page_that_cannot_be_used_is_one_line_and_no_file(
    web: Reach, site: Path, status: int, kind: str, headers: dict[str, str], message: str
) -> None:
    web[0].expect_request("/x").respond_with_data(
        "x" * 100, status=status, content_type=kind, headers=headers
    )
    code, out, err = fetched(web, site, f"{SITE}/x")
    assert code == 1 and message in err and "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1
    assert list(site.iterdir()) == []


def test_a_body_larger_than_the_limit_is_stopped_while_it_arrives(web: Reach, site: Path) -> None:
    def endless(request: Request) -> Response:
        return Response((b"<p>" + b"x" * 65536 for _ in range(1000)), content_type="text/html")

    web[0].expect_request("/big").respond_with_handler(endless)
    code, _, err = fetched(web, site, f"{SITE}/big")
    assert code == 1 and "over the limit of" in err


def test_a_page_too_slow_to_answer_times_out(web: Reach, site: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(2)
        return Response(page(), content_type="text/html")

    web[0].expect_request("/slow").respond_with_handler(slow)
    code, _, err = fetched(web, site, f"{SITE}/slow", "--timeout", "0.2")
    assert code == 1 and "no answer within 0.2 seconds" in err


def test_an_unknown_certificate_authority_is_refused(web: Reach, site: Path) -> None:
    url = serve(web, "/markets/chip-rally/", page())
    code, _, err = add(site, url, *web[1][:2])  # no --ca-file: the system's authorities
    assert code == 1 and "CERTIFICATE_VERIFY_FAILED" in err


def test_a_hostile_page_gives_a_value_lint_passes_or_a_refusal(web: Reach, site: Path) -> None:
    ld = {
        **ARTICLE,
        "headline": "Rally\u202e\u0007 in   markets\u200b",
        "nested": [[[[[[[[[[[[["deep"]]]]]]]]]]]]],
    }
    hostile = page(
        ld=ld,
        canonical="javascript:alert(1)",
        amp="https://elsewhere.example.org/amp",
        head='<script type="application/ld+json">' + "[" * 100_000 + "</script>",
    )
    url = serve(web, "/evil", hostile)
    status, _, err = fetched(web, site, url)
    assert status == 0, err
    [written] = site.glob("*.md")
    text = written.read_text()
    assert "title: Rally in markets\n" in text  # control, bidi and zero-width characters gone
    assert f"sourceUrl: {url}\n" in text  # not the javascript: link
    assert "elsewhere" not in text  # an amphtml link to another site is not the article's
    assert lint(site) == (0, "")


def test_a_page_already_in_the_collection_is_refused_naming_the_file(
    web: Reach, site: Path
) -> None:
    url = serve(web, "/markets/chip-rally/", page())
    assert fetched(web, site, url)[0] == 0
    [first] = site.glob("*.md")
    other = serve(web, "/copy", page())  # the same story, under another address
    status, _, err = fetched(web, site, other)
    assert status == 1 and "already in the collection" in err and first.name in err
    assert list(site.glob("*.md")) == [first]


def test_a_saved_page_is_read_without_the_network(site: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(page())
    url = f"{SITE}/markets/chip-rally/"
    status, out, err = add(site, url, "--html", str(saved), "--dry-run")
    assert status == 0, err
    assert f"sourceUrl: {url}\n" in out and "  domain: reuters.com\n" in out


def test_an_image_without_a_size_in_the_markup_is_measured_from_its_header(
    web: Reach, site: Path
) -> None:
    from newscli.rules.images import png_header

    web[0].expect_request("/c.png").respond_with_data(
        png_header(640, 360), content_type="image/png"
    )
    url = serve(web, "/m", page(head='<meta property="og:image" content="/c.png">'))
    status, out, err = fetched(web, site, url, "--dry-run")
    assert status == 0, err
    assert f"- url: {SITE}/c.png\n  width: 640\n  height: 360\n" in out


def test_related_stories_are_read_the_same_way(web: Reach, site: Path) -> None:
    earlier = {**ARTICLE, "headline": "Chipmakers brace for a slowdown"}
    earlier_url = serve(
        web,
        "/markets/earlier/",
        page(
            ld={**earlier, "datePublished": "2024-01-02T09:00:00Z"}, canonical="/markets/earlier/"
        ),
    )
    url = serve(web, "/markets/chip-rally/", page())
    status, _, err = fetched(web, site, url, "--related", earlier_url)
    assert status == 0, err
    [written] = site.glob("*.md")
    text = written.read_text()
    assert (
        "related:\n- title: Chipmakers brace for a slowdown\n"
        f"  sourceUrl: {SITE}/markets/earlier/\n"
        "  publishedDateTime: '2024-01-02T09:00:00Z'\n  type: article\n"
        "  provider:\n    name: Reuters\n    domain: reuters.com\n  quality: 50\n"
    ) in text
    assert lint(site) == (0, "")


def test_a_related_page_that_fails_writes_nothing(web: Reach, site: Path) -> None:
    url = serve(web, "/markets/chip-rally/", page())
    web[0].expect_request("/gone").respond_with_data("", status=410)
    status, _, err = fetched(web, site, url, "--related", f"{SITE}/gone")
    assert status == 1 and "answered 410" in err
    assert list(site.iterdir()) == []


def test_many_pages_at_once_are_added_each_or_refused_each(
    web: Reach, site: Path, tmp_path: Path
) -> None:
    first = serve(web, "/markets/chip-rally/", page())
    second = serve(
        web,
        "/world/heat/",
        page(ld={**ARTICLE, "headline": "Heatwave grips Europe"}, canonical="/world/heat/"),
    )
    web[0].expect_request("/gone").respond_with_data("", status=404)
    copy = serve(web, "/copy", page())  # the first story again
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# today's stories\n{first}\n\n{second}\n{SITE}/gone\n{copy}\n")
    result = runner.invoke(
        app, ["add", "--from", str(listed), "--topic", "AI", "--folder", str(site), *web[1]]
    )
    assert result.exit_code == 1
    assert "Added 2 articles; 2 failed." in result.stderr
    assert "answered 404" in result.stderr and "already in the collection" in result.stderr
    assert sorted(path.name for path in site.glob("*.md")) == [
        "reuters-chip-rally-lifts-asian-markets-the-yen.md",
        "reuters-heatwave-grips-europe.md",
    ]
    assert lint(site) == (0, "")


def test_one_url_or_a_list_not_both(site: Path, tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text(f"{SITE}/a\n")
    result = runner.invoke(
        app, ["add", f"{SITE}/a", "--from", str(tmp_path / "urls.txt"), "--topic", "AI"]
    )
    assert result.exit_code == 2 and "or --from" in result.stderr


def test_the_configured_time_zone_reads_a_time_without_an_offset(web: Reach, site: Path) -> None:
    (site.parent / "newscli.toml").write_text('roots = ["content"]\ntimezone = "+05:30"\n')
    url = serve(web, "/p", page(ld={**ARTICLE, "datePublished": "2024-05-14T08:00:00"}))
    status, out, err = fetched(web, site, url, "--dry-run")
    assert status == 0, err
    assert "publishedDateTime: '2024-05-14T08:00:00+05:30'\n" in out
    (site.parent / "newscli.toml").write_text('roots = ["content"]\ntimezone = "Mars/Olympus"\n')
    status, _, err = fetched(web, site, url, "--dry-run")
    assert status == 2 and "timezone" in err


def test_a_sites_keys_are_written_from_their_defaults_and_from_set(
    site: Path, tmp_path: Path
) -> None:
    extension = {
        "properties": {
            "layout": {"enum": ["post", "page"], "default": "post"},
            "draft": {"type": "boolean", "default": True},
            "desk": {"type": "string", "description": "the desk that owns the story"},
        },
        "required": ["layout", "desk"],
    }
    (tmp_path / "site.schema.json").write_text(json.dumps(extension))
    (tmp_path / "newscli.toml").write_text(
        'roots = ["content"]\nextend-schema = "site.schema.json"\n'
    )
    saved = tmp_path / "saved.html"
    saved.write_text(page())
    url = f"{SITE}/markets/chip-rally/"
    status, _, err = add(site, url, "--html", str(saved))
    assert status == 1
    assert err == (
        "newscli: the site's schema (site.schema.json) requires `desk`, which the page cannot "
        "give and which has no default: give it with --set desk=VALUE\n"
    )
    assert list(site.glob("*.md")) == []
    status, _, err = add(site, url, "--html", str(saved), "--set", "desk=markets")
    assert status == 0, err
    (written,) = site.glob("*.md")
    text = written.read_text()
    assert "layout: post\ndraft: true\ndesk: markets\n---\n" in text
    assert lint(site) == (0, "")
    status, _, err = add(site, url, "--html", str(saved), "--set", "title=Mine")
    assert status == 2 and "`title` is the format's own key" in err
