"""``newscli server`` end to end: a real LSP client (pytest-lsp) talks to the server in a
subprocess over stdio, as VS Code (UTF-16 positions) or Neovim (UTF-8) would."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import BASE_ARTICLE, lint_json, splice

SOURCE = "https://www.reuters.com/markets/base-story-for-tests"
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "newscli", "server"])


REGISTERED: list[types.Registration] = []


async def started(client: LanguageClient, folder: Path, spec: str) -> None:
    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:  # as editors do
        REGISTERED.extend(params.registrations)

    await client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities(spec), root_uri=folder.as_uri())
    )


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]
async def vscode(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[LanguageClient]:
    await started(lsp_client, tmp_path, "visual-studio-code")
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]
async def neovim(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[LanguageClient]:
    await started(lsp_client, tmp_path, "neovim")
    yield lsp_client
    await lsp_client.shutdown_session()


async def opened(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    """Open ``text`` as the document at ``path`` and wait for its diagnostics."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def change(client: LanguageClient, path: Path, text: str, version: int = 2) -> None:
    """The whole text of ``path``'s buffer replaced, as an editor sends each change."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def applied(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with LSP edits applied (positions in UTF-16, as VS Code counts them)."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = "".join(lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return len(before) + index
            units += len(char.encode("utf-16-le")) // 2
        return len(before) + len(line.rstrip("\r\n"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


@pytest.mark.asyncio
async def test_an_open_article_gets_lints_findings_at_the_value(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    text = splice("quality: 150\n")
    [found] = await opened(vscode, tmp_path / "a.md", text)
    line = text.splitlines().index("quality: 150")
    assert found.code == "NC103" and found.source == "newscli"
    assert found.severity == types.DiagnosticSeverity.Error
    assert (found.range.start.line, found.range.start.character) == (line, 9)
    assert (found.range.end.line, found.range.end.character) == (line, 12)
    assert found.code_description is not None
    assert found.code_description.href.endswith("#nc103-out-of-range")
    assert "150" in found.message


@pytest.mark.asyncio
async def test_pulled_diagnostics_are_the_pushed_ones(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.md"
    pushed = await opened(vscode, path, splice("quality: 150\npublished: yes\n"))
    report = await vscode.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    assert isinstance(
        report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport
    )
    assert [d.code for d in report.items] == [d.code for d in pushed] == ["NC103", "NC106"]


@pytest.mark.asyncio
async def test_a_change_is_linted_a_moment_later_on_the_unsaved_text(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.md"
    assert await opened(vscode, path, BASE_ARTICLE) == []
    change(vscode, path, splice("quality: 150\n"))
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in vscode.diagnostics[path.as_uri()]] == ["NC103"]
    assert not path.exists()  # nothing was written


@pytest.mark.asyncio
async def test_a_quick_fix_and_fix_all_give_what_lint_fix_writes(
    vscode: LanguageClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    text = splice("published: yes\ntitle: '  Central banks weigh slower rate cuts  '\n")
    found = await opened(vscode, path, text)
    assert sorted(d.code for d in found if d.code) == ["NC106", "NC505"]
    everything = types.Range(types.Position(0, 0), types.Position(100, 0))
    actions = await vscode.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()), everything, types.CodeActionContext(found)
        )
    )
    assert actions is not None
    titles = [action.title for action in actions if isinstance(action, types.CodeAction)]
    assert "Ignore NC106 on this line" in titles
    quick = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Fix NC106")
    )
    assert quick.is_preferred and quick.edit is not None and quick.edit.changes is not None
    fixed_one = applied(text, list(quick.edit.changes[path.as_uri()]))
    assert "published: true\n" in fixed_one and "published: yes" not in fixed_one
    fix_all = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.kind == "source.fixAll.newscli"
    )
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    everything_fixed = applied(text, list(fix_all.edit.changes[path.as_uri()]))
    (tmp_path / "b.md").write_text(text)
    from typer.testing import CliRunner

    from newscli.cli import app

    monkeypatch.chdir(tmp_path)  # the workspace, as the server's
    result = CliRunner().invoke(app, ["lint", "--fix", "b.md"])
    assert result.exit_code == 0, result.stdout
    assert everything_fixed == (tmp_path / "b.md").read_text()


@pytest.mark.asyncio
async def test_the_ignore_action_writes_a_suppression_lint_honours(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.md"
    text = splice("quality: 150\n")
    found = await opened(vscode, path, text)
    actions = await vscode.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            found[0].range,
            types.CodeActionContext(found),
        )
    )
    assert actions is not None
    ignore = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Ignore")
    )
    assert ignore.edit is not None and ignore.edit.changes is not None
    changed = applied(text, list(ignore.edit.changes[path.as_uri()]))
    assert "quality: 150  # newscli: ignore[NC103]\n" in changed
    change(vscode, path, changed)
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(vscode.diagnostics[path.as_uri()]) == []


TITLE = 'title: "Rally 🎉 for\u200b markets"\n'  # NC506 at the zero-width space, after an emoji


@pytest.mark.asyncio
async def test_positions_after_an_emoji_are_counted_in_utf16_for_vscode(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    found = await opened(vscode, tmp_path / "a.md", splice(TITLE))
    [space] = [d for d in found if d.code == "NC506"]
    assert space.range.start.character == len('title: "Rally 🎉 for'.encode("utf-16-le")) // 2


@pytest.mark.asyncio
async def test_positions_after_an_emoji_are_counted_in_utf8_for_neovim(
    neovim: LanguageClient, tmp_path: Path
) -> None:
    found = await opened(neovim, tmp_path / "a.md", splice(TITLE))
    [space] = [d for d in found if d.code == "NC506"]
    assert space.range.start.character == len('title: "Rally 🎉 for'.encode())


@pytest.mark.asyncio
@pytest.mark.parametrize("shape", ["crlf", "bom", "cjk"])
async def test_positions_hold_in_crlf_bom_and_cjk_files(
    vscode: LanguageClient, tmp_path: Path, shape: str
) -> None:
    text = splice('title: "日本語のタイトル"\nquality: 150\n')
    if shape == "crlf":
        text = text.replace("\n", "\r\n")
    elif shape == "bom":
        text = "\ufeff" + text
    found = await opened(vscode, tmp_path / "a.md", text)
    [quality] = [d for d in found if d.code == "NC103"]
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("quality"))
    assert (quality.range.start.line, quality.range.start.character) == (line, 9)


@pytest.mark.asyncio
async def test_a_file_outside_the_content_roots_gets_no_diagnostics(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "newscli.toml").write_text('roots = ["site"]\n')
    assert await opened(vscode, tmp_path / "README.md", "# Read me\n") == []
    assert await opened(vscode, tmp_path / "site" / "a.md", splice("quality: 150\n")) != []


@pytest.mark.asyncio
async def test_a_duplicate_on_disk_is_found_for_the_buffer(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "old.md").write_text(BASE_ARTICLE)
    found = await opened(vscode, tmp_path / "new.md", BASE_ARTICLE)
    assert [d.code for d in found] == ["NC601"]
    assert "old.md" in found[0].message
    # The range covers the value, so that an editor underlines it.
    line = BASE_ARTICLE.splitlines().index(f"sourceUrl: {SOURCE}")
    assert found[0].range == types.Range(
        types.Position(line, len("sourceUrl: ")), types.Position(line, len(f"sourceUrl: {SOURCE}"))
    )


@pytest.mark.asyncio
async def test_a_malformed_suppression_is_underlined_whole(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    text = splice("quality: 70  # newscli: ignore[NC9999\n")
    found = await opened(vscode, tmp_path / "a.md", text)
    [malformed] = [d for d in found if d.code == "NC902"]
    line = text.splitlines()[malformed.range.start.line]
    assert malformed.range.end.line == malformed.range.start.line
    assert malformed.range.end.character == len(line.rstrip()) > malformed.range.start.character


@pytest.mark.asyncio
async def test_a_changed_configuration_lints_the_open_buffers_again(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.md"
    assert [d.code for d in await opened(vscode, path, splice("quality: 150\n"))] == ["NC103"]
    # Asked for at `initialized`, so before the diagnostics above: the client watches the files.
    watched = [r for r in REGISTERED if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched and watched[-1].register_options is not None
    (tmp_path / "newscli.toml").write_text('ignore = ["NC103"]\n')
    vscode.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent((tmp_path / "newscli.toml").as_uri(), types.FileChangeType.Created)]
        )
    )
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(vscode.diagnostics[path.as_uri()]) == []


@pytest.mark.asyncio
async def test_a_hostile_buffer_gets_what_lint_says_of_the_file(
    vscode: LanguageClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    hostile = "---\n" + "[" * 10_000 + "\n---\n\x00"
    found = await opened(vscode, path, hostile)
    path.write_text(hostile)
    monkeypatch.chdir(tmp_path)
    from typer.testing import CliRunner

    from newscli.cli import app

    shown = CliRunner().invoke(app, ["lint", "a.md", "--output-format", "json"]).stdout
    import json

    assert [d.code for d in found] == [item["code"] for item in json.loads(shown)["findings"]]


@pytest.mark.asyncio
async def test_a_request_that_fails_is_answered_and_the_server_goes_on(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    missing = types.TextDocumentIdentifier(uri=(tmp_path / "never-opened.md").as_uri())
    with pytest.raises(Exception, match="never-opened"):
        await vscode.text_document_hover_async(
            types.HoverParams(missing, types.Position(line=0, character=0))
        )
    assert await opened(vscode, tmp_path / "a.md", splice("quality: 150\n")) != []


def at(text: str, prefix: str) -> types.Position:
    """The position just after the first line that starts with ``prefix``, at its end."""
    lines = text.split("\n")
    line = next(i for i, row in enumerate(lines) if row.startswith(prefix))
    return types.Position(line=line, character=len(prefix))


@pytest.mark.asyncio
async def test_hovering_a_key_says_what_it_holds_and_a_finding_its_rule(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.md"
    text = splice("quality: 150\n")
    await opened(vscode, path, text)
    document = types.TextDocumentIdentifier(uri=path.as_uri())
    key = await vscode.text_document_hover_async(types.HoverParams(document, at(text, "exc")))
    assert key is not None and isinstance(key.contents, types.MarkupContent)
    assert key.contents.value.startswith("**excerpt**: A sentence or two about the story")
    rule = await vscode.text_document_hover_async(
        types.HoverParams(document, at(text, "quality: 15"))
    )
    assert rule is not None and isinstance(rule.contents, types.MarkupContent)
    assert rule.contents.value.startswith("**NC103 out-of-range**")
    assert "#nc103-out-of-range" in rule.contents.value


async def completed(client: LanguageClient, path: Path, text: str, prefix: str) -> list[str]:
    change(client, path, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri=path.as_uri()), at(text, prefix))
    )
    assert isinstance(result, types.CompletionList)
    return [item.insert_text or item.label for item in result.items]


@pytest.mark.asyncio
async def test_completion_offers_the_keys_and_values_the_format_allows(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "newscli.toml").write_text('topics = ["AI", "Markets"]\n')
    path = tmp_path / "a.md"
    await opened(vscode, path, BASE_ARTICLE)
    head, _, rest = BASE_ARTICLE.partition("provider:\n")
    text = f"{head}provider:\n  \n{rest}"
    assert await completed(vscode, path, text, "  \n"[:2]) == ["images: "]  # name, domain set
    keys = await completed(vscode, path, BASE_ARTICLE.replace("title:", "ti"), "ti")
    assert "title: " in keys and "heat: " not in keys  # heat is already there
    category = BASE_ARTICLE.replace("category: news", "category: ")
    assert "press-release" in await completed(vscode, path, category, "category: ")
    published = BASE_ARTICLE.replace("published: true", "published: ")
    assert await completed(vscode, path, published, "published: ") == ["true", "false"]
    amp = "ampUrl: https://www.bbc.co.uk/news/amp/x\ncdnAmpUrl: \n"
    derived = await completed(vscode, path, splice(amp), "cdnAmpUrl: ")
    assert derived == ["https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/x"]
    topics = splice("topics:\n  - \n")
    assert await completed(vscode, path, topics, "  - ") == ["AI", "Markets"]


@pytest.mark.asyncio
async def test_two_open_buffers_with_one_sourceurl_each_see_the_other(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    assert await opened(vscode, first, BASE_ARTICLE) == []
    found = await opened(vscode, second, BASE_ARTICLE)  # neither is on disk
    assert [d.code for d in found] == ["NC601"] and "first.md" in found[0].message
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in vscode.diagnostics[first.as_uri()]] == ["NC601"]
    change(vscode, second, splice("sourceUrl: https://x.com/b\n"))
    for _ in range(2):  # the changed buffer's, then the other's
        await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(vscode.diagnostics[first.as_uri()]) == []


@pytest.mark.asyncio
async def test_a_save_lints_the_saved_text(vscode: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert await opened(vscode, path, splice("quality: 150\n")) != []
    path.write_text(BASE_ARTICLE)
    change(vscode, path, BASE_ARTICLE)
    vscode.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(vscode.diagnostics[path.as_uri()]) == []


@pytest.mark.asyncio
async def test_a_buffer_over_the_size_limit_gets_lints_one_finding(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "newscli.toml").write_text("max-file-size = 1000\n")
    [found] = await opened(vscode, tmp_path / "a.md", BASE_ARTICLE + "x" * 1000)
    assert found.code == "NC011"
    assert found.message == "the editor's text holds more than the limit of 1,000 bytes"


def test_the_server_ends_when_its_client_goes_away(tmp_path: Path) -> None:
    # Standard input closed at once, as when an editor quits: the server must not linger.
    done = subprocess.run(
        [sys.executable, "-m", "newscli", "server"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=tmp_path,
        timeout=120,  # a hang guard, not a speed limit
    )
    assert b"Traceback" not in done.stderr


@pytest.mark.asyncio
async def test_a_buffer_is_judged_by_its_own_project_as_lint_judges_the_file(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    site = tmp_path / "work" / "site"  # deeper than the workspace, with its own settings
    (site / "content").mkdir(parents=True)
    (site / "newscli.toml").write_text('roots = ["content"]\ntopics = ["AI"]\n')
    (site / "content" / "old.md").write_text(BASE_ARTICLE)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "copy.md").write_text(BASE_ARTICLE)  # another project's
    cases = [site / "content" / "new.md", tmp_path / "elsewhere" / "new.md"]
    for path in cases:
        path.write_text(BASE_ARTICLE)
        seen = await opened(vscode, path, BASE_ARTICLE)
        expected = [(f["line"], f["column"], f["code"]) for f in lint_json(path)]
        assert expected  # a topic outside the vocabulary, a twin on disk
        assert [(d.range.start.line + 1, d.range.start.character + 1, d.code) for d in seen] == (
            expected
        )


SITE_SCHEMA = {
    "properties": {
        "layout": {"enum": ["post", "page"], "description": "the template that shows the story"},
        "desk": {"type": "string", "description": "the desk that owns the story"},
    },
    "required": ["layout"],
}


@pytest.mark.asyncio
async def test_a_sites_own_keys_are_completed_described_and_checked_as_lint_does(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "newscli.toml").write_text('extend-schema = "site.schema.json"\n')
    (tmp_path / "site.schema.json").write_text(json.dumps(SITE_SCHEMA))
    path = tmp_path / "a.md"
    text = splice("layout: pots\n")
    path.write_text(text)
    found = await opened(vscode, path, text)
    expected = [(f["line"], f["column"], f["code"], f["message"]) for f in lint_json(path)]
    assert [(f[2], f[3]) for f in expected] == [
        (
            "NC108",
            '`layout` is the text "pots"; the site allows "post", "page" (the template that '
            "shows the story)",
        )
    ]
    assert [
        (d.range.start.line + 1, d.range.start.character + 1, d.code, d.message) for d in found
    ] == expected
    keys = await completed(vscode, path, text.replace("layout: pots\n", "des\n"), "des")
    assert "desk: " in keys and "layout: " in keys
    assert await completed(vscode, path, text.replace("pots", ""), "layout: ") == ["post", "page"]
    document = types.TextDocumentIdentifier(uri=path.as_uri())
    change(vscode, path, splice("layout: post\n"), version=3)
    hover = await vscode.text_document_hover_async(
        types.HoverParams(document, at(splice("layout: post\n"), "layo"))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == "**layout**: the template that shows the story"
