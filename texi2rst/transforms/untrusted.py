"""``--no-raw-html``: a tree from an untrusted source, without what can run in a browser.

Raw HTML (``@html``, ``@inlineraw{html, …}``, ``@inlinefmt{html, …}``) is dropped, and a
link whose target runs or embeds code (``javascript:``, ``vbscript:``, ``data:``) becomes
its text, without a link.
"""

from __future__ import annotations

import re

from texi2rst import nodes as n
from texi2rst.transforms.shaping import list_fields

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

#: URL schemes a browser executes or renders inline, compared without blanks or case
SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


def script_url(url: str) -> bool:
    """Whether ``url`` would run or embed code (blanks and control characters inside the
    scheme are ignored, as browsers ignore them)."""
    return bool(SCRIPT_SCHEMES.match(_BLANKS.sub("", url)))


class _Untrusted:
    """Replaces each node by the list of nodes that stand for it (``visit_<Class>``)."""

    def replace(self, node: n.Node) -> list[n.Node] | None:
        visit = getattr(self, f"visit_{type(node).__name__}", None)
        return visit(node) if visit else None

    def visit_RawBlock(self, node: n.RawBlock) -> list[n.Node] | None:  # noqa: N802
        return [] if node.format.lower() == "html" else None

    def visit_RawInline(self, node: n.RawInline) -> list[n.Node] | None:  # noqa: N802
        return [] if node.format.lower() == "html" else None

    def visit_Link(self, node: n.Link) -> list[n.Node] | None:  # noqa: N802
        if not script_url(node.url):
            return None
        return list(node.children) or [n.Text(node.url, source=node.source, line=node.line)]


def drop_raw_html(root: n.Node) -> None:
    """Remove raw HTML and script links from the tree below ``root``, in place."""
    rules = _Untrusted()
    stack: list[n.Node] = [root]
    while stack:
        node = stack.pop()
        for name in list_fields(type(node)):
            _rewrite(getattr(node, name), rules, stack)


def _rewrite(items: list[Any], rules: _Untrusted, stack: list[n.Node]) -> None:
    out: list[Any] = []
    changed = False
    for item in items:
        if isinstance(item, list):  # rows of cells, lines of a line block
            _rewrite(item, rules, stack)
        if not isinstance(item, n.Node):
            out.append(item)
            continue
        replacement = rules.replace(item)
        if replacement is None:
            out.append(item)
            stack.append(item)
        else:
            changed = True
            out += replacement
            stack.extend(replacement)
    if changed:
        items[:] = out
