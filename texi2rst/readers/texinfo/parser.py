"""The Texinfo reader: Texinfo source → :class:`texi2rst.nodes.Document`.

Three stages:

1. :mod:`texi2rst.readers.texinfo.lexer` reads the files and yields line-level tokens,
   having done the context-sensitive work (includes, macros, ``@value``, conditionals, raw blocks);
2. the Lark grammar ``grammars/texinfo.lark`` (LALR; its tables, made by Lark, are run by
   :mod:`texi2rst.readers.lalr`) gives those tokens their nesting, and the
   :class:`~texi2rst.readers.texinfo.tree_builder.TreeBuilder` transformer, called by the
   parser as it reduces, builds the nodes with the per-block builders of
   :mod:`texi2rst.readers.texinfo.builders`, reading inline text with
   :mod:`texi2rst.readers.texinfo.inline`; :mod:`texi2rst.readers.texinfo.recovery` mends what
   the grammar cannot take;
3. sections are nested by level, and each ``@node`` is attached to its section
   (:mod:`texi2rst.readers.texinfo.document`).
"""

from __future__ import annotations

import copy
import os

from texi2rst import nodes as n
from texi2rst.diagnostics import LimitExceeded, Reporter
from texi2rst.grammar import grammar_file, grammar_path
from texi2rst.output import IMAGE_SUFFIXES, find_file, inside_any
from texi2rst.readers.lalr import Tables, UnexpectedToken, load_tables, parse
from texi2rst.readers.texinfo.builders import Build
from texi2rst.readers.texinfo.document import (
    check_unique_names,
    lists_of_floats,
    nest_sections,
    top_items,
)
from texi2rst.readers.texinfo.lexer import Lexer, Limits, Options, Token
from texi2rst.readers.texinfo.recovery import balanced, demote_stray_item
from texi2rst.readers.texinfo.tree_builder import TreeBuilder

__all__ = ["Options", "Limits", "read_texinfo", "read_texinfo_string", "grammar_path"]


class TexinfoReader:
    """Reads Texinfo into a :class:`texi2rst.nodes.Document`."""

    _tables: Tables | None = None
    _builder: TreeBuilder | None = None

    def __init__(self, options: Options | None = None, reporter: Reporter | None = None) -> None:
        self.options = options or Options()
        self.reporter = reporter or Reporter()
        self.lexer = Lexer(self.options, self.reporter)
        self._build: Build | None = None
        # made while parsing, finished once the whole document is read
        self.images: list[n.Image | n.InlineImage] = []
        self.floats: list[n.Float] = []
        self.float_lists: list[n.Container] = []
        #: the name of every @node line and @anchor made (floats' labels are in ``floats``)
        self.names: list[str] = []

    @classmethod
    def parser(cls) -> tuple[Tables, TreeBuilder]:
        """The block grammar's tables and the transformer that builds nodes as they
        reduce (both made once)."""
        if cls._tables is None or cls._builder is None:
            cls._builder = TreeBuilder()
            cls._tables = load_tables(grammar_file("texinfo.lark"),
                                      "texi2rst.readers.texinfo.grammar_tables")
        return cls._tables, cls._builder

    def read_file(self, path: str) -> n.Document:
        """Read a Texinfo file and what it includes."""
        try:
            tokens = self.lexer.lex_file(path)
        except LimitExceeded:
            tokens = self.lexer.tokens
            self.lexer._blocks.clear()
            tokens = balanced(tokens)
        return self._document(tokens, path)

    def read_string(self, text: str, source: str = "<string>") -> n.Document:
        """Read Texinfo given as a string."""
        try:
            tokens = self.lexer.lex_text(text, source)
        except LimitExceeded:
            tokens = balanced(self.lexer.tokens)
        return self._document(tokens, source)

    def read_lines(self, lines: list[tuple[str, str, int]], source: str) -> n.Document:
        """Read located lines (for example the Texinfo blocks of a ``.hx`` file)."""
        try:
            tokens = self.lexer.lex_lines(lines)
        except LimitExceeded:
            tokens = balanced(self.lexer.tokens)
        return self._document(tokens, source)

    def _image_texts(self) -> None:
        """Give each image its text version, ``FILE.txt``, found beside the source or in
        the include folders (Texinfo's rendering of an image in text outputs)."""
        refused: set[tuple[str, int, str]] = set()
        for node in self.images:
            if not node.path:
                continue
            here = os.path.dirname(os.path.abspath(node.source)) if node.source else "."
            folders = [here, *self.options.include_dirs]
            if not self._image_readable(node, folders, refused):
                continue
            names = sorted({node.path + ".txt", os.path.splitext(node.path)[0] + ".txt"})
            for folder in folders:
                found, _outside = find_file("", [os.path.join(folder, m) for m in names],
                                            self.lexer._read_roots())
                if found:
                    with open(found, "rb") as f:
                        node.text = f.read(65536).decode("utf-8", "replace").strip("\n")
                    break

    def _image_readable(self, node: n.Image | n.InlineImage, folders: list[str],
                        refused: set[tuple[str, int, str]]) -> bool:
        """Whether the image lies inside the read roots; if not, an error, and the image
        refers to its bare file name instead (so that nothing outside is ever copied)."""
        roots = self.lexer._read_roots()
        found, outside = find_file(node.path, folders, roots, IMAGE_SUFFIXES)
        if found or (not outside and inside_any(roots, os.path.join(folders[0], node.path))):
            return True
        if (node.source, node.line, node.path) not in refused:  # inline and block copies
            refused.add((node.source, node.line, node.path))
            self.reporter.error(node.source, node.line, f"@image `{node.path}' is outside the "
                                "input's tree, the -I folders and the --allow-read folders")
        node.path = os.path.basename(node.path.rstrip("/")) or "image"
        return False

    def parse_nested(self, lines: list[tuple[str, str, int]]) -> list[n.Block]:
        """Parse block content found inside a brace command (a footnote's body)."""
        options = copy.copy(self.options)
        sub = Lexer(options, self.reporter)
        sub.flags, sub.macros, sub.aliases = self.lexer.flags, {}, {}
        sub.indices, sub.enclosures = self.lexer.indices, self.lexer.enclosures
        sub._roots, sub._budget = self.lexer._roots, self.lexer._budget
        try:
            tokens = sub.lex_lines(lines)
        except LimitExceeded:
            tokens = balanced(sub.tokens)
        items = self._parse(tokens, sub)
        # headings and node lines inside a footnote become rubrics and labels, as in blocks
        return self._build.blocks(items) if self._build is not None else items

    def _parse(self, tokens: list[Token], lexer: Lexer) -> list[n.Block]:
        tables, builder = self.parser()
        build = Build(tokens, lexer, self.reporter, self)
        if self._build is None:
            self._build = build
        else:
            build.copying = self._build.copying
            build.settings = self._build.settings
        builder.push(build)
        made = len(self.images), len(self.floats), len(self.float_lists), len(self.names)
        try:
            for _attempt in range(100):
                try:
                    blocks: list[n.Block] = parse(tokens, tables, builder)
                    return blocks
                except UnexpectedToken as e:
                    if not demote_stray_item(tokens, e.index, self.reporter):
                        raise
                    # parse again from the start: drop what the failed attempt made
                    del self.images[made[0]:], self.floats[made[1]:], self.float_lists[made[2]:]
                    del self.names[made[3]:]
            raise UnexpectedToken(0, "ITEM")  # too many stray items
        except UnexpectedToken as e:  # the lexer should make this impossible
            tok = tokens[min(e.index, len(tokens) - 1)] if tokens else None
            self.reporter.error(tok.source if tok else "", tok.line if tok else 0,
                                "internal error: cannot parse the structure here "
                                f"({type(e).__name__})")
            return []
        finally:
            builder.pop()

    def _document(self, tokens: list[Token], source: str) -> n.Document:
        items = self._parse(tokens, self.lexer)
        assert self._build is not None
        build = self._build
        doc = n.Document(source=source, line=1)
        places: dict[int, tuple[str, int]] = {}
        doc.children = nest_sections(top_items(build, items), places)
        check_unique_names(doc, self.reporter,
                           [*self.names, *(fl.label for fl in self.floats)], places)
        self._image_texts()
        lists_of_floats(self.floats, self.float_lists)
        title = build.settings.get("title", "")
        for block in doc.children:
            if isinstance(block, n.Section) and block.level == 0 and title \
                    and not n.plain_text(block.title).strip():
                block.title = [n.Text(title, source=block.source, line=block.line)]
        doc.copying = build.copying
        doc.settings = dict(build.settings)
        # whether the tree holds definitions (@deffn …), whose labels the writer gives as it
        # writes them: a project's page workers need not replay pages without any
        doc.settings.setdefault("definitions", "no")
        doc.settings.setdefault("multitables", "no")  # (nor need man pages look for any)
        if "setfilename" in self.lexer.ignored_settings:
            doc.settings["man-name"] = os.path.splitext(
                self.lexer.ignored_settings["setfilename"])[0]
        if "settitle" in self.lexer.ignored_settings:
            doc.settings["man-description"] = self.lexer.ignored_settings["settitle"]
        for flag, value in self.lexer.flags.items():
            doc.settings[f"set:{flag}"] = value
        if any(t.type in ("MAN", "MANONLY_START") for t in tokens):
            doc.settings["man-regions"] = "yes"
            # the programs whose man pages regions are tagged for (``@c man begin SECTION
            # PROGRAM``: texi2pod.pl prints them only with ``-D PROGRAM``), in order
            programs = dict.fromkeys(
                program for t in tokens
                if t.type == "MANONLY_START" or t.type == "MAN" and t.name == "begin"
                for _section, program in [n.man_region(t.arg)] if program)
            if programs:
                doc.settings["man-programs"] = " ".join(programs)
        for name, description in self.lexer.man_titles.items():
            doc.settings[f"man-title:{name}"] = description
        doc.indices = {idx: n.IndexInfo(idx, code) for idx, code in
                       {i: c for i, c in self.lexer.indices.values()}.items()}
        for src, dst in self.lexer.index_merges.items():
            if src in doc.indices:
                doc.indices[src].merged_into = dst
        self._build = None  # it refers back to this reader: no cycle outlives the read
        return doc


def read_texinfo(path: str, options: Options | None = None,
                 reporter: Reporter | None = None) -> n.Document:
    """Read a Texinfo file (and its includes) into a document tree.

    Diagnostics go to ``reporter``; reading never raises for bad input."""
    if not os.path.isfile(path):
        reporter = reporter or Reporter()
        reporter.error(path, 0, "no such file")
        return n.Document(source=path)
    return TexinfoReader(options, reporter).read_file(path)


def read_texinfo_string(text: str, options: Options | None = None,
                        reporter: Reporter | None = None, source: str = "<string>"
                        ) -> n.Document:
    """Read Texinfo given as a string into a document tree."""
    return TexinfoReader(options, reporter).read_string(text, source)
