"""The one writer of a Sphinx ``conf.py``: the project writer, ``bulk`` and ``texi2rst qapi``
describe what the configuration says (:class:`SphinxConf`) and :func:`conf_py` writes it.

Values are written with ``repr``, so any text a manual gives (a title, a man-page description)
stays a Python string literal; an empty list or dict carries its type annotation
(``extensions: list[str] = []``), so the file type-checks.
"""

from __future__ import annotations

from texi2rst.neutral import neutralise
from texi2rst.records import field, record
from texi2rst.writers.rst.escape import escape_text

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

#: the comment on ``smartquotes = False``
_SMARTQUOTES = "the text is already typographic where Texinfo made it so"

#: annotations of settings that may be empty
_ANNOTATIONS = {
    "extensions": "list[str]",
    "templates_path": "list[str]",
    "intersphinx_mapping": "dict[str, tuple[str, str | None]]",
}


@record
class SphinxConf:
    """What a generated ``conf.py`` says, in the order it is written.

    ``header``: comment lines (without ``#``); ``version`` None writes no version/release
    (``author`` and ``highlight_language`` None: no such line); ``settings``: further
    ``name = value`` lines, after the common ones; ``man_pages``: ``(docname, name,
    description, section)``; ``latex_documents``: ``(docname, file, title, author, class)``."""

    project: str
    header: list[str] = field(default_factory=list)
    version: str | None = None
    author: str | None = None
    #: literal blocks without a language of their own are not highlighted
    highlight_language: str | None = "none"
    extensions: list[str] = field(default_factory=list)
    exclude_patterns: list[str] = field(default_factory=lambda: ["_build"])
    smartquotes: bool | None = False
    settings: list[tuple[str, Any]] = field(default_factory=list)
    man_pages: list[tuple[str, str, str, int]] = field(default_factory=list)
    latex_documents: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: ``|name|`` substitutions every page may use, written to ``rst_epilog``
    substitutions: dict[str, str] = field(default_factory=dict)


def _one_line(text: str) -> str:
    """A value Sphinx copies into its outputs (man page headers), or a comment: one line."""
    return neutralise(text).replace("\n", " ")


def _assign(name: str, value: Any) -> str:
    if isinstance(value, str):
        value = _one_line(value)
    if not value and name in _ANNOTATIONS and isinstance(value, (list, dict)):
        return f"{name}: {_ANNOTATIONS[name]} = {value!r}"
    return f"{name} = {value!r}"


def conf_py(conf: SphinxConf) -> str:
    """The text of ``conf.py``."""
    lines = [f"# {_one_line(x)}" for x in conf.header]
    lines.append(_assign("project", conf.project))
    if conf.author is not None:
        lines.append(_assign("author", conf.author))
    if conf.version is not None:
        lines += [_assign("version", conf.version), _assign("release", conf.version)]
    lines += [_assign("root_doc", "index"), _assign("extensions", conf.extensions),
              _assign("exclude_patterns", conf.exclude_patterns)]
    if conf.smartquotes is not None:
        line = _assign("smartquotes", conf.smartquotes)
        lines.append(f"{line}  # {_SMARTQUOTES}" if not conf.smartquotes else line)
    if conf.highlight_language is not None:
        lines.append(_assign("highlight_language", conf.highlight_language))
    lines += [_assign(name, value) for name, value in conf.settings]
    if conf.substitutions:
        lines.append("rst_epilog = (")
        for name, text in sorted(conf.substitutions.items()):
            definition = f".. |{_one_line(name)}| replace:: {escape_text(_one_line(text))}\n"
            lines.append(f"    {definition!r}")
        lines.append(")")
    if conf.man_pages:
        lines.append("man_pages = [")
        for docname, name, description, section in conf.man_pages:
            name, description = _one_line(name), _one_line(description)
            lines.append(f"    ({docname!r}, {name!r}, {description!r}, [], {int(section)}),")
        lines.append("]")
    if conf.latex_documents:
        lines.append("latex_documents = [")
        lines += [f"    {tuple(_one_line(x) for x in doc)!r}," for doc in conf.latex_documents]
        lines.append("]")
    return "\n".join(lines) + "\n"
