"""The AMP Cache URL function against the reference implementation and its own properties."""

import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import splice
from newscli.amp_cache_urls import cache_subdomain, cache_url
from newscli.cli import app
from newscli.urls import UrlError

REFERENCE = json.loads((Path(__file__).parent / "data" / "amp_reference.json").read_text("utf-8"))


@pytest.mark.parametrize("row", REFERENCE, ids=lambda row: row["url"][:60])
def test_agrees_with_the_reference_implementation(row: dict[str, str]) -> None:
    try:
        ours = cache_url(row["url"])
    except UrlError as error:
        # The only URLs we refuse are those whose host is not a valid DNS name.
        assert "host name" in str(error)
        return
    assert ours == row.get("cache"), row.get("error")


def test_what_the_reference_refuses_is_refused() -> None:
    refused = [row["url"] for row in REFERENCE if "error" in row]
    assert refused
    for url in refused:
        with pytest.raises(UrlError, match="not valid punycode"):
            cache_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.example.com/a",
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a",
        ),
        ("http://ab.c-d.com/p", "https://ab-c--d-com.cdn.ampproject.org/c/ab.c-d.com/p"),
        ("https://ab-c.com/", "https://0-ab--c-com-0.cdn.ampproject.org/c/s/ab-c.com/"),
        ("https://bücher.de/x", "https://xn--bcher-de-65a.cdn.ampproject.org/c/s/bücher.de/x"),
        (
            "https://xn--bcher-kva.de/x",
            "https://xn--bcher-de-65a.cdn.ampproject.org/c/s/xn--bcher-kva.de/x",
        ),
        # The reference drops the "/" before "?" and "#"; the cache serves the path as written.
        (
            "https://example.com/a/?q=1",
            "https://example-com.cdn.ampproject.org/c/s/example.com/a/?q=1",
        ),
        (
            "https://example.com/a/#top",
            "https://example-com.cdn.ampproject.org/c/s/example.com/a/#top",
        ),
        # The reference picks /i/ or /r/ from an extension; a document is always /c/.
        (
            "https://example.com/p.png",
            "https://example-com.cdn.ampproject.org/c/s/example.com/p.png",
        ),
        (
            "https://example.com/f.woff",
            "https://example-com.cdn.ampproject.org/c/s/example.com/f.woff",
        ),
        ("https://example.com:443/a", "https://example-com.cdn.ampproject.org/c/s/example.com/a"),
    ],
)
def test_known_urls(url: str, expected: str) -> None:
    assert cache_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com:8080/a", "port 8080"),
        ("https://user@example.com/a", "user name"),
        ("https://user:pw@example.com/a", "user name"),
        ("ftp://example.com/a", "http or https"),
        ("example.com/a", "absolute URL"),
        ("https://localhost/a", "single label"),
        ("https://exa_mple.com/a", "invalid host name"),
        ("https://192.168.0.1/a", "IP address"),
        ("https://[::1]/a", "IP address"),
        ("https://xn--zz-.com/", "invalid host name"),
    ],
)
def test_urls_the_cache_cannot_serve(url: str, message: str) -> None:
    with pytest.raises(UrlError, match=message):
        cache_url(url)


def test_hashed_fallback_for_names_with_hyphens_at_3_4() -> None:
    assert (
        cache_subdomain("ab--c.example.com")
        == "34yf2c3vkk3uq2upza67ye3lanmrpgt4pyv4g4o5bw37sfgxdhta"
    )


LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=20)
HOSTS = st.lists(
    st.one_of(
        LABEL,
        st.builds(lambda a, b: f"{a}-{b}", LABEL, LABEL),
        st.sampled_from(["bücher", "пример", "😀"]),
    ),
    min_size=1,
    max_size=4,
).map(lambda labels: ".".join([*labels, "com"]))
# What a URL may hold after its host: escapes only where valid, one fragment at most.
_PART = st.text(alphabet=string.ascii_letters + string.digits + "/?&=.-_~", min_size=1, max_size=8)
RESTS = st.builds(
    lambda parts, fragment: "/" + "".join(parts) + fragment,
    st.lists(st.one_of(_PART, st.sampled_from(["%2F", "%41", "%e2%82%ac"])), max_size=5),
    st.one_of(st.just(""), _PART.map(lambda text: "#" + text)),
)


@given(HOSTS, RESTS, st.sampled_from(["http", "https"]))
def test_properties(host: str, rest: str, scheme: str) -> None:
    url = cache_url(f"{scheme}://{host}{rest}")
    serving = "/c/s/" if scheme == "https" else "/c/"
    subdomain, _, tail = url.removeprefix("https://").partition(".cdn.ampproject.org")
    # The path and everything after it are kept byte for byte.
    assert tail == f"{serving}{host}{rest}"
    # The subdomain is one lower-case DNS label, whatever the host.
    assert subdomain.isascii() and subdomain == subdomain.lower()
    assert all(char.isalnum() or char == "-" for char in subdomain)
    # Case in the host never changes the cache URL.
    assert cache_url(f"{scheme}://{host.upper()}{rest}") == url


@pytest.mark.parametrize("port", [":00443", ":443", ":0443", ""])
def test_a_default_port_however_written_is_no_port(port: str) -> None:
    expected = "https://example-com.cdn.ampproject.org/c/s/example.com/a"
    assert cache_url(f"https://example.com{port}/a") == expected
    assert cache_url(f"http://example.com{port.replace('443', '80')}/a").endswith(
        "/c/example.com/a"
    )


@pytest.mark.parametrize("label", ["xn--a", "xn--abc-", "xn--ls8h-news", "xn--zz", "xn--"])
def test_a_label_that_is_not_real_punycode_is_refused(label: str) -> None:
    with pytest.raises(UrlError, match="host name"):
        cache_url(f"https://{label}.com/a")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com/a b", "white space"),
        ("https://example.com/a|b", "percent-encode: |"),
        ("https://example.com/100%", "does not start an escape"),
    ],
)
def test_amp_url_refuses_what_lint_refuses(url: str, message: str) -> None:
    result = CliRunner().invoke(app, ["amp", "url", url])
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr


def test_amp_diff_exits_1_with_changes_and_names_a_files_first_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    amp = "https://mobile.reuters.com/article/amp/x"
    (tmp_path / "a.md").write_text(splice(f"ampUrl: {amp}\n"))
    (tmp_path / "b.md").write_text("---\ntitle: [unclosed\n---\n")
    result = CliRunner().invoke(app, ["amp", "--diff"])
    assert result.exit_code == 1 and "+cdnAmpUrl: https://mobile-reuters-com" in result.stdout
    assert (
        "b.md: not changed: it has errors that `newscli lint` reports, first on line 2: the "
        "YAML does not parse: the list `[` opened at 2:8 is never closed" in result.stderr
    )


def test_amp_drop_lists_its_changes_in_line_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    amp = "https://mobile.reuters.com/article/amp/x"
    cdn = cache_url(amp)
    (tmp_path / "a.md").write_text(splice(f"ampUrl: {amp}\ncdnAmpUrl: {cdn}\n"))
    out = CliRunner().invoke(app, ["amp", "--drop"]).stdout.splitlines()
    assert [line.split(":")[1] for line in out] == ["16", "17"]


def test_amp_url_is_a_command_with_its_own_help_and_usage() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["amp", "url", "--help"])
    assert result.exit_code == 0
    assert "Usage: newscli amp url [OPTIONS] [URLS]..." in result.stdout
    assert "--write" not in result.stdout  # the repair's options are not url's
    repair = runner.invoke(app, ["amp", "--help"])
    assert "Usage: newscli amp [OPTIONS] [PATHS]..." in repair.stdout
    assert "--write" in repair.stdout
