"""The ``texi2rst bulk`` configuration: a TOML file, read and validated strictly.

Every problem is reported as ``CONFIG: error: KEY: message`` naming the key (for example
``texi2rst.toml: error: manuals.system.main: file not found: qemu-doc.texi``). Paths are
relative to the folder of the configuration file. See ``examples/qemu/texi2rst.toml`` for a
complete, commented example and :mod:`texi2rst.commands.bulk` for what each part produces.

.. code-block:: toml

   [project]                       # the top-level Sphinx skeleton
   title = "QEMU documentation"    # the root index.rst title and conf.py `project`
   version = "4.2.0"               # conf.py version/release (optional)
   output = "build/docs"           # output folder (default "texi2rst-out")
   intro = "Text under the title"  # optional rST text of the root index
   extensions = []                 # more Sphinx extensions (texi2rst.sphinx is always there)
   mode = "single"                 # single (default with .hx/QAPI inputs) | static
   source_root = "."               # single: the tree the output repeats (default: common folder)
   docs = "docs"                   # single: the Sphinx source folder inside the output

   [project.conf]                  # extra conf.py settings, written as Python literals
   html_theme = "alabaster"

   [manuals.system]                # one Sphinx manual, in the folder system/
   title = "System emulation"      # its title when there is no `main` (or to list it)
   main = "qemu-doc.texi"          # its Texinfo (optional: a manual can be a collection)
   include_dirs = ["generated"]    # -I
   defines = { VERSION = "4.2" }   # -D
   split = "chapter"               # chapter | section | node | none
   label_prefix = "system-"        # default: NAME-
   man_pages = ["qemu.1"]          # NAME.SECTION[:DESCRIPTION]
   parent = ""                     # another manual: this one is written inside it
   folder = "system"               # default: NAME (inside the parent's folder)

   [manuals.system.pages]          # node name -> its file, its title, or left out
   "Top" = { title = "System Emulation User's Guide" }
   "sec_invocation" = { file = "invocation" }
   "Index" = { drop = true }

   [[hx]]
   file = "qemu-options.hx"
   manuals = ["system"]            # render it in these manuals ...
   replaces = "qemu-options.texi"  # ... in place of their `@include qemu-options.texi`
   # page = "options"              # ... or as a page of its own in each manual
   # in_place = true / output = "new.hx": rewrite the STEXI blocks as SRST

   [[qapi]]
   schema = "qapi/qapi-schema.json"
   manuals = ["qmp"]
   replaces = "qemu-qmp-qapi.texi" # or page = "reference"
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from texi2rst.records import field, record

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: exit status for a configuration that cannot be read at all (missing, not TOML)
EXIT_UNREADABLE = 2
#: exit status for a configuration that reads but is wrong (unknown key, wrong type, …)
EXIT_INVALID = 1

SPLITS = ("chapter", "section", "node", "none")
MODES = ("single", "static")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_CONF_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED_CONF = {"project", "version", "release", "root_doc", "extensions", "man_pages",
                  "exclude_patterns"}


class ConfigError(Exception):
    """A configuration problem; ``str()`` is the full message naming the key."""

    def __init__(self, config: str, key: str, message: str, status: int = EXIT_INVALID):
        self.config, self.key, self.message, self.status = config, key, message, status
        where = f"{key}: " if key else ""
        super().__init__(f"{config}: error: {where}{message}")


@record
class Manual:
    """One Sphinx manual (a folder of the output)."""

    name: str
    title: str = ""
    main: str = ""  # absolute path of the main .texi, or "" for a collection
    include_dirs: list[str] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    split: str = "chapter"
    label_prefix: str = ""
    man_pages: list[str] = field(default_factory=list)
    parent: str = ""
    folder: str = ""  # relative to the output folder, "/"-separated
    #: node name → what the configuration says of its page
    pages: dict[str, PageSpec] = field(default_factory=dict)
    #: False with ``bulk --no-raw-html``: raw HTML and script links are dropped
    raw_html: bool = True


@record
class PageSpec:
    """What the configuration says of one node of a manual (``[manuals.X.pages."Node"]``):
    the file its section is written to (instead of one named after the node), its title,
    or that it is left out (a placeholder chapter)."""

    file: str = ""
    title: str = ""
    drop: bool = False


@record(kw_only=True)
class DocInput:
    """What an ``[[hx]]`` and a ``[[qapi]]`` entry share: its place among its kind, the
    manuals it is shown in, the ``@include`` it replaces, or a page of its own and its
    title."""

    index: int
    manuals: list[str] = field(default_factory=list)
    replaces: str = ""
    page: str = ""
    title: str = ""
    #: False with ``bulk --no-raw-html`` (an ``.hx`` file's Texinfo may hold raw HTML)
    raw_html: bool = True


@record(kw_only=True)
class HxInput(DocInput):
    """One ``.hx`` file and where its documentation goes."""

    file: str
    in_place: bool = False
    output: str = ""
    mode: str = "auto"


@record(kw_only=True)
class QapiInput(DocInput):
    """One QAPI schema and the manuals it is rendered in."""

    schema: str


@record
class BulkConfig:
    path: str
    base: str
    title: str = "Documentation"
    version: str = ""
    output: str = ""
    intro: str = ""
    extensions: list[str] = field(default_factory=list)
    conf: dict[str, Any] = field(default_factory=dict)
    #: ``single`` (sources stay single: ``.hx``/schemas pulled in by directives, shared
    #: Texinfo as ``.. include::`` fragments) or ``static`` (one rendering everywhere)
    mode: str = "static"
    #: single mode: the folder whose layout the output repeats (``.hx`` files and schemas
    #: are copied to the same place under the output folder)
    source_root: str = ""
    #: single mode: the Sphinx source folder inside the output folder
    docs: str = "docs"
    manuals: dict[str, Manual] = field(default_factory=dict)
    hx: list[HxInput] = field(default_factory=list)
    qapi: list[QapiInput] = field(default_factory=list)

    def top_manuals(self) -> list[Manual]:
        return [m for m in self.manuals.values() if not m.parent]

    def children(self, name: str) -> list[Manual]:
        return [m for m in self.manuals.values() if m.parent == name]


_TYPE_NAMES = {str: "a string", bool: "true or false", int: "an integer", list: "an array",
               dict: "a table"}


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.relpath(path) if not os.path.isabs(path) else path
        self.base = os.path.dirname(os.path.abspath(path))

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.name, key, message)

    def table(self, data: Any, key: str, allowed: dict[str, type]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, f"must be a table, not {_kind(data)}")
        for k in data:
            if k not in allowed:
                where = f"{key}.{k}" if key else k
                raise self.fail(where, f"unknown key (expected one of: "
                                f"{', '.join(sorted(allowed))})")
        out: dict[str, Any] = {}
        for k, typ in allowed.items():
            if k not in data:
                continue
            value = data[k]
            where = f"{key}.{k}" if key else k
            if typ is not Any and (not isinstance(value, typ) or (typ is int
                                                                   and isinstance(value, bool))):
                raise self.fail(where, f"must be {_TYPE_NAMES[typ]}, not {_kind(value)}")
            out[k] = value
        return out

    def strings(self, value: Any, key: str) -> list[str]:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise self.fail(key, f"must be an array of strings, not {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{i}]", f"must be a string, not {_kind(item)}")
        return list(value)

    def file(self, value: str, key: str) -> str:
        if not value:
            raise self.fail(key, "must not be empty")
        path = os.path.normpath(os.path.join(self.base, value))
        if not os.path.isfile(path):
            raise self.fail(key, f"file not found: {value}")
        return path

    def folder(self, value: str, key: str) -> str:
        path = os.path.normpath(os.path.join(self.base, value))
        if not os.path.isdir(path):
            raise self.fail(key, f"folder not found: {value}")
        return path


def _kind(value: Any) -> str:
    for typ, name in ((bool, "true or false"), (str, "a string"), (int, "an integer"),
                      (float, "a number"), (list, "an array"), (dict, "a table")):
        if isinstance(value, typ):
            return name
    return type(value).__name__


def load_config(path: str) -> BulkConfig:
    """Read and validate the configuration at ``path``; raises :class:`ConfigError`."""
    r = _Reader(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(r.name, "", "configuration file not found", EXIT_UNREADABLE) from None
    except OSError as e:
        raise ConfigError(r.name, "", f"cannot read: {e.strerror}", EXIT_UNREADABLE) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(r.name, "", f"not valid TOML: {e}", EXIT_UNREADABLE) from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: str) -> BulkConfig:
    """Validate parsed TOML (``path`` locates relative paths and names the file)."""
    r = _Reader(path)
    top = r.table(data, "", {"project": dict, "manuals": dict, "hx": list, "qapi": list})
    cfg = BulkConfig(path=os.path.abspath(path), base=r.base)
    proj = r.table(top.get("project", {}), "project",
                   {"title": str, "version": str, "output": str, "intro": str,
                    "extensions": list, "conf": dict, "mode": str, "source_root": str,
                    "docs": str})
    cfg.title = proj.get("title", cfg.title)
    cfg.version = proj.get("version", "")
    cfg.intro = proj.get("intro", "")
    output = proj.get("output", "texi2rst-out")
    if not output:
        raise r.fail("project.output", "must not be empty")
    cfg.output = os.path.normpath(os.path.join(r.base, output))
    cfg.extensions = r.strings(proj.get("extensions", []), "project.extensions")
    for k, v in proj.get("conf", {}).items():
        if not _CONF_NAME_RE.match(k):
            raise r.fail(f"project.conf.{k}", "not a Python name")
        if k in _RESERVED_CONF:
            raise r.fail(f"project.conf.{k}", "set by texi2rst bulk (use project.title, "
                         "project.version or project.extensions)")
        cfg.conf[k] = v

    manuals = top.get("manuals", {})
    if not manuals:
        raise r.fail("manuals", "at least one manual is needed")
    for name, raw in manuals.items():
        key = f"manuals.{name}"
        if not _NAME_RE.match(name):
            raise r.fail(key, "a manual's name is letters, digits, '-', '_' and '.'")
        t = r.table(raw, key, {"title": str, "main": str, "include_dirs": list,
                               "defines": dict, "split": str, "label_prefix": str,
                               "man_pages": list, "parent": str, "folder": str,
                               "pages": dict})
        m = Manual(name=name, title=t.get("title", ""))
        if "main" in t:
            m.main = r.file(t["main"], f"{key}.main")
        m.include_dirs = [r.folder(d, f"{key}.include_dirs[{i}]") for i, d in enumerate(
            r.strings(t.get("include_dirs", []), f"{key}.include_dirs"))]
        for k, v in t.get("defines", {}).items():
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise r.fail(f"{key}.defines.{k}", f"must be a string, not {_kind(v)}")
            m.defines[k] = str(v)
        m.split = t.get("split", "chapter")
        if m.split not in SPLITS:
            raise r.fail(f"{key}.split", f"must be one of {', '.join(SPLITS)}, not {m.split!r}")
        m.label_prefix = t.get("label_prefix", f"{name}-")
        m.man_pages = r.strings(t.get("man_pages", []), f"{key}.man_pages")
        for i, page in enumerate(m.man_pages):
            stem = page.partition(":")[0]
            if not stem or "/" in stem:
                raise r.fail(f"{key}.man_pages[{i}]", f"not NAME.SECTION: {page!r}")
        if m.man_pages and not m.main:
            raise r.fail(f"{key}.man_pages", "man pages need a `main' Texinfo file")
        m.parent = t.get("parent", "")
        folder = t.get("folder", name)
        if not folder or folder.startswith("/") or ".." in folder.split("/") or \
                "\\" in folder or folder in (".", "man", "_static", "_build"):
            raise r.fail(f"{key}.folder", f"not a folder name inside the output: {folder!r}")
        m.folder = folder
        if not m.main and not m.title:
            raise r.fail(f"{key}.title", "a manual without `main' needs a title")
        m.pages = _pages(r, key, t.get("pages", {}), m)
        cfg.manuals[name] = m
    for m in cfg.manuals.values():
        if m.parent:
            if m.parent not in cfg.manuals:
                raise r.fail(f"manuals.{m.name}.parent", f"no manual named {m.parent!r}")
            seen, p = {m.name}, m.parent
            while p:
                if p in seen:
                    raise r.fail(f"manuals.{m.name}.parent", "manuals nest in a cycle")
                seen.add(p)
                p = cfg.manuals[p].parent
    for m in _ordered(cfg):
        if m.parent:
            m.folder = f"{cfg.manuals[m.parent].folder}/{m.folder}"
    folders: dict[str, str] = {}
    for m in cfg.manuals.values():
        if m.folder in folders:
            raise r.fail(f"manuals.{m.name}.folder", f"same folder as manuals."
                         f"{folders[m.folder]}: {m.folder}")
        folders[m.folder] = m.name
    prefixes: dict[str, str] = {}
    for m in cfg.manuals.values():
        if m.main and m.label_prefix in prefixes:
            raise r.fail(f"manuals.{m.name}.label_prefix", "same label prefix as manuals."
                         f"{prefixes[m.label_prefix]}: labels would clash")
        prefixes[m.label_prefix] = m.name

    hx_items = top.get("hx", [])
    for i, raw in enumerate(hx_items):
        key = f"hx[{i}]"
        t = r.table(raw, key, {"file": str, "manuals": Any, "replaces": str, "page": str,
                               "title": str, "in_place": bool, "output": str, "mode": str})
        if "file" not in t:
            raise r.fail(f"{key}.file", "missing (the .hx file)")
        h = HxInput(index=i, file=r.file(t["file"], f"{key}.file"),
                    manuals=r.strings(t.get("manuals", []), f"{key}.manuals"),
                    replaces=t.get("replaces", ""), page=t.get("page", ""),
                    title=t.get("title", ""), in_place=t.get("in_place", False),
                    mode=t.get("mode", "auto"))
        if h.mode not in ("auto", "options", "commands"):
            raise r.fail(f"{key}.mode", f"must be auto, options or commands, not {h.mode!r}")
        if "output" in t:
            if not t["output"]:
                raise r.fail(f"{key}.output", "must not be empty")
            h.output = os.path.normpath(os.path.join(r.base, t["output"]))
        if h.in_place and h.output:
            raise r.fail(f"{key}.in_place", "give either in_place or output, not both")
        _placement(r, key, h, cfg)
        if not h.manuals and not h.in_place and not h.output:
            raise r.fail(f"{key}.manuals", "missing: render it into which manuals "
                         "(or set in_place or output)")
        cfg.hx.append(h)
    for i, raw in enumerate(top.get("qapi", [])):
        key = f"qapi[{i}]"
        t = r.table(raw, key, {"schema": str, "manuals": Any, "replaces": str, "page": str,
                               "title": str})
        if "schema" not in t:
            raise r.fail(f"{key}.schema", "missing (the root QAPI schema)")
        q = QapiInput(index=i, schema=r.file(t["schema"], f"{key}.schema"),
                      manuals=r.strings(t.get("manuals", []), f"{key}.manuals"),
                      replaces=t.get("replaces", ""), page=t.get("page", ""),
                      title=t.get("title", ""))
        if not q.manuals:
            raise r.fail(f"{key}.manuals", "missing: render it into which manuals")
        _placement(r, key, q, cfg)
        cfg.qapi.append(q)
    _single_mode(r, proj, cfg)
    return cfg


def _single_mode(r: _Reader, proj: dict[str, Any], cfg: BulkConfig) -> None:
    """``project.mode``, ``project.source_root`` and ``project.docs``."""
    cfg.mode = proj.get("mode", "single" if cfg.hx or cfg.qapi else "static")
    if cfg.mode not in MODES:
        raise r.fail("project.mode", f"must be one of {', '.join(MODES)}, not {cfg.mode!r}")
    docs = proj.get("docs", "docs")
    if not docs or docs.startswith("/") or "\\" in docs or any(
            p in ("", ".", "..") for p in docs.split("/")):
        raise r.fail("project.docs", f"not a folder name inside the output: {docs!r}")
    cfg.docs = docs
    inputs = [m.main for m in cfg.manuals.values() if m.main] + [h.file for h in cfg.hx] + [
        q.schema for q in cfg.qapi]
    if "source_root" in proj:
        cfg.source_root = r.folder(proj["source_root"], "project.source_root")
        for path in inputs:
            if os.path.commonpath([cfg.source_root, path]) != cfg.source_root:
                raise r.fail("project.source_root", f"{os.path.relpath(path, r.base)} is "
                             "outside it: the output repeats the source root's layout")
    else:
        cfg.source_root = os.path.commonpath([os.path.dirname(p) for p in inputs]) \
            if inputs else r.base
    if cfg.mode == "single":
        real_out = os.path.realpath(cfg.output)
        real_root = os.path.realpath(cfg.source_root)
        if os.path.commonpath([real_out, real_root]) == real_out:
            raise r.fail("project.output", "in single mode the output repeats the layout "
                         "of the sources: it must not hold the source root (the copies "
                         "would be written onto the inputs)")


_FILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")


def _pages(r: _Reader, key: str, raw: dict[str, Any], m: Manual) -> dict[str, PageSpec]:
    """``[manuals.X.pages."Node Name"]``: ``file``, ``title``, ``drop``."""
    if raw and not m.main:
        raise r.fail(f"{key}.pages", "pages need a `main' Texinfo file")
    pages: dict[str, PageSpec] = {}
    for node, value in raw.items():
        where = f'{key}.pages."{node}"'
        t = r.table(value, where, {"file": str, "title": str, "drop": bool})
        spec = PageSpec(file=t.get("file", ""), title=t.get("title", ""),
                        drop=t.get("drop", False))
        if "file" in t and (not _FILE_RE.match(spec.file) or spec.file in (
                "index", "genindex", "search", "man", "_fragments")):
            raise r.fail(f"{where}.file", f"not a file name for a page: {spec.file!r} "
                         "(letters, digits, '.', '_', '+', '-'; not index, man …)")
        if spec.drop and (spec.file or spec.title):
            raise r.fail(f"{where}.drop", "a dropped node has no file or title")
        pages[" ".join(node.split())] = spec
    return pages


def _placement(r: _Reader, key: str, item: HxInput | QapiInput, cfg: BulkConfig) -> None:
    for j, name in enumerate(item.manuals):
        if name not in cfg.manuals:
            raise r.fail(f"{key}.manuals[{j}]", f"no manual named {name!r}")
        if item.replaces and not cfg.manuals[name].main:
            raise r.fail(f"{key}.replaces", f"manuals.{name} has no `main' Texinfo file "
                         "to include it (use page)")
    if item.manuals:
        if bool(item.replaces) == bool(item.page):
            raise r.fail(f"{key}.replaces", "give either replaces (the @include it stands "
                         "for) or page (a page of its own)")
        if item.page and (not _NAME_RE.match(item.page) or item.page == "index"):
            raise r.fail(f"{key}.page", f"not a page name: {item.page!r}")
        if item.replaces and ("/" in item.replaces or not item.replaces.endswith(".texi")):
            raise r.fail(f"{key}.replaces", "the name of the included .texi file, e.g. "
                         f"qemu-options.texi, not {item.replaces!r}")


def _ordered(cfg: BulkConfig) -> list[Manual]:
    """Manuals with parents before children."""
    out: list[Manual] = []
    done: set[str] = set()

    def visit(m: Manual) -> None:
        if m.name in done:
            return
        if m.parent:
            visit(cfg.manuals[m.parent])
        done.add(m.name)
        out.append(m)

    for m in cfg.manuals.values():
        visit(m)
    return out
