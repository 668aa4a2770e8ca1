"""``newscli server``: a Language Server Protocol server on standard input and output, built on
pygls. Open articles are linted on open, on save and, a moment after the last keystroke, on
change; diagnostics are pushed and may be pulled; fixes are code actions."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from newscli import __version__
from newscli.document.loader import parse_document
from newscli.document.source import Source
from newscli.findings import Finding, Severity
from newscli.lint.collection import source_in
from newscli.report.machine import rule_url
from newscli.rules import RULES
from newscli.server.assist import key_hover, offers, rule_hover
from newscli.server.linting import BufferLint, buffer_bytes, fixed_text, lint_buffer
from newscli.server.positions import TextPositions
from newscli.text import visible

DEBOUNCE_SECONDS = 0.2  # after the last change, before the buffer is linted
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.newscli"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, except that a request whose parameters cannot be read (a negative
    position) is answered with an error, not left for the client to wait on for ever."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data.get("method"), str) and isinstance(data.get("id"), int | str):
                reason = types.ResponseError(error.code, f"{error.message}: {data['method']}")
                self._send_response(data["id"], error=reason)
            raise


class NewscliServer(LanguageServer):
    """The server, and what it knows of each open document: its last findings."""

    def __init__(self) -> None:
        super().__init__("newscli", __version__, protocol_cls=_Protocol)
        self.results: dict[str, tuple[int | None, BufferLint]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.urls: dict[str, Source | None] = {}  # each open document's sourceUrl

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def checked(self, uri: str) -> BufferLint:
        """The findings of the document's current text, linted now if not yet."""
        document = self.workspace.get_text_document(uri)
        known = self.results.get(uri)
        if known is not None and known[0] == document.version:
            return known[1]
        others = {
            _path(other): self.workspace.get_text_document(other).source
            for other in self.workspace.text_documents
            if other != uri
        }
        result = lint_buffer(_path(uri), document.source, others)
        self.results[uri] = (document.version, result)
        return result

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        result = self.checked(uri)
        if result.config_error is not None:
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"newscli: {result.config_error}"
                )
            )
        positions = TextPositions(self.workspace.get_text_document(uri).source, self.encoding)
        docs_url = result.settings.docs_url if result.settings else ""
        return [diagnostic(finding, positions, docs_url) for finding in result.findings]

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return  # closed meanwhile
        document = self.workspace.get_text_document(uri)
        url = source_in(document.source, uri)
        known = uri in self.urls
        if (self.urls.get(uri) != url) if known else url is not None:
            # A sourceUrl came, went or changed: other open articles may share it, or not now.
            self.others_changed(uri)
        self.urls[uri] = url
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.diagnostics(uri), version=document.version
            )
        )

    def others_changed(self, uri: str) -> None:
        """Lint the open documents but ``uri`` again, a moment later."""
        for other in self.workspace.text_documents:
            if other != uri:
                self.results.pop(other, None)
                self.publish_later(other)

    def publish_later(self, uri: str) -> None:
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.publish, uri)


def _path(uri: str) -> Path:
    return Path(to_fs_path(uri) or uri)


def span(finding: Finding, positions: TextPositions) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where a finding starts and ends, as the editor counts. A finding placed by line and
    column alone (a duplicate sourceUrl, a malformed suppression) runs to the end of its
    line's text, so that editors underline it."""
    start = positions.at(finding.line, finding.column)
    if finding.end_line:
        return start, positions.at(*finding.end)
    last = positions.line_end(finding.line)
    return start, positions.at(finding.line, max(last, finding.column))


def lsp_range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(types.Position(*start), types.Position(*end))


def diagnostic(finding: Finding, positions: TextPositions, docs_url: str) -> types.Diagnostic:
    rule = RULES[finding.code]
    return types.Diagnostic(
        range=lsp_range(*span(finding, positions)),
        message=visible(finding.message),
        severity=_SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(rule_url(docs_url, rule.code, rule.name)),
        source="newscli",
        data={"name": rule.name, "fixable": finding.fixable},
    )


def text_edit(positions: TextPositions, edit: tuple[int, int, int, int, str]) -> types.TextEdit:
    line, column, end_line, end_column, replacement = edit
    start, end = positions.at(line, column), positions.at(end_line, end_column)
    return types.TextEdit(lsp_range(start, end), replacement)


def create_server() -> NewscliServer:
    server = NewscliServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: NewscliServer, params: types.InitializedParams) -> None:
        watch_files(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewscliServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewscliServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NewscliServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewscliServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.results.pop(uri, None)
        if ls.urls.pop(uri, None) is not None:
            ls.others_changed(uri)  # they compare with the file on disk again
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="newscli", inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    def pull(
        ls: NewscliServer, params: types.DocumentDiagnosticParams
    ) -> types.FullDocumentDiagnosticReport:
        return types.FullDocumentDiagnosticReport(items=ls.diagnostics(params.text_document.uri))

    @server.feature(
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
    )
    def watched(ls: NewscliServer, params: types.DidChangeWatchedFilesParams) -> None:
        # A configuration file or another article changed: every open buffer is linted again.
        ls.results.clear()
        for uri in list(ls.workspace.text_documents):
            ls.publish(uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False
        ),
    )
    def code_actions(ls: NewscliServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return actions(ls, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: NewscliServer, params: types.HoverParams) -> types.Hover | None:
        return hover_at(ls, params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[" ", ":"]),
    )
    def complete(ls: NewscliServer, params: types.CompletionParams) -> types.CompletionList:
        return completions(ls, params.text_document.uri, params.position)

    return server


WATCHED = ("**/newscli.toml", "**/.newscli.toml", "**/pyproject.toml", "**/*.md", "**/*.markdown")


def watch_files(ls: NewscliServer) -> None:
    """Ask the client to say when a configuration file or an article changes on disk, when it
    can be asked (clients that cannot are told by the user's save, or not at all)."""
    capabilities = ls.client_capabilities.workspace
    watching = capabilities.did_change_watched_files if capabilities else None
    if watching is None or not watching.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    )
    registration = types.Registration(
        id="newscli-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


def hover_at(ls: NewscliServer, uri: str, at: types.Position) -> types.Hover | None:
    """The rule of a finding under the cursor, or what the key under it holds."""
    source = ls.workspace.get_text_document(uri).source
    positions = TextPositions(source, ls.encoding)
    result = ls.checked(uri)
    docs_url = result.settings.docs_url if result.settings else ""
    cursor = (at.line, at.character)
    for finding in result.findings:
        start, end = span(finding, positions)
        if start <= cursor <= end:
            return _markdown(rule_hover(finding, docs_url))
    extension = result.settings.extend_schema if result.settings else None
    words = key_hover(source, *positions.ours(positions.offset(at.line, at.character)), extension)
    return _markdown(words) if words else None


def _markdown(text: str) -> types.Hover:
    return types.Hover(types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def completions(ls: NewscliServer, uri: str, at: types.Position) -> types.CompletionList:
    document = ls.workspace.get_text_document(uri)
    lines = [line.rstrip("\r\n") for line in document.lines]
    if at.line >= len(lines):
        return types.CompletionList(is_incomplete=False, items=[])
    column = ls.workspace.position_codec.position_from_client_units(lines, at).character
    settings = ls.checked(uri).settings
    found = offers(lines, at.line, column, settings) if settings else []
    items = [
        types.CompletionItem(
            label=offer.text.rstrip(": ") or offer.text,
            insert_text=offer.text,
            detail=offer.detail or None,
            kind=types.CompletionItemKind.Property
            if offer.text.endswith(": ")
            else types.CompletionItemKind.Value,
        )
        for offer in found
    ]
    return types.CompletionList(is_incomplete=False, items=items)


def actions(ls: NewscliServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    positions = TextPositions(document.source, ls.encoding)
    wanted = params.context.only
    found: list[types.CodeAction] = []
    if wanted is None or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in wanted):
        first, last = params.range.start.line, params.range.end.line
        # What the front matter reads as now, once: an ignore comment must leave it so.
        data = parse_document("a.md", buffer_bytes(document.source[positions.shift :])).data
        for finding in ls.checked(uri).findings:
            line = positions.at(finding.line, finding.column)[0]
            if first <= line <= last:
                found.extend(_finding_actions(uri, finding, positions, document.source, data))
    if wanted is None or any(FIX_ALL.startswith(kind) for kind in wanted):
        fixed = fixed_text(_path(uri), document.source)
        if fixed is not None:
            whole = lsp_range((0, 0), positions.position(10**12))
            edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, fixed)]})
            found.append(types.CodeAction("Fix all safe newscli problems", kind=FIX_ALL, edit=edit))
    return found


def _finding_actions(
    uri: str, finding: Finding, positions: TextPositions, text: str, data: object
) -> list[types.CodeAction]:
    found = []
    if finding.fix is not None and finding.edits:
        rule = RULES[finding.code]
        safe = finding.fix.safe
        label = f"Fix {finding.code}: {rule.fix or rule.summary}" + ("" if safe else " (unsafe)")
        edits = [text_edit(positions, edit) for edit in finding.edits]
        found.append(
            types.CodeAction(
                label,
                kind=types.CodeActionKind.QuickFix,
                edit=types.WorkspaceEdit(changes={uri: edits}),
                is_preferred=safe,
            )
        )
    ignore = _ignore_edit(finding, positions, text, data)
    if ignore is not None:
        found.append(
            types.CodeAction(
                f"Ignore {finding.code} on this line",
                kind=types.CodeActionKind.QuickFix,
                edit=types.WorkspaceEdit(changes={uri: [ignore]}),
            )
        )
    return found


def _ignore_edit(
    finding: Finding, positions: TextPositions, text: str, data: object
) -> types.TextEdit | None:
    """A suppression comment at the end of the finding's line, when the front matter still
    reads as ``data`` with it (inside a block of text, it would be part of a value)."""
    line, _ = positions.at(finding.line, finding.column)
    start = positions.offset(line, 0)
    end = positions.offset(line, 10**9)
    body = text[positions.shift :]
    content = body[start:end].rstrip("\r\n")
    comment = f"  # newscli: ignore[{finding.code}]"
    changed = body[: start + len(content)] + comment + body[start + len(content) :]
    if data is None or parse_document("a.md", buffer_bytes(changed)).data != data:
        return None
    at = positions.position(start + len(content))
    return types.TextEdit(lsp_range(at, at), comment)


def serve() -> None:
    """Run the server on standard input and output until the client goes away."""
    logging.getLogger("pygls").setLevel(logging.WARNING)
    create_server().start_io()
