"""Man pages without HTML-only artefacts.

docutils 0.22's man-page translator sets ``visit_reference`` on the instance, which hides the
method of Sphinx's translator that prints only a reference's text: every cross-reference
inside a man page would end in `` <#anchor>``, a URI only HTML can follow. Internal
references (no URI scheme) become their text before the man builder writes; links to the web
keep their URI, as texi2pod printed it.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes

_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def unlink_internal_references(app: Any, doctree: nodes.document, docname: str) -> None:
    """For the man builder: internal references become inline text."""
    if getattr(app.builder, "format", "") != "man":
        return
    for ref in list(doctree.findall(nodes.reference)):
        if _EXTERNAL.match(ref.get("refuri", "")):
            continue
        text = nodes.inline("", "", *ref.children, classes=ref.get("classes", []))
        ref.replace_self(text)


def setup(app: Any) -> None:
    """Connect the man-page clean-up."""
    app.connect("doctree-resolved", unlink_internal_references)
