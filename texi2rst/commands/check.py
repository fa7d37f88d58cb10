"""Check a conversion: what a Sphinx reader of the converted manual gets, against makeinfo.

``texi2rst check MAIN.texi`` converts the manual to a Sphinx project in a temporary folder,
builds it with Sphinx's text builder, runs ``makeinfo --plaintext`` on the source (when makeinfo
is installed) and reports, for the manual and for each section: words kept and lost (recall)
and words added (precision), with the first examples located by Texinfo file and line; sections
missing or added; references that do not resolve; and every construct converted with a loss.

Words are counted as the project's measuring tool counts them: makeinfo's plain text made with
the conditionals an HTML reader sees (``--ifhtml --no-ifinfo --no-ifplaintext``), without index
listings, menu headers, ``*Note`` markers, the footnote separator and appendix letters; URLs
and pure numbers are ignored; words are compared as multisets.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from typing import TYPE_CHECKING, Any

from texi2rst import records
from texi2rst.commands.check_words import (
    MAKEINFO_UNDERLINE,
    SPHINX_UNDERLINE,
    Chunk,
    clean_plaintext,
    count_words,
    recall_precision,
    split_sections,
    title_key,
    word_list,
)
from texi2rst.records import asdict, field, record

if TYPE_CHECKING:
    from texi2rst import nodes as n
    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.texinfo.options import Options

__all__ = ["clean_plaintext", "count_words", "fidelity_report", "title_key", "word_list",
           "add_arguments", "run"]

# --------------------------------------------------------------------------- report


@record
class WordExample:
    """A word lost (or added), how many times, and where it is in the Texinfo source."""

    word: str
    count: int
    source: str = ""
    line: int = 0
    context: str = ""


@record(kw_only=True)
class WordFigures:
    """makeinfo's words against the Sphinx text's, for a manual or one of its sections."""

    ref_words: int = 0
    rst_words: int = 0
    kept_words: int = 0
    recall: float | None = None
    precision: float | None = None
    lost: list[WordExample] = field(default_factory=list)
    added: list[WordExample] = field(default_factory=list)


@record
class SectionReport(WordFigures):
    title: str
    level: int = 0
    source: str = ""
    line: int = 0


@record
class Located:
    """A message located in the Texinfo source (or in the generated rST, for Sphinx's)."""

    source: str
    line: int
    message: str
    origin: str = "texi2rst"


@record
class Report(WordFigures):
    """What ``texi2rst check`` finds about one manual. ``recall``/``precision`` are ``None``
    when makeinfo is not installed."""

    manual: str
    makeinfo: bool = False
    makeinfo_rc: int | None = None
    sections: list[SectionReport] = field(default_factory=list)
    missing_sections: list[Located] = field(default_factory=list)
    added_sections: list[Located] = field(default_factory=list)
    unresolved_references: list[Located] = field(default_factory=list)
    lossy_constructs: list[Located] = field(default_factory=list)
    errors: list[Located] = field(default_factory=list)
    sphinx_rc: int | None = None
    sphinx_warnings: int = 0
    sphinx_errors: int = 0
    sphinx_messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("recall", "precision"):
            if data[key] is not None:
                data[key] = round(data[key], 4)
        for section in data["sections"]:
            for key in ("recall", "precision"):
                if section[key] is not None:
                    section[key] = round(section[key], 4)
        return data

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def failures(self, min_recall: float | None = None,
                 min_precision: float | None = None) -> list[str]:
        """Thresholds not met, as sentences (empty when all are met)."""
        out = []
        for name, value, floor in (("recall", self.recall, min_recall),
                                   ("precision", self.precision, min_precision)):
            if floor is None:
                continue
            if value is None:
                out.append(f"{name} unknown (makeinfo not run), minimum {floor}")
            elif value < floor:
                out.append(f"{name} {value:.4f} below the minimum {floor}")
        return out

    def format_text(self, max_sections: int = 15, max_items: int = 10) -> str:
        """The human-readable report."""
        lines = [f"texi2rst check: {self.manual}"]
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.recall is not None:
            lines.append(f"  words: {self.ref_words} in makeinfo's plain text, {self.rst_words} "
                         f"in Sphinx's text; kept {self.kept_words}, lost "
                         f"{self.ref_words - self.kept_words}, added "
                         f"{self.rst_words - self.kept_words}")
            lines.append(f"  recall {self.recall:.4f}  precision {self.precision:.4f}")
        else:
            lines.append(f"  words in Sphinx's text: {self.rst_words} (no makeinfo: no recall)")
        lines.append(f"  Sphinx: exit {self.sphinx_rc}, {self.sphinx_warnings} warnings, "
                     f"{self.sphinx_errors} errors")

        def examples(title: str, items: list[WordExample]) -> None:
            if not items:
                return
            lines.append(f"  {title}:")
            for ex in items[:max_items]:
                where = f"{ex.source}:{ex.line}" if ex.source else "(not in the source)"
                ctx = f"  «{ex.context}»" if ex.context else ""
                lines.append(f"    {ex.word!r} x{ex.count}  {where}{ctx}")

        examples("most lost words", self.lost)
        examples("most added words", self.added)
        worst = [s for s in self.sections if s.recall is not None and s.kept_words < s.ref_words]
        worst.sort(key=lambda s: s.kept_words - s.ref_words)
        if worst:
            lines.append(f"  sections losing words ({len(worst)} of {len(self.sections)}; "
                         "most lost first):")
            for s in worst[:max_sections]:
                where = f"{s.source}:{s.line}" if s.source else "?"
                lost = ", ".join(f"{e.word}" + (f" ({e.source}:{e.line})" if e.source else "")
                                 for e in s.lost[:4])
                lines.append(f"    {s.title!r} {where}: recall {s.recall:.4f}, lost "
                             f"{s.ref_words - s.kept_words}: {lost}")
        for title, items in (("sections missing", self.missing_sections),
                             ("sections added", self.added_sections),
                             ("references that do not resolve", self.unresolved_references),
                             ("constructs converted with a loss", self.lossy_constructs),
                             ("errors", self.errors)):
            lines.append(f"  {title}: {len(items)}")
            for item in items[:max_items]:
                where = f"{item.source}:{item.line}: " if item.source else ""
                lines.append(f"    {where}{item.message}")
            if len(items) > max_items:
                lines.append(f"    … and {len(items) - max_items} more (--json lists all)")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- locating words


class _Locator:
    """Where words occur in the Texinfo tree: first (file, line) of each word, per section."""

    def __init__(self, doc: n.Node) -> None:
        from texi2rst import nodes as n

        self.sections: dict[str, list[Any]] = collections.defaultdict(list)
        self.section_words: dict[int, dict[str, tuple[str, int]]] = {}
        self.anywhere: dict[str, tuple[str, int]] = {}
        self.headings: set[str] = set()
        for node in doc.walk():
            if isinstance(node, n.Section):
                self.sections[title_key(n.plain_text(node.title))].append(node)
            elif isinstance(node, n.Heading):
                self.headings.add(title_key(n.plain_text(node.title)))
        self._index(doc, None)

    def _index(self, node: n.Node, section: n.Section | None) -> None:
        from texi2rst import nodes as n

        if isinstance(node, n.Section):
            section = node
            self.section_words[id(node)] = {}
        text = ""
        if isinstance(node, n.Text):
            text = node.text
        elif isinstance(node, (n.LiteralBlock, n.RawBlock, n.Comment)) and hasattr(node, "text"):
            text = getattr(node, "text", "")
        elif isinstance(node, n.Reference):
            text = node.target
        elif isinstance(node, n.Link):
            text = node.url
        if text and node.source:
            where = (node.source, node.line)
            local = self.section_words.get(id(section)) if section is not None else None
            for w in word_list(text):
                self.anywhere.setdefault(w, where)
                if local is not None:
                    local.setdefault(w, where)
        for child in node.child_nodes():
            self._index(child, section)

    def find(self, word: str, section: n.Section | None = None) -> tuple[str, int]:
        if section is not None:
            where = self.section_words.get(id(section), {}).get(word)
            if where:
                return where
        return self.anywhere.get(word, (section.source, section.line) if section else ("", 0))


def _context(lines: list[str], word: str) -> str:
    for line in lines:
        if word in word_list(line):
            return " ".join(line.split())[:100]
    return ""


def _examples(diff: collections.Counter[str], locator: _Locator | None,
              section: n.Section | None, lines: list[str],
              limit: int) -> list[WordExample]:
    out = []
    for word, count in diff.most_common(limit):
        source, line = locator.find(word, section) if locator else ("", 0)
        out.append(WordExample(word, count, source, line, _context(lines, word)))
    return out


# --------------------------------------------------------------------------- the steps


TEXT_MARKER = ".texi2rst-check-text"


def _clear_text_build(out: str) -> None:
    """Remove the text build of an earlier ``check`` in ``out`` (marked by
    :data:`TEXT_MARKER`), and mark the folder for this one; a folder texi2rst did not make
    is left alone (:class:`texi2rst.output.WriteError`)."""
    from texi2rst.output import WriteError

    if os.path.lexists(out):
        if not os.path.isfile(os.path.join(out, TEXT_MARKER)) or os.path.islink(out):
            raise WriteError(out, "texi2rst did not make this folder (move it away or choose "
                             "another --keep folder)")
        shutil.rmtree(out)
    try:
        os.makedirs(out)
        with open(os.path.join(out, TEXT_MARKER), "w", encoding="utf-8") as f:
            f.write("Sphinx's text build for texi2rst check: removed by the next check.\n")
    except OSError as e:
        raise WriteError(out, e.strerror or str(e)) from None


def makeinfo_plaintext(main_texi: str, include_dirs: list[str], defines: dict[str, str],
                       makeinfo: str = "makeinfo") -> tuple[str, int, str]:
    """makeinfo's plain text (with the HTML conditionals), its exit code and messages."""
    cmd = [makeinfo, "--plaintext", "--no-split", "--force", "--ifhtml", "--no-ifinfo",
           "--no-ifplaintext", "-o", "-"]
    for d in include_dirs:
        cmd += ["-I", os.path.abspath(d)]
    for name, value in defines.items():
        cmd += ["-D", f"{name} {value}" if value else name]
    # "--" ends the options: a file named like one ("--init-file=x.texi") stays a file
    proc = subprocess.run(cmd + ["--", os.path.basename(main_texi)],
                          cwd=os.path.dirname(os.path.abspath(main_texi)),
                          capture_output=True, text=True, errors="replace")
    return proc.stdout, proc.returncode, proc.stderr


_REFERENCE_WARNING = re.compile(r"undefined label|unknown document|unknown option|"
                                r"reference target not found|Unknown target name|"
                                r"term not in glossary|citation not found|undefined node|"
                                r"undefined anchor")
_SPHINX_LOC = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+)?:? ?(?:WARNING|ERROR|SEVERE|"
                         r"CRITICAL): (?P<msg>.*)$")


def sphinx_text_build(src: str, out: str, python: str | None = None) -> tuple[dict[str, str],
                                                                              int, str]:
    """Build the project in ``src`` with Sphinx's text builder in a process of its own;
    returns {docname: text}, the exit code and the warnings."""
    warnings = os.path.join(os.path.dirname(out), "sphinx-warnings.txt")
    cmd = [python or sys.executable, "-m", "sphinx", "-b", "text", "-q", "-E", "-N",
           "-w", warnings, src, out]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    log = ""
    if os.path.exists(warnings):
        with open(warnings, encoding="utf-8", errors="replace") as fh:
            log = fh.read()
    if proc.returncode and not log.strip():
        log = proc.stderr
    texts: dict[str, str] = {}
    for root, _, files in os.walk(out):
        for name in sorted(files):
            if name.endswith(".txt"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    texts[os.path.relpath(path, out)[:-4]] = fh.read()
    return texts, proc.returncode, log


def fidelity_report(main_texi: str, options: Options | None = None, *, makeinfo: str | None = None,
                    python: str | None = None, keep_dir: str | None = None,
                    split: str = "chapter", examples: int = 12) -> Report:
    """Convert ``main_texi`` (reader :class:`~texi2rst.readers.texinfo.lexer.Options` ``options``),
    build it with Sphinx's text builder, compare with makeinfo and return the :class:`Report`.

    ``makeinfo``: the program (default: ``makeinfo`` on the PATH; none found: no word
    figures); ``keep_dir``: write the Sphinx project and its text build there instead of a
    temporary folder."""
    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.texinfo.options import Options
    from texi2rst.readers.texinfo.parser import read_texinfo
    from texi2rst.writers.project import write_project

    options = options or Options()
    report = Report(manual=main_texi)
    reporter = Reporter(max_warnings=100_000)
    # makeinfo looks for @include files in the current folder: where it runs, the manual's
    read_options = records.replace(options, include_dirs=[
        *options.include_dirs, os.path.dirname(os.path.abspath(main_texi))])
    doc = read_texinfo(main_texi, read_options, reporter)
    work = os.path.abspath(keep_dir) if keep_dir else tempfile.mkdtemp(prefix="texi2rst-check-")
    src, out = os.path.join(work, "src"), os.path.join(work, "text")
    try:
        _clear_text_build(out)
        write_project(doc, src, reporter=reporter, split=split,
                      source_dir=os.path.dirname(os.path.abspath(main_texi)),
                      image_dirs=list(options.include_dirs),
                      read_roots=read_options.read_roots(main_texi))
        texts, report.sphinx_rc, log = sphinx_text_build(src, out, python)
        order = document_order(src, list(texts))
    finally:
        if keep_dir is None:
            shutil.rmtree(work, ignore_errors=True)

    for d in reporter.diagnostics:
        item = Located(d.source, d.line, d.message)
        if d.severity == "error":
            report.errors.append(item)
        elif _REFERENCE_WARNING.search(d.message):
            report.unresolved_references.append(item)
        else:
            report.lossy_constructs.append(item)
    for line in log.splitlines():
        if re.search(r"\bWARNING\b", line):
            report.sphinx_warnings += 1
        elif re.search(r"\b(ERROR|SEVERE|CRITICAL)\b", line):
            report.sphinx_errors += 1
        else:
            continue
        report.sphinx_messages.append(line)
        if _REFERENCE_WARNING.search(line):
            m = _SPHINX_LOC.match(line)
            if m:
                report.unresolved_references.append(Located(
                    m["file"], int(m["line"] or 0), m["msg"], "sphinx"))
            else:
                report.unresolved_references.append(Located("", 0, line, "sphinx"))
    if report.sphinx_rc:
        report.notes.append(f"Sphinx exited with {report.sphinx_rc}")

    rst_text = "\n".join(texts.values())
    ours = count_words(rst_text)
    report.rst_words = sum(ours.values())
    locator = _Locator(doc)

    exe = makeinfo or shutil.which("makeinfo")
    if not exe:
        report.notes.append("makeinfo is not installed (Debian package texinfo): no word "
                            "recall, precision or section comparison")
        return report
    defines = dict(getattr(options, "defines", {}) or {})
    plain, report.makeinfo_rc, _ = makeinfo_plaintext(main_texi, list(options.include_dirs),
                                                      defines, exe)
    report.makeinfo = True
    if report.makeinfo_rc:
        report.notes.append(f"makeinfo exited with {report.makeinfo_rc}")
    raw_plain, plain = plain, clean_plaintext(plain)
    ref = count_words(plain)
    common = ref & ours
    report.ref_words = sum(ref.values())
    report.kept_words = sum(common.values())
    report.recall, report.precision = recall_precision(ref, ours)
    plain_lines, rst_lines = plain.splitlines(), rst_text.splitlines()
    report.lost = _examples(ref - ours, locator, None, plain_lines, examples)
    report.added = _examples(ours - ref, locator, None, rst_lines, examples)
    _compare_sections(report, raw_plain, texts, order, locator)
    for example in report.lost + report.added:
        if not example.source:  # not in the source text: where a section shows it
            for section in report.sections:
                found = next((e for e in section.lost + section.added
                              if e.word == example.word and e.source), None)
                if found:
                    example.source, example.line = found.source, found.line
                    break
    return report


def _compare_sections(report: Report, plain: str, texts: dict[str, str], order: list[str],
                      locator: _Locator) -> None:
    """Per-section figures: makeinfo's sections and Sphinx's, aligned by title in document
    order (titles that render differently, such as glyphs, pair up by position)."""
    import difflib

    ref_chunks: list[Chunk] = []
    for chunk in split_sections(plain, MAKEINFO_UNDERLINE):
        chunk.title = clean_plaintext(chunk.title).strip()
        chunk.text = clean_plaintext("\n".join(chunk.text)).splitlines()
        if ref_chunks and chunk.key not in locator.sections:
            # a title makeinfo underlines that is no section of the tree (@heading …)
            ref_chunks[-1].text += [chunk.title, *chunk.text]
        else:
            ref_chunks.append(chunk)
    rst_chunks: list[Chunk] = []
    for docname in order:
        rst_chunks.extend(split_sections(texts[docname], SPHINX_UNDERLINE))
    untitled = [line for c in rst_chunks if not c.title for line in c.text]
    ref_titled = [c for c in ref_chunks if c.title]
    rst_titled = [c for c in rst_chunks if c.title]
    pairs: list[tuple[Chunk | None, Chunk | None]] = []
    matcher = difflib.SequenceMatcher(None, [c.key for c in ref_titled],
                                      [c.key for c in rst_titled], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(ref_titled[i1:i2], rst_titled[j1:j2], strict=True))
        else:
            pairs += [(c, None) for c in ref_titled[i1:i2]]
            pairs += [(None, c) for c in rst_titled[j1:j2]]
    preamble = [c for c in ref_chunks if not c.title]
    if preamble:
        pairs.insert(0, (preamble[0], Chunk("", 0, untitled)))
    # a title makeinfo underlines that is no section of the tree (@heading …): running text
    merged: list[tuple[Chunk | None, Chunk | None]] = []
    for ref_chunk, rst_chunk in pairs:
        if (ref_chunk is not None and rst_chunk is None and merged
                and merged[-1][0] is not None
                and (ref_chunk.key not in locator.sections or ref_chunk.key in locator.headings)):
            merged[-1][0].text += [ref_chunk.title, *ref_chunk.text]
            continue
        merged.append((ref_chunk, rst_chunk))
    pairs = merged
    tree_by_key = {key: list(nodes) for key, nodes in locator.sections.items()}
    for ref_chunk, rst_chunk in pairs:
        if ref_chunk is None:
            if rst_chunk is None or rst_chunk.key in locator.headings:
                continue  # a heading makeinfo shows in running text
            report.added_sections.append(Located(
                "", 0, f"section `{rst_chunk.title}' is in the Sphinx output but not in "
                "makeinfo's"))
            continue
        queue = tree_by_key.get(ref_chunk.key) if ref_chunk.title else None
        node = queue.pop(0) if queue else None
        if rst_chunk is None:
            report.missing_sections.append(Located(
                node.source if node else "", node.line if node else 0,
                f"section `{ref_chunk.title}' is not in the Sphinx output"))
        rst = [rst_chunk.title, *rst_chunk.text] if rst_chunk else []
        ref_text = [ref_chunk.title, *ref_chunk.text]
        ref, ours = count_words("\n".join(ref_text)), count_words("\n".join(rst))
        if not ref_chunk.title and not ref and not ours:
            continue
        recall, precision = recall_precision(ref, ours)
        report.sections.append(SectionReport(
            title=ref_chunk.title or "(before the first section: title page, contents)",
            level=ref_chunk.level,
            source=node.source if node else "", line=node.line if node else 0,
            ref_words=sum(ref.values()), rst_words=sum(ours.values()),
            kept_words=sum((ref & ours).values()), recall=recall, precision=precision,
            lost=_examples(ref - ours, locator, node, ref_text, 5),
            added=_examples(ours - ref, locator, node, rst, 5)))


_TOCTREE_ENTRY = re.compile(r"^   (?![: ])(\S.*)$")


def document_order(src: str, docnames: list[str]) -> list[str]:
    """The project's documents in reading order: the toctrees from ``index`` depth first,
    then any document no toctree names."""
    seen: list[str] = []

    def visit(docname: str) -> None:
        if docname in seen or docname not in docnames:
            return
        seen.append(docname)
        path = os.path.join(src, docname + ".rst")
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        base = os.path.dirname(docname)
        for i, line in enumerate(lines):
            if line.strip() != ".. toctree::":
                continue
            for entry in lines[i + 1:]:
                if entry and not entry.startswith("   "):
                    break
                m = _TOCTREE_ENTRY.match(entry)
                if m:
                    visit(os.path.normpath(os.path.join(base, m.group(1).strip())))

    visit("index")
    return seen + sorted(d for d in docnames if d not in seen)


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from texi2rst.cli import _add_texinfo_options

    parser.add_argument("input", metavar="MAIN.texi", help="the Texinfo manual to check")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--min-recall", type=float, metavar="X",
                        help="exit 1 when the word recall is below X (0 to 1)")
    parser.add_argument("--min-precision", type=float, metavar="Y",
                        help="exit 1 when the word precision is below Y (0 to 1)")
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the Sphinx project and its text build in DIR")
    parser.add_argument("--split", choices=("chapter", "section", "node", "none"),
                        default="chapter",
                        help="how the checked project is split into files (default: chapter)")
    _add_texinfo_options(parser)


def run(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.cli import UsageError, texinfo_options
    from texi2rst.extras import require

    for name in ("min_recall", "min_precision"):
        value = getattr(args, name)
        if value is not None and not 0 <= value <= 1:
            raise UsageError(f"--{name.replace('_', '-')} must be between 0 and 1")
    require("sphinx", "sphinx", "texi2rst check")
    if not os.path.isfile(args.input):
        reporter.error(args.input, 0, "no such file")
        return 1
    report = fidelity_report(args.input, texinfo_options(args), keep_dir=args.keep,
                             split=args.split)
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        sys.stdout.write(report.format_text())
    for item in report.errors:
        reporter.error(item.source, item.line, item.message)
    failures = report.failures(args.min_recall, args.min_precision)
    for failure in failures:
        print(f"texi2rst check: {failure}", file=sys.stderr)
    return 1 if failures or report.errors else 0
