"""The shipped QEMU example config: the whole v4.2.0 manual set, built by Sphinx with -W."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, qemu_example_config, run_cli, sphinx_build

TEXI = ["qemu-doc.texi", "qemu-img.texi", "qemu-nbd.texi", "fsdev/virtfs-proxy-helper.texi",
        "scripts/qemu-trace-stap.texi", "docs/qemu-block-drivers.texi",
        "docs/qemu-cpu-models.texi", "docs/interop/qemu-qmp-ref.texi",
        "docs/interop/qemu-ga-ref.texi"]
MAN = ["qemu.1", "qemu-img.1", "qemu-nbd.8", "qemu-block-drivers.7", "qemu-cpu-models.7",
       "qemu-qmp-ref.7", "qemu-ga-ref.7", "virtfs-proxy-helper.1", "qemu-trace-stap.1"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("qemu-bulk")
    config = qemu_example_config(base)
    out = base / "src"
    code, stdout, err = run_cli("bulk", str(config), "-o", str(out), "--progress", "none",
                                "--mode", "static")
    assert code == 0, err
    html, man = base / "html", base / "man"
    code, warnings = sphinx_build(out, html, "-n", "-j", "2", werror=True)
    assert code == 0, warnings
    code, warnings = sphinx_build(out, man, "-n", "-j", "2", builder="man", werror=True)
    assert code == 0, warnings
    return {"src": out, "html": html, "man": man, "stdout": Path(stdout)}


def _text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.rst")))


def test_every_manual_and_man_page(built: dict[str, Path]) -> None:
    src = built["src"]
    for folder in ("system", "tools", "interop", "tools/qemu-img", "tools/qemu-nbd",
                   "tools/virtfs-proxy-helper", "tools/qemu-trace-stap",
                   "interop/qemu-qmp-ref", "interop/qemu-ga-ref", "system/block-drivers",
                   "system/cpu-models"):
        assert (src / folder / "index.rst").is_file(), folder
        assert (built["html"] / folder / "index.html").is_file(), folder
    assert sorted(p.name for p in built["man"].iterdir() if p.suffix[1:].isdigit()) == sorted(MAN)
    assert len(TEXI) == 9


def test_every_hx_block_present(built: dict[str, Path]) -> None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.hx import read_hx

    text = _text(built["src"] / "system")
    for name in ("qemu-options.hx", "hmp-commands.hx", "hmp-commands-info.hx",
                 "qemu-img-cmds.hx"):
        hx = read_hx(str(CORPUS / name), Reporter())
        assert hx is not None
        for block in hx.blocks("stexi"):
            for line in block.body:
                m = re.match(r"@item\s+(-?[\w-]+)", line.stripped)
                if m:
                    assert m.group(1) in text, (name, line.number, m.group(1))
    assert ".. option:: -machine" in text and ".. _hmp-quit:" in text


def test_every_documented_qapi_definition(built: dict[str, Path]) -> None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import read_schema

    for schema, folder in (("qapi/qapi-schema.json", "interop/qemu-qmp-ref"),
                           ("qga/qapi-schema.json", "interop/qemu-ga-ref")):
        text = _text(built["src"] / folder)
        parsed = read_schema(str(CORPUS / schema), reporter=Reporter())
        names = [d.name for d in parsed.definitions if d.doc is not None]
        assert names
        missing = [x for x in names if not re.search(rf"\.\. qapi:\w+:: {re.escape(x)}\b",
                                                      text)]
        assert not missing, missing[:10]


def test_cross_references_resolve(built: dict[str, Path]) -> None:
    # the example config splits the system manual by section: qemu-doc.texi's USB page
    # refers to an anchor of qemu-options.hx, rendered in its place in the Invocation page
    page = (built["html"] / "system" / "pc" / "invocation.html").read_text()
    usb = (built["html"] / "system" / "pc" / "usb.html").read_text()
    assert 'href="invocation.html#system-bt-hcis"' in usb
    assert 'id="system-bt-hcis"' in page


TEXI2POD = CORPUS / "reference-code" / "scripts" / "texi2pod.pl"
#: man page -> the Texinfo QEMU's build ran texi2pod.pl on
MAN_SOURCES = {"qemu.1": "qemu-doc.texi", "qemu-img.1": "qemu-img.texi",
               "qemu-nbd.8": "qemu-nbd.texi"}


def _texi2pod_sections(texi: str, tmp: Path) -> list[str]:
    import shutil
    import subprocess

    if not shutil.which("perl"):
        pytest.skip("perl not installed (texi2pod.pl needs it)")
    if not TEXI2POD.exists():
        pytest.skip(f"{TEXI2POD} not present beside the project")
    pod = tmp / (Path(texi).stem + ".pod")
    includes = [f"-I{CORPUS / d}" for d in (".", "docs", "generated", "generated/docs")]
    subprocess.run(["perl", str(TEXI2POD), *includes, "-DVERSION=4.2.0", str(CORPUS / texi),
                    str(pod)], check=True, capture_output=True)
    return re.findall(r"^=head1 (.+)$", pod.read_text(), re.M)


@pytest.mark.parametrize("page", MAN_SOURCES)
def test_man_page_sections_as_texi2pod(built: dict[str, Path], page: str,
                                       tmp_path: Path) -> None:
    expected = _texi2pod_sections(MAN_SOURCES[page], tmp_path)
    roff = (built["man"] / page).read_text(encoding="utf-8")
    got = [x.strip('"') for x in re.findall(r"^\.SH (.+)$", roff, re.M)]
    assert got == expected
    assert got.count("AUTHOR") == 1 and got.count("SEE ALSO") == 1


def test_qemu_1_only_its_own_regions(built: dict[str, Path]) -> None:
    roff = (built["man"] / "qemu.1").read_text(encoding="utf-8")
    description = roff.split(".SH DESCRIPTION", 1)[1].split(".SH ", 1)[0]
    # qemu-img's and qemu-nbd's descriptions are included by qemu-doc.texi outside a region
    assert "qemu\\-img allows you to create" not in description.replace("\n", " ")
    assert "Export a QEMU disk image" not in roff
    assert len(roff.splitlines()) < 6000


def test_no_html_anchors_in_man_pages(built: dict[str, Path]) -> None:
    for page in MAN:
        assert "<#" not in (built["man"] / page).read_text(encoding="utf-8"), page


def test_options_are_options_scoped_by_program(built: dict[str, Path]) -> None:
    from texi2rst.writers.rst import is_option

    programs = set()
    for path in built["src"].rglob("*.rst"):
        text = path.read_text(encoding="utf-8")
        sigs = re.findall(r"^ *\.\. option:: (.+)$", text, re.M)
        if not sigs and ":option:" not in text:
            continue
        first = re.search(r"\.\. option::|:option:", text)
        program = re.search(r"^\.\. program:: (\S+)$", text, re.M)
        assert program and program.start() < first.start(), path  # type: ignore[union-attr]
        programs.add(program.group(1))
        for sig in sigs:
            for alternative in sig.split(", "):
                assert is_option(alternative), (path, sig)
    assert {"qemu", "qemu-img", "qemu-nbd", "qemu-trace-stap",
            "virtfs-proxy-helper"} <= programs
    nbd = (built["src"] / "tools" / "qemu-nbd" / "index.rst").read_text()
    assert ".. option:: -p, --port=port" in nbd  # @var and `, ' alternatives are options
    # each program's :option: links land on its own options
    html = (built["html"] / "tools" / "qemu-nbd" / "index.html").read_text()
    links = re.findall(r'href="([^"]*#cmdoption-[^"]*)"', html)
    assert links and all(x.startswith("#cmdoption-qemu-nbd-") for x in links), links[:5]
    assert 'href="#cmdoption-qemu-nbd-d"' in html


def test_text_makeinfo_and_texi2pod_kept(built: dict[str, Path]) -> None:
    html = (built["html"] / "tools" / "virtfs-proxy-helper" / "index.html").read_text()
    assert "TOCTTOU vulnerability" in html and "can drop root privileges" in html
    man = (built["man"] / "qemu-nbd.8").read_text()  # AUTHOR is a man-only region
    assert "anthony@codemonkey.ws" in man and "anthony.ws" not in man
