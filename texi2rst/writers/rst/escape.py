"""Text to rST text: escaping, line-start escaping, wrapping, word splitting, column widths.

Rendered inline text carries private marker characters until it is cut into lines:
:data:`TEXT` where escaped running text starts and :data:`MARKUP` where markup starts, so
that wrapping breaks lines only inside text (and at :data:`BREAK`, a space inside markup that
may span lines) and line-start escaping applies only to text. :func:`finish_line` drops them.
"""

from __future__ import annotations

import re
import unicodedata

TEXT = "\x02"  # marker: escaped text starts here
MARKUP = "\x04"  # marker: markup starts here
BREAK = "\x05"  # marker: a space inside markup where a line may break
_MARKER_CHARS = TEXT + MARKUP
_MARKERS = re.compile(f"([{TEXT}{MARKUP}])")

_ENUM_WORD_RE = re.compile(r"^(\d+|[A-Za-z]|[IVXLCDM]+|[ivxlcdm]+)[.)]$")
# whitespace that is not already one space (most runs are; they are left alone)
_WS_RUN_RE = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
_ADORNMENT_LINE_RE = re.compile(r"^([!-/:-@\[-`{-~])\1*$")
#: the same, for any line of several
_ADORNMENT_ANY_RE = re.compile(_ADORNMENT_LINE_RE.pattern, re.M)

# The inline markup recognition rules of the rST specification: a start-string must follow
# whitespace, an opening bracket or quote, or a delimiter (the "prefix"); an end-string must be
# followed by whitespace, a closing bracket or quote, or a delimiter (the "suffix").  The ASCII
# sets are exact; beyond ASCII, ``*_SURE`` holds characters docutils certainly accepts (used to
# leave markup undelimited), and any punctuation or symbol counts as possible (used to decide
# that text must be escaped).
_PREFIX_ASCII = frozenset("\"'(<[{-/:")
_SUFFIX_ASCII = frozenset("\"')>]}-/:!,.;?\\")
_OPENERS_SURE = frozenset("“‘«‹„‚")
_CLOSERS_SURE = frozenset("”’»›")
_DELIMITERS_SURE = frozenset("–—…‐‑·¡¿")
#: an opening character and the closing ones that make a start-string between them "quoted"
_PAIRS = {"'": "'", '"': '"', "(": ")", "[": "]", "{": "}", "<": ">", "“": "”„", "‘": "’‚",
          "«": "»", "‹": "›", "„": "”“", "‚": "’‘", "”": "”“", "’": "’‘", "»": "»«", "›": "›‹"}
#: characters an e-mail address (which docutils links by itself) is made of, around the "@"
_EMAILC = frozenset("-_!~*'{|}/#?^`&=+$%") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
#: characters of a URI, after a scheme's colon
_URIC = frozenset("-_.!~*'()[];/:@&=+$,%") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9.+-]*\Z")
#: the characters a URI (an e-mail address's host) may end with
_URI_LAST = frozenset("_~*/=+") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
#: URI schemes docutils turns into links in running text ("scheme:rest"); other words before
#: a colon ("hh:mm:ss") stay text. The core does not need docutils, so the names are kept
#: here; a test checks that they hold every scheme the installed docutils knows.
URI_SCHEMES = frozenset("""
    about acap addbook afp afs aim callto castanet chttp cid crid data dav dict dns eid fax
    feed file finger freenet ftp go gopher gsm-sms h323 h324 hdl hnews http https hydra
    iioploc ilu im imap info ior ipp irc iris.beep iseek jar javascript jdbc ldap lifn
    livescript lrq mailbox mailserver mailto md5 mid mocha modem mtqp mupdate news nfs nntp
    opaquelocktoken phone pop pop3 pres printer prospero rdar res rtsp rvp rwhois rx sdp
    service shttp sip sips smb snews snmp soap.beep soap.beeps ssh t120 tag tcp tel telephone
    telnet tftp tip tn3270 tv urn uuid vemmi videotex view-source wais whodp whois++
    x-man-page xmlrpc.beep xmlrpc.beeps z39.50r z39.50s
""".split())
_CANDIDATES = re.compile(r"[\\*`|_@:]")


def _maybe_punct(c: str) -> bool:
    return not c.isascii() and unicodedata.category(c)[0] in "PS"


def prefix_possible(c: str | None) -> bool:
    """Whether a start-string after ``c`` (None: start of text) may be recognised."""
    return c is None or c.isspace() or c in _PREFIX_ASCII or _maybe_punct(c)


def prefix_sure(c: str) -> bool:
    """Whether a start-string right after ``c`` is certainly recognised."""
    return (c.isspace() or c in _PREFIX_ASCII or c in _OPENERS_SURE or c in _CLOSERS_SURE
            or c in _DELIMITERS_SURE)


def suffix_possible(c: str | None) -> bool:
    """Whether an end-string before ``c`` (None: end of text) may be recognised."""
    return c is None or c.isspace() or c in _SUFFIX_ASCII or _maybe_punct(c)


def suffix_sure(c: str) -> bool:
    """Whether an end-string right before ``c`` is certainly recognised."""
    return c.isspace() or c in _SUFFIX_ASCII or c in _CLOSERS_SURE or c in _DELIMITERS_SURE


def quoted(before: str | None, after: str | None) -> bool:
    """Whether a start-string between these two characters is "quoted" (not markup)."""
    return before is not None and after is not None and after in _PAIRS.get(before, "")


def _start_string(prev: str | None, nxt: str | None) -> bool:
    # a start-string needs a prefix before it and no whitespace after it
    return (prefix_possible(prev) and (nxt is None or not nxt.isspace())
            and not quoted(prev, nxt))


def _needs_escape(text: str, i: int, final: bool = True) -> bool:
    c = text[i]
    prev = text[i - 1] if i else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    if c == "\\":
        return True
    if c == "*":
        if nxt == "*" and i + 2 < len(text) and text[i + 2].isspace():
            return False  # "**" then a space starts nothing ("*" cannot start with "*")
        return _start_string(prev, nxt)
    if c == "|":
        # pandoc's rST reader (``texi2rst back``) takes "a|b|" for a substitution, docutils
        # does not: escaped wherever it could start one for either
        return nxt is None or not nxt.isspace()
    if c == "`":
        # also "_`" (an inline target) and ":role:`"
        before = text[i - 2] if i > 1 else None
        return _start_string(prev, nxt) or (prev == "_" and _start_string(before, nxt))
    if c == "_":
        # "name_", "name__" and "[label]_" are references when a suffix follows
        if prev is None or prev == "_" or not (prev.isalnum() or prev == "]"):
            return False
        j = i
        while j < len(text) and text[j] == "_":
            j += 1
        if j - i > 2:
            return False
        after = text[j] if j < len(text) else None
        if after is not None and _CANDIDATES.match(after):
            # an escaped character counts as a suffix, an unescaped "*" or "`" does not
            ends = after in "\\@:" or _needs_escape(text, j, final)
        else:
            ends = suffix_possible(after)
        return ends and (prev == "]" or _name_may_start(text, i))
    if c == "@":
        # an e-mail address is linked by itself: its host ends with a letter, a digit or
        # one of "_~*/=+" (the end of the text may go on in what follows it)
        if prev is None or prev not in _EMAILC or not (nxt is None or nxt in _EMAILC):
            return False
        j = i + 1
        while j < len(text) and (text[j] in _EMAILC or text[j] == "."):
            j += 1
        return j == len(text) or any(ch in _URI_LAST for ch in text[i + 1:j])
    # ":": "::" ending a paragraph starts a literal block; "scheme:rest" may be a URI
    if prev == ":" and final and not text[i + 1:].strip():
        return True
    if nxt is None or nxt not in _URIC:
        # what may follow the text (a space, an escaped space, markup) ends no URI
        return False
    lo = max(0, i - 40)
    m = _SCHEME_RE.search(text, lo, i)
    if m is None:
        return False
    if m.start() == lo > 0:
        return True
    # docutils links only the schemes it knows ("hh:mm" stays text); a scheme may also
    # start inside the word, after a delimiter ("0a--http://")
    candidate, start = m.group().lower(), m.start()
    return any(candidate[k:] in URI_SCHEMES
               and prefix_possible(text[start + k - 1] if start + k else None)
               for k in range(len(candidate)))


def _name_may_start(text: str, end: int) -> bool:
    """Whether the reference name before ``text[end]`` (a "_") may start a reference: what
    precedes it must be a start-string's prefix ("_not_" is text). The name is words joined
    by single "-", ".", "_", "+" or ":"."""
    start = end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while start > 1 and text[start - 1] in "-._+:" and text[start - 2].isalnum():
        start -= 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    before = text[start - 1] if start else None
    # (beyond ASCII a character may be a word's, which docutils would take into the name)
    return before is None or not before.isascii() or before.isalnum() \
        or prefix_possible(before)


def escape_text(text: str, final: bool = True) -> str:
    """Backslash-escape what in running text docutils would read as markup: a character that
    could start inline markup where it stands, a reference's "_", an address's "@", a URI's
    colon, a final "::" (unless not ``final``: markup follows the text), and every
    backslash.  (Line starts: :func:`finish_line`.)"""
    if _CANDIDATES.search(text) is None:
        return text
    return _CANDIDATES.sub(
        lambda m: "\\" + m.group() if _needs_escape(text, m.start(), final) else m.group(),
        text)


def escape_emphasis(text: str) -> str:
    """Escape the content of ``*emphasis*`` or ``**strong**``: backslashes, and the stars
    that could end it there or lengthen its start-string: the first, and one after a
    character that is not a space and before an end-string's suffix ("a* b") or another
    star. Docutils reads no other markup inside."""
    if "*" not in text:
        return text.replace("\\", "\\\\")
    out: list[str] = []
    last = len(text) - 1
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\\\")
        elif c == "*" and (i == 0 or not text[i - 1].isspace() and i < last
                           and (suffix_possible(text[i + 1]) or text[i + 1] == "*")):
            # (a star after it may be escaped: its backslash would be the suffix)
            out.append("\\*")
        else:
            out.append(c)
    return "".join(out)


def column_width(text: str) -> int:
    """Width of text in columns: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clean(text: str) -> str:
    """Characters docutils turns into spaces anyway."""
    if text.isprintable():  # none of them
        return text
    return text.replace("\f", " ").replace("\v", " ").replace("\r", " ")


def collapse_spaces(text: str) -> str:
    """Every run of whitespace as one space."""
    if "  " not in text:
        if text.isprintable():  # no whitespace but single spaces
            return text
        if "\n" in text:  # the usual text of several lines
            joined = text.replace("\n", " ")
            if "  " not in joined and joined.isprintable():
                return joined
    return _WS_RUN_RE.sub(" ", text)


def single_line(text: str) -> str:
    """Text on one line: whitespace runs become one space, none at the ends."""
    return collapse_spaces(text).strip()


def _backquote_escaped(text: str, i: int, whole: bool) -> bool:
    """Whether the backquote at ``text[i]``, inside interpreted text, needs a backslash: where
    an end-string may stand (after a non-space, before a space, closing punctuation or the
    end). First in the text it is always escaped (two backquotes start a literal); last, it
    is not when the text is the whole content (``whole``): the closing backquote follows,
    which is no suffix."""
    if i == 0:
        return True
    if i == len(text) - 1:
        return not whole or text[i - 1] == "`"
    before, after = text[i - 1], text[i + 1]
    # a backquote next (whose escape would put a backslash, a suffix, after this one), an
    # escaped character next, or "`_" (the end of a reference); inside the content only an
    # end-string counts, so a backquote after another is text unless it could end it
    if after in "`\\<_":
        return True
    return not before.isspace() and suffix_possible(after)


def escape_backquotes(text: str, *, whole: bool = False) -> str:
    """Escape the backquotes of interpreted text's content that could end it (``whole``: the
    text is all of the content)."""
    if "`" not in text:
        return text
    parts = text.split("`")
    out = [parts[0]]
    i = len(parts[0])
    for part in parts[1:]:
        out.append("\\`" if _backquote_escaped(text, i, whole) else "`")
        out.append(part)
        i += len(part) + 1
    return "".join(out)


def escape_role(text: str, *, whole: bool = False, xref: bool = True) -> str:
    """Escape the content of interpreted text (a role such as ``:ref:`` or ``:option:``);
    ``whole``: the text is all of the content, the closing backquote next; ``xref``: the
    role is a Sphinx cross-reference, for which a leading ``!`` or ``~`` means something,
    and the first ``<`` starts the target (docutils' hyperlink references take only the
    last ``<…>`` as theirs: not one of those)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if xref and "<" in text:
        text = text.replace("<", "\\<")
    text = escape_backquotes(text, whole=whole)
    if xref and text[:1] in ("!", "~"):
        text = "\\" + text
    return text


def escape_samp(text: str, *, backquotes: bool = True) -> str:
    """Escape literal text inside a Sphinx ``:samp:``/``:file:`` role (``backquotes``: false
    for a piece of the role's content, whose backquotes :func:`escape_backquotes` escapes
    once the content is whole)."""
    text = text.replace("\\", "\\\\\\\\").replace("{", "\\\\{").replace("}", "\\\\}")
    return escape_backquotes(text, whole=True) if backquotes else text


def inline_literal(text: str) -> str:
    """Text as an inline literal: double backquotes, or ``:code:`` where they cannot be used."""
    if text and "``" not in text and not text.startswith("`") and not text.endswith("`"):
        return f"``{text}``"
    return f":code:`{escape_role(text, whole=True, xref=False)}`"


def breakable_literal(text: str) -> str:
    """Text as an inline literal whose single spaces may become line breaks (a long command
    synopsis wraps like prose). A break never puts a word without a letter or digit at a
    line's start, where docutils could read it as a section underline, nor a word that
    starts with a roff control character (man pages)."""
    rendered = inline_literal(text)
    if " " not in text or not rendered.startswith("``"):
        return rendered
    words = rendered[2:-2].split(" ")
    out = [words[0]]
    for prev, word in zip(words, words[1:], strict=False):
        if prev and word and word[0] not in ".'\\" and any(c.isalnum() for c in word):
            out.append(BREAK + word)
        else:
            out.append(" " + word)
    return "``" + "".join(out) + "``"


def indent(lines: list[str], n: int) -> list[str]:
    """Lines indented by ``n`` spaces; blank lines become empty."""
    pad = " " * n
    return [pad + line if line and not line.isspace() else "" for line in lines]


def bullet(marker: str, lines: list[str]) -> list[str]:
    """A list item: marker then the body indented under it."""
    width = len(marker) + 1
    if not lines:
        return [marker]
    first = lines[0]
    out = [marker + (" " + first if first.strip() else "")]
    out.extend(indent(lines[1:], width))
    return out


def literal_lines(text: str) -> list[str]:
    """Preformatted text as lines: tabs expanded, trailing spaces and blank ends dropped."""
    lines = [line.rstrip() for line in clean(text).expandtabs(8).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


_OPTARG = r"(?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>)"
_OPTION = rf"(?:[-+][^ -](?: ?{_OPTARG})?|(?:--|/)[a-zA-Z0-9][a-zA-Z0-9_-]*(?:[ =]{_OPTARG})?)"
_ENUM = r"(?:\d+|[A-Za-z]|[IVXLCDM]+|[ivxlcdm]+|#)"
#: what makes the first line of a paragraph (or a title, a term) a block construct: bullet,
#: enumerator, option list, attribution, doctest, line block, explicit markup, anonymous
#: target, field list, table border
_ENUMERATOR_RE = re.compile(rf"(?:\(?{_ENUM}[.)]|\({_ENUM}\))(?:\s|$)")
_BLOCK_START_RE = re.compile(
    rf"[-+*\u2022\u2023\u2043](?:\s|$)"
    rf"|{_OPTION}(?:, {_OPTION})*  +|>>>(?:\s|$)|\|(?:\s|$)"
    r"|\.\.(?:\s|$)|__(?:\s|$)|:")
#: the top of a simple table, of a grid table (in a line without its markers)
_TABLE_TOP_RE = re.compile(r"=+(?: +=+)+ *$|\+-[-+]*-\+ *$")


def _adornment(line: str, term: bool) -> bool:
    """Whether docutils could read ``line`` as a section adornment or a transition. The
    first line of a paragraph (not ``term``) must be four characters long for that: a
    shorter one is text, even as a title's overline. (A shorter term is text too, but each
    such term would end the definition list and start another.)"""
    return bool(_ADORNMENT_LINE_RE.match(line)) and (term or len(line) >= 4)


#: an attribution, which ends a block quote
_ATTRIBUTION_RE = re.compile("---?(?!-)|\u2014")
#: options alone on a line: an option list item when indented lines follow (its description)
_OPTIONS_ALONE_RE = re.compile(rf"{_OPTION}(?:, {_OPTION})* ?$")


def escape_line_start(line: str, next_line: str | None = None, *, quoted: bool = True,
                      term: bool = True, title: bool = False) -> str:
    """Escape what would make the first line of a paragraph start a block construct
    (``next_line``: the paragraph's second line; an enumerator followed by a line of text that
    is no enumerator starts a paragraph). ``quoted``: the paragraph may stand in a block
    quote, the one place where a line that starts with a dash is an attribution; ``term``:
    lines indented deeper may follow the line (a definition's), which would make options
    alone on it an option list; ``title``: an underline follows it (a title's: a line of
    fewer than four punctuation characters is text then, as in a paragraph)."""
    if not line or line[0] == "\\":
        return line
    if line[0].isalnum() and not _ENUMERATOR_RE.match(line):
        return line  # bullets, options, markup and adornments start with punctuation
    if not (_BLOCK_START_RE.match(line) or quoted and _ATTRIBUTION_RE.match(line)
            or line[0] in "=+" and _TABLE_TOP_RE.match(unmark(line))
            or term and _OPTIONS_ALONE_RE.match(line)
            or _adornment(line, term and not title)
            or _ENUMERATOR_RE.match(line) and (
                next_line is None or _ENUMERATOR_RE.match(next_line.lstrip(_MARKER_CHARS)))):
        return line
    word = line.split(" ", 1)[0]
    if _ENUM_WORD_RE.match(word):
        return word[:-1] + "\\" + line[len(word) - 1:]
    return "\\" + line


# --------------------------------------------------------------------------- marked text


def unmark(text: str) -> str:
    """Rendered text without its markers."""
    return text.replace(TEXT, "").replace(MARKUP, "").replace(BREAK, " ")


def breakable(markup_text: str) -> str:
    """Text inside markup whose spaces may become line breaks (docutils reads inline markup
    across lines)."""
    return markup_text.replace(" ", BREAK)


_BLANK_MARKED = re.compile(f"[{TEXT}{MARKUP}{BREAK}\\s]*\\Z")
_LEADING_MARKED = re.compile(f"[{TEXT}{MARKUP}\\s]*")


def strip_marked(text: str) -> str:
    """Strip spaces at both ends of rendered inline text (markers kept)."""
    if len(text) > 1 and text[0] in _MARKER_CHARS and text[1] not in _MARKER_CHARS \
            and not text[1].isspace() and not text[-1].isspace() \
            and text[-1] not in _MARKER_CHARS:
        return text  # the usual case: one marker, then the text
    if _BLANK_MARKED.match(text):
        return ""
    i = _LEADING_MARKED.match(text).end()  # type: ignore[union-attr]  # it matches ""
    if i:
        # keep the last marker before the first real character
        last = max(text.rfind(TEXT, 0, i), text.rfind(MARKUP, 0, i))
        text = text[last:last + 1] + text[i:]
    j = len(text)
    while j > 0 and (text[j - 1] in _MARKER_CHARS or text[j - 1].isspace()):
        j -= 1
    return text[:j]


def escape_term_colons(text: str) -> str:
    """In a definition-list term, " : " would start a classifier: escape a colon of text
    between spaces."""
    out: list[str] = []
    in_text = False
    plain = unmark(text)
    k = 0  # index of c in plain
    for c in text:
        if c == TEXT:
            in_text = True
        elif c == MARKUP:
            in_text = False
        else:
            if (c == ":" and in_text and k > 0 and plain[k - 1] == " "
                    and plain[k + 1:k + 2] in ("", " ") and not _odd_bs(plain, k)):
                out.append("\\")
            k += 1
        out.append(c)
    return "".join(out)


def finish_line(text: str, first: bool = True, next_line: str | None = None, *,
                quoted: bool = True, term: bool = True, title: bool = False) -> str:
    """Apply line-start escaping to one output line (the first line of a paragraph, title or
    term, followed by ``next_line``; a later line of a paragraph cannot start a block); drop
    the markers (``quoted``, ``term``, ``title``: see :func:`escape_line_start`)."""
    if first and text.startswith(TEXT) and text[1:2] not in (TEXT, MARKUP):
        text = escape_line_start(text[1:], next_line, quoted=quoted, term=term, title=title)
    text = unmark(text)
    if _adornment(text, term and not title or not first):
        # only backslashes: still an adornment or transition line; an escaped space
        # (which vanishes) in front breaks the pattern
        text = "\\ " + text
    return text


def wrap(text: str, width: int, *, block_start: bool = True, quoted: bool = True,
         term: bool = True) -> list[str]:
    """Wrap rendered inline text at spaces inside text; escape the first line's start
    (``block_start``: it starts a paragraph, not a line of a line block; ``quoted``: the
    paragraph may stand in a block quote; ``term``: deeper lines may follow its first)."""
    lines: list[str] = []
    for line_text in text.split("\n"):
        line_text = strip_marked(line_text)
        if line_text:
            _fill(_split_marked(line_text), width, lines)
    if len(lines) < 2:
        return [finish_line(line, block_start, quoted=quoted, term=term) for line in lines]
    # the lines after the first need only their markers dropped, and rarely the escape
    # of a line that would read as an adornment: done on all of them at once
    rest = unmark("\n".join(lines[1:]))
    if _ADORNMENT_ANY_RE.search(rest):
        tail = [finish_line(line, False) for line in lines[1:]]
    else:
        tail = rest.split("\n")
    return [finish_line(lines[0], block_start, lines[1], quoted=quoted, term=term), *tail]


def _fill(split: str, width: int, lines: list[str]) -> None:
    """Append the lines that words (``split``, as :func:`_split_marked` makes it) fill,
    greedily: each line takes the words that fit in ``width`` columns (markers take none),
    and a word longer than that stands alone."""
    words = split.split(_SPLIT)
    # the words as they show: one character per column, the breaks kept
    shown = split.replace(TEXT, "").replace(MARKUP, "")
    if shown.startswith(_SPLIT) or shown.endswith(_SPLIT) or _SPLIT + _SPLIT in shown:
        # markers alone are no word
        kept = [i for i, w in enumerate(shown.split(_SPLIT)) if w]
        words = [words[i] for i in kept]
        shown = _SPLIT.join(w for w in shown.split(_SPLIT) if w)
    if len(shown) <= width:
        if words:
            lines.append(" ".join(words))
        return
    pos, first, end = 0, 0, len(shown)
    while pos < end:
        # the last break that leaves at most ``width`` columns before it, else the end of
        # a word longer than that
        stop = end if end - pos <= width else shown.rfind(_SPLIT, pos, pos + width + 1)
        if stop <= pos:
            stop = shown.find(_SPLIT, pos)
            stop = end if stop < 0 else stop
        count = shown.count(_SPLIT, pos, stop) + 1
        lines.append(" ".join(words[first:first + count]))
        first += count
        pos = stop + 1


_SLOW_SPACE = re.compile(r" (?=\s)|\\ |- ")
#: where a line may break, in the text :func:`split_words` splits (never in rendered text)
_SPLIT = "\x03"
_SPLIT_TEXT, _SPLIT_MARKUP = _SPLIT + TEXT, _SPLIT + MARKUP


def split_words(text: str) -> list[str]:
    """Split at single spaces that belong to text (never inside markup); a word that starts
    inside text gets a text marker so that line-start escaping applies to it."""
    return [word for word in _split_marked(text).split(_SPLIT) if word.strip(_MARKER_CHARS)]


def _split_marked(text: str) -> str:
    """``text`` with a break character where :func:`split_words` splits (the marker of the
    word after it follows)."""
    out: list[str] = []
    in_text = False
    n = len(text)
    offset = 0
    for segment in _MARKERS.split(text):
        if segment == TEXT or segment == MARKUP:
            in_text = segment == TEXT
            out.append(segment)
            offset += 1
            continue
        if not in_text:
            out.append(segment.replace(BREAK, _SPLIT_MARKUP))
        elif not ("  " in segment or "\\ " in segment or "- " in segment if segment.isprintable()
                  else _SLOW_SPACE.search(segment)):
            # every space splits (no double space, no escaped space, no "left- and") but
            # one that ends the text; a marker follows a space at the end of a segment
            if offset + len(segment) == n and segment.endswith(" "):
                out.append(segment[:-1].replace(" ", _SPLIT_TEXT) + " ")
            else:
                out.append(segment.replace(" ", _SPLIT_TEXT))
        else:
            last = 0
            i = segment.find(" ")
            while i != -1:
                at = offset + i
                if at + 1 < n and not text[at + 1].isspace():
                    before = text[at - 1]
                    if (before != "\\" or not _odd_bs(text, at)) \
                            and (before != "-" or not _hyphenated(text, at)):
                        out.append(segment[last:i])
                        out.append(_SPLIT_TEXT)
                        last = i + 1
                i = segment.find(" ", i + 1)
            out.append(segment[last:])
        offset += len(segment)
    return "".join(out)


def _hyphenated(text: str, i: int) -> bool:
    """Whether the space at ``i`` follows a word's hyphen ("left- and right-hand"): a line
    ending there would read as a word broken by hyphenation."""
    return i > 1 and text[i - 1] == "-" and text[i - 2].isalpha()


def _odd_bs(text: str, i: int) -> bool:
    """Whether the character at i is preceded by an odd number of backslashes."""
    count = 0
    j = i - 1
    while j >= 0 and text[j] == "\\":
        count += 1
        j -= 1
    return count % 2 == 1
