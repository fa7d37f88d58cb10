"""Optional dependencies: the commands that need an extra say which one to install.

The core (``convert``, ``hx``, ``qapi``, ``bulk`` and the Python APIs) needs only Lark, tqdm and,
before Python 3.11, tomli. ``texi2rst[sphinx]`` adds Sphinx (the extension, ``check``, building
the converted projects); ``texi2rst[back]`` adds pandoc for ``back``.
"""

from __future__ import annotations

import importlib.util
import os


class MissingExtra(Exception):
    """A command needs an optional dependency that is not installed (exit code 1)."""


def require(module: str, extra: str, user: str) -> None:
    """Raise :class:`MissingExtra` naming ``texi2rst[EXTRA]`` when ``module`` is missing."""
    if importlib.util.find_spec(module) is None:
        raise MissingExtra(f"{user} needs {module}, which is not installed: "
                           f"install texi2rst[{extra}] (pip install 'texi2rst[{extra}]')")


def require_pandoc(user: str) -> None:
    """pypandoc and the pandoc binary that ``pypandoc-binary`` bundles."""
    bundled_pandoc(user)


def bundled_pandoc(user: str) -> str:
    """The pandoc binary bundled with ``pypandoc-binary``: a ``pandoc`` found on ``PATH`` is
    never used (it may be any program)."""
    require("pypandoc", "back", user)
    import pypandoc

    folder = os.path.join(os.path.dirname(os.path.abspath(pypandoc.__file__)), "files")
    for name in ("pandoc", "pandoc.exe"):
        if os.path.isfile(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise MissingExtra(f"{user} needs the pandoc that pypandoc-binary bundles, which was not "
                       "found: install texi2rst[back] (pip install 'texi2rst[back]')")
