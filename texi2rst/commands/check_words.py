"""Word and heading measures of ``texi2rst check``: the words of a text as the project's
measuring tool counts them, and texts cut into sections by their titles (makeinfo's and
Sphinx's underlines)."""

from __future__ import annotations

import collections
import re

from texi2rst.records import field, record

# --------------------------------------------------------------------------- word counting

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
URL = re.compile(r"\b(?:(?:https?|ftp|file|mailto|news)://|www\.)[^\s<>()'\"]+")
_INDEX_LINE = re.compile(r"^\s*\* .*\(line\s+\d+\)\s*$")
_LINE_ONLY = re.compile(r"^\s*\(line\s+\d+\)\s*$")
_NOTE = re.compile(r"\*[Nn]ote\b")
# plain text writes a cross-reference as "*note LABEL: (MANUAL)NODE." -- label, then the Info
# node; HTML and Sphinx readers only see the label, so the node part is not counted
_NOTE_WITH_NODE = re.compile(r"(\*[Nn]ote\s+[^:*]+?):(?!:)\s+(?:\([^)\s]+\))?[^.,:*]*?([.,])")
FOOTNOTES = re.compile(r"^\s*-+ Footnotes -+\s*$")
APPENDIX = re.compile(r"^(\s*)Appendix [A-Z](?=[ .])")


def word_list(text: str) -> list[str]:
    """The words of ``text`` in order: lower case, typographic apostrophes made plain, URLs
    and pure numbers left out."""
    text = URL.sub(" ", text)
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return [w for w in WORD.findall(text) if not w.isdigit()]


def count_words(text: str) -> collections.Counter[str]:
    """The words of ``text`` as a multiset."""
    return collections.Counter(word_list(text))


def clean_plaintext(text: str) -> str:
    """makeinfo's plain text without what is plain-text presentation rather than content:
    index listings, ``* Menu:`` headers, ``*Note`` markers, the footnote separator line and
    appendix letters, and the Info node names printed after cross-reference labels."""
    lines: list[str] = []
    for line in text.splitlines():
        if _LINE_ONLY.match(line) and lines and lines[-1].lstrip().startswith("* "):
            lines.pop()  # an index entry wrapped before its "(line N)"
        elif (not _INDEX_LINE.match(line) and line.strip() != "* Menu:"
              and not FOOTNOTES.match(line)):
            lines.append(APPENDIX.sub(r"\1", line))
    return _NOTE.sub(" ", _NOTE_WITH_NODE.sub(r"\1\2", "\n".join(lines)))


def recall_precision(ref: collections.Counter[str],
                     ours: collections.Counter[str]) -> tuple[float, float]:
    common = sum((ref & ours).values())
    return common / max(1, sum(ref.values())), common / max(1, sum(ours.values()))


# --------------------------------------------------------------------------- headings

MAKEINFO_UNDERLINE = {"*": 1, "=": 2, "-": 3, ".": 4}
SPHINX_UNDERLINE = {c: i + 1 for i, c in enumerate('*=-~"+`^')}
_NUMBERING = re.compile(r"^\s*(?:Appendix [A-Z]\s+|(?:[A-Z]|\d+)(?:\.\d+)+\.?\s+|\d+\.?\s+)")


def title_key(title: str) -> str:
    """Titles compared without numbering, case, punctuation, spacing or one-letter words
    (glyphs such as ``@copyright{}`` are "(C)" in plain text, "©" in Sphinx's)."""
    return " ".join(w for w in word_list(_NUMBERING.sub("", title)) if len(w) > 1)


@record
class Chunk:
    """A section of a text: its title, level and lines."""

    title: str
    level: int
    text: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return title_key(self.title)


def split_sections(text: str, underlines: dict[str, int],
                   keep: set[str] | None = None) -> list[Chunk]:
    """Cut text at its titles (a line underlined by one repeated character of its length).
    With ``keep``, only titles whose key is in it start a section; others stay in the text."""
    lines = text.splitlines()
    chunks = [Chunk("", 0)]
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        stripped = line.rstrip()
        if (stripped and not stripped[0].isspace() and nxt and nxt[0] in underlines
                and nxt.rstrip() == nxt[0] * len(stripped)
                and (keep is None or title_key(stripped) in keep)):
            chunks.append(Chunk(stripped, underlines[nxt[0]]))
            i += 2
            continue
        chunks[-1].text.append(line)
        i += 1
    return chunks
