"""The QEMU v4.2 example in single-sourced bulk mode: every text of the sources in one file
of the output, the .hx and schema texts only in the .hx/.json files, Sphinx -W builds (HTML,
man) without a warning, and each manual's words as makeinfo gives them.

Figures (to rerun): ``texi2rst bulk examples/qemu/texi2rst.toml -o /tmp/qb`` then
``sphinx-build -W -b html /tmp/qb/docs /tmp/qb-html`` (and ``-b man``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import CORPUS, need_makeinfo, qemu_example_config, run_cli, sphinx_build
from test_bulk_corpus import MAN, MAN_SOURCES, _texi2pod_sections
from test_bulk_single import paragraph_files

from texi2rst.commands.check_words import word_list


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("qemu-single")
    config = qemu_example_config(base)
    out = base / "out"
    code, _stdout, err = run_cli("bulk", str(config), "-o", str(out), "--progress", "none",
                                 "-q")
    assert code == 0, err
    return {"config": config, "out": out, "docs": out / "docs", "base": base}


def _words(text: str) -> str:
    """The words of a text, Texinfo commands and rST roles left out, as one string."""
    text = re.sub(r"@[A-Za-z]+|:[\w:+-]+:", " ", text)
    return " " + " ".join(word_list(text)) + " "


def _source_counts() -> dict[str, str]:
    """The words of every Texinfo, .hx and schema file of the QEMU tree."""
    texts = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".texi", ".hx", ".json") and "qapi-schema-tests" not in path.parts \
                and "generated" not in path.relative_to(CORPUS).parts:
            texts[str(path)] = _words(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def test_every_paragraph_in_one_file(built: dict[str, Path]) -> None:
    where = paragraph_files(built["out"], 80)
    instances = sum(len(files) for files in where.values())
    assert len(where) > 3000  # the whole set is there
    sources = _source_counts()
    repeated = {p: files for p, files in where.items() if len(files) > 1}
    unexplained = []
    for para, files in repeated.items():
        # the sources themselves say it this many times (in several files or places)
        said = sum(text.count(_words(para)) for text in sources.values())
        if said < len(files):
            unexplained.append((sorted(files), para[:100]))
    assert not unexplained, unexplained[:5]
    print(f"paragraphs over 80 characters: {instances} instances, {len(where)} distinct, "
          f"{len(repeated)} in more than one file, each as often as the sources say it")
    # the .hx and schema texts are only in the .hx and .json files
    copies = {p for p, files in where.items() if all(f.endswith((".hx", ".json")) for f in files)}
    mixed = [(sorted(files), p[:80]) for p, files in where.items() if p not in copies and any(
        f.endswith((".hx", ".json")) for f in files)]
    assert not mixed, mixed[:5]
    assert len(copies) > 1500
    # a Texinfo file that both an .hx file and the manuals include is included, not copied
    options = (built["out"] / "qemu-options.hx").read_text(encoding="utf-8")
    assert "Immediately enable events" not in options
    assert ".. include:: /system/_fragments/qemu-option-trace.rst.inc" in options


def test_no_man_copies_of_manuals(built: dict[str, Path]) -> None:
    docs = built["docs"]
    skeletons = sorted(docs.rglob("man/*.rst"))
    assert len(skeletons) == len(MAN)
    for page in skeletons:
        text = page.read_text(encoding="utf-8")
        includes = re.findall(r"\.\. include:: /(\S+)", text)
        assert includes and all((docs / x).is_file() for x in includes), page
    # text of their own: only the man-only regions (test_every_paragraph_in_one_file checks
    # that none of it repeats the manuals beyond what the sources repeat)
    qemu = (docs / "system" / "man" / "qemu.rst").read_text(encoding="utf-8")
    assert len(qemu.splitlines()) < 100
    qmp = [p.read_text() for p in (docs / "interop" / "qemu-qmp-ref").rglob("*.rst*")]
    assert sum(len(text.splitlines()) for text in qmp) < 60  # not 17,800 lines of copies
    assert any(".. qapi-doc:: qapi/qapi-schema.json" in text for text in qmp)
    assert (built["out"] / "qapi" / "block-core.json").read_bytes() == \
        (CORPUS / "qapi" / "block-core.json").read_bytes()
    options = "\n".join(p.read_text() for p in docs.rglob("*.rst*"))
    assert ".. hxtool-doc:: qemu-options.hx" in options


def test_sphinx_html_and_man_without_warnings(built: dict[str, Path]) -> None:
    docs, base = built["docs"], built["base"]
    code, warnings = sphinx_build(docs, base / "html", "-n", "-j", "2", werror=True)
    assert (code, warnings) == (0, "")
    code, warnings = sphinx_build(docs, base / "man", "-n", "-j", "2", builder="man",
                                  werror=True)
    assert (code, warnings) == (0, "")
    pages = sorted(p.name for p in (base / "man").iterdir() if p.suffix[1:].isdigit())
    assert pages == sorted(MAN)
    for page in MAN:
        roff = (base / "man" / page).read_text(encoding="utf-8")
        assert "<#" not in roff, page
        assert roff.count(".SH AUTHOR") <= 1 and roff.count('.SH "SEE ALSO"') <= 1, page
    qemu = (base / "man" / "qemu.1").read_text(encoding="utf-8")
    assert "\\-machine" in qemu and "Export a QEMU disk image" not in qemu
    qmp = (base / "man" / "qemu-qmp-ref.7").read_text(encoding="utf-8")
    assert "block\\-job\\-cancel" in qmp


@pytest.mark.parametrize("page", MAN_SOURCES)
def test_man_page_sections_as_texi2pod(built: dict[str, Path], page: str,
                                       tmp_path: Path) -> None:
    man = built["base"] / "man"
    if not man.exists():
        code, warnings = sphinx_build(built["docs"], man, builder="man", werror=True)
        assert code == 0, warnings
    expected = _texi2pod_sections(MAN_SOURCES[page], tmp_path)
    roff = (man / page).read_text(encoding="utf-8")
    assert [x.strip('"') for x in re.findall(r"^\.SH (.+)$", roff, re.M)] == expected


def _makeinfo_words(manual: object) -> object:
    from texi2rst.commands.check import makeinfo_plaintext
    from texi2rst.commands.check_words import clean_plaintext, count_words

    # what QEMU's build generated from the .hx files and schemas, for makeinfo
    generated = sorted({str(p.parent) for p in (CORPUS / "generated").rglob("*.texi")})
    plain, _code, _err = makeinfo_plaintext(
        manual.main, [*manual.include_dirs, *generated, str(CORPUS / "docs")],  # type: ignore[attr-defined]
        manual.defines)  # type: ignore[attr-defined]
    # measured as ../shared/tools/fidelity.py does: appendix section numbers ("B.1.2") count
    return count_words(clean_plaintext(plain))


WORD_FLOOR = 0.995
MANUALS = ["system", "block-drivers", "cpu-models", "qemu-img", "qemu-nbd",
           "virtfs-proxy-helper", "qemu-trace-stap", "qemu-qmp-ref", "qemu-ga-ref"]


@pytest.fixture(scope="module")
def html_text(built: dict[str, Path]) -> tuple[object, object, dict[str, str]]:
    """The configuration, the single-mode plan and Sphinx's text of every page."""
    from texi2rst.commands.bulk_config import load_config
    from texi2rst.commands.bulk_single import make_plan
    from texi2rst.commands.check import sphinx_text_build

    cfg = load_config(str(built["config"]))
    texts, code, log = sphinx_text_build(str(built["docs"]), str(built["base"] / "text"))
    assert code == 0, log
    return cfg, make_plan(cfg), texts


@pytest.mark.parametrize("name", MANUALS)
def test_html_keeps_makeinfo_words(html_text: tuple[object, object, dict[str, str]],
                                   name: str) -> None:
    need_makeinfo()
    from texi2rst.commands.check_words import count_words, recall_precision

    cfg, plan, texts = html_text
    manual = cfg.manuals[name]  # type: ignore[attr-defined]
    # a manual another one includes is shown in that one's pages
    host = plan.absorbed.get(name, name)  # type: ignore[attr-defined]
    folder = cfg.manuals[host].folder  # type: ignore[attr-defined]
    ours = count_words("\n".join(text for doc, text in texts.items()
                                 if doc.startswith(folder + os.sep)
                                 and "man" not in Path(doc).parts))
    recall, _precision = recall_precision(_makeinfo_words(manual), ours)
    print(f"{name}: word recall {recall:.4f}")
    assert recall >= WORD_FLOOR


def test_hx_values_are_those_the_manual_sets(built: dict[str, Path]) -> None:
    """qemu-options.hx writes @value{qemu_system}; qemu-doc.texi @sets it where it includes
    the file: conf.py's substitution has that text, not the flag's name."""
    conf = (built["docs"] / "conf.py").read_text(encoding="utf-8")
    assert "|qemu_system| replace:: qemu-system-x86_64" in conf


def test_example_laid_out_by_topic(built: dict[str, Path]) -> None:
    system = built["docs"] / "system"
    index = (system / "index.rst").read_text(encoding="utf-8")
    assert "System Emulation User's Guide\n*****" in index  # the manual's title, set
    for topic in ("invocation", "keys", "mux-chardev", "monitor", "images", "net", "usb",
                  "vnc-security", "tls", "gdb"):
        assert (system / "pc" / f"{topic}.rst").is_file(), topic
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in system.rglob("*.rst")}
    assert max(sizes.values()) < 1000, max(sizes.items(), key=lambda kv: kv[1])
    text = "\n".join(p.read_text(encoding="utf-8") for p in built["docs"].rglob("*.rst*"))
    assert "Should we combine all keywords in one index" not in text  # no placeholder chapter
    assert not re.search(r"^\s*\* [^*\n]+::", text, re.M)  # no menu entries kept as comments
    # a manual another one includes is not a page of its own that takes its first title
    assert not (system / "block-drivers" / "index.rst").exists()
