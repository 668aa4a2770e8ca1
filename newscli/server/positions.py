"""Positions as the editor counts them: LSP lines end at LF, CRLF or CR only, and characters are
counted in the code units of the encoding agreed at start-up (UTF-16 unless the client offers
UTF-8 or UTF-32). newscli counts lines as YAML does (NEL, LS and PS end one too) and columns in
code points, in the text without its byte order mark; everything goes through offsets into that
text, so that both agree on every character."""

from __future__ import annotations

import bisect
import re

from newscli.document.model import LINE_BREAK

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LSP_BREAK = re.compile(r"\r\n|\r|\n")


class TextPositions:
    """Converts between offsets into a document's text and LSP positions.

    ``text`` is the buffer as the client holds it; a leading byte order mark is a character of
    the buffer but not of the text newscli reads, so offsets are shifted past it.
    """

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.shift = 1 if text.startswith("\ufeff") else 0
        self._lsp_starts = [0, *(match.end() for match in _LSP_BREAK.finditer(text))]
        body = text[self.shift :]
        self._yaml_starts = [0, *(match.end() for match in LINE_BREAK.finditer(body))]

    def offset_of(self, line: int, column: int) -> int:
        """The offset into newscli's text of a 1-based line and column as newscli counts them."""
        starts = self._yaml_starts
        index = min(max(line, 1), len(starts)) - 1
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text) - self.shift
        return min(starts[index] + max(column, 1) - 1, end)

    def line_end(self, line: int) -> int:
        """The 1-based column, as newscli counts, just past the last character of a line that
        is not white space."""
        starts = self._yaml_starts
        index = min(max(line, 1), len(starts)) - 1
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text) - self.shift
        body = self.text[self.shift + starts[index] : self.shift + end]
        return len(body.rstrip()) + 1

    def ours(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column, as newscli counts them, of an offset into its text."""
        line = bisect.bisect_right(self._yaml_starts, offset)
        return line, offset - self._yaml_starts[line - 1] + 1

    def position(self, offset: int) -> tuple[int, int]:
        """The LSP (line, character) of an offset into newscli's text."""
        absolute = min(max(offset, 0) + self.shift, len(self.text))
        line = bisect.bisect_right(self._lsp_starts, absolute) - 1
        start = self._lsp_starts[line]
        return line, units(self.text[start:absolute], self.encoding)

    def at(self, line: int, column: int) -> tuple[int, int]:
        """The LSP position of a 1-based newscli line and column."""
        return self.position(self.offset_of(line, column))

    def offset(self, line: int, character: int) -> int:
        """The offset into newscli's text of an LSP position (past the end: the end)."""
        if line >= len(self._lsp_starts):
            return len(self.text) - self.shift
        start = self._lsp_starts[max(line, 0)]
        end = self._lsp_starts[line + 1] if line + 1 < len(self._lsp_starts) else len(self.text)
        counted, index = 0, start
        while index < end and counted < character:
            counted += units(self.text[index], self.encoding)
            index += 1
        return max(index - self.shift, 0)


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
