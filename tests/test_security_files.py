"""Issue 17, files and processes: reads stay inside the read roots, writes inside the output
folder and never onto an input or a file texi2rst did not write, subprocesses get file names
that cannot pass for options, and environment faults are reported, not crashed on."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, need_makeinfo, run_cli

from texi2rst import output
from texi2rst.diagnostics import Reporter
from texi2rst.output import inside

SECRET = "SECRET-7f3a"
HX = "DEF(\"x\", 0, QEMU_OPTION_x,\n    \"-x\\n\", QEMU_ARCH_ALL)\nSTEXI\n@table @option\n" \
     "@item -x\nDo x.\n@end table\nETEXI\n"
HEAD = "\\input texinfo\n@settitle T\n@node Top\n@top T\n\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _manual(folder: Path, body: str, name: str = "main.texi") -> Path:
    return _write(folder / name, HEAD + body + "\n@bye\n")


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    return _write(tmp_path / "outside" / "secret.txt", SECRET + "\n")


def _files_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in folder.rglob("*") if p.is_file())


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".texi2rst-*.tmp"))


# --------------------------------------------------------------------------- reads


def test_inside_accepts_the_root_folder_and_resolves_symlinks(tmp_path: Path) -> None:
    assert inside("/", "/etc/passwd") and inside(str(tmp_path), str(tmp_path / "a" / ".."))
    os.symlink("/etc", tmp_path / "link")
    assert not inside(str(tmp_path), str(tmp_path / "link" / "passwd"))


def test_minus_I_root_folder_is_a_read_root(tmp_path: Path) -> None:
    inc = _write(tmp_path / "elsewhere" / "inc.texi", "INCLUDED-TEXT\n")
    main = _manual(tmp_path / "src", f"@include {inc}\n")
    code, out, err = run_cli("convert", str(main), "-o", "-")
    assert code == 1 and "outside" in err and "INCLUDED-TEXT" not in out
    code, out, err = run_cli("convert", str(main), "-o", "-", "-I", "/")
    assert code == 0 and "INCLUDED-TEXT" in out, err


def test_current_folder_is_not_a_read_root(tmp_path: Path, monkeypatch) -> None:
    cwd = tmp_path / "cwd"
    _write(cwd / "inc.texi", SECRET + "\n")
    main = _manual(tmp_path / "src", "@include inc.texi\n")
    monkeypatch.chdir(cwd)
    code, out, err = run_cli("convert", str(main), "-o", "-")
    assert code == 1 and SECRET not in out and f"{main}:6: error:" in err, err
    code, out, err = run_cli("convert", str(main), "-o", "-", "--allow-read", str(cwd))
    assert code == 0 and SECRET in out, err


def test_image_outside_the_roots_is_refused(tmp_path: Path, secret: Path) -> None:
    src = tmp_path / "src"
    os.symlink(secret, src.mkdir() or src / "link.png")
    for spelling in (str(secret), "../outside/secret.txt", "link"):
        main = _manual(src, f"Look:\n\n@image{{{spelling}}}\n")
        out = tmp_path / "out"
        code, _o, err = run_cli("convert", str(main), "-o", str(out))
        assert code == 1 and f"{main}:8: error: @image `{spelling}' is outside" in err, err
        assert not out.exists() or SECRET not in _files_text(out)
        # with --force the output is written, still without the file
        code, _o, err = run_cli("convert", str(main), "-o", str(out), "--force")
        assert code == 1 and SECRET not in _files_text(out), err
    code, _o, err = run_cli("convert", str(main), "-o", str(tmp_path / "ok"),
                            "--allow-read", str(secret.parent))
    assert code == 0 and SECRET in _files_text(tmp_path / "ok"), err


def test_image_in_an_hx_file_is_confined(tmp_path: Path) -> None:
    hx = _write(tmp_path / "opts.hx", "STEXI\n@image{/proc/self/environ}\nETEXI\n")
    code, out, err = run_cli("hx", str(hx), "-o", "-")
    assert code == 1 and "@image `/proc/self/environ' is outside" in err, err


def test_qapi_include_allow_read(tmp_path: Path) -> None:
    shared = _write(tmp_path / "shared" / "common.json",
                    "##\n# @Common:\n#\n# Shared type.\n##\n{ 'struct': 'Common', 'data': {} }\n")
    schema = _write(tmp_path / "src" / "schema.json", f"{{ 'include': '{shared}' }}\n")
    code, out, err = run_cli("qapi", str(schema), "-o", "-")
    assert code == 1 and "outside" in err and "Shared type" not in out
    code, out, err = run_cli("qapi", str(schema), "-o", "-", "--allow-read",
                             str(shared.parent))
    assert code == 0 and "Shared type" in out, err


def test_back_does_not_read_includes_outside(tmp_path: Path, secret: Path) -> None:
    _write(tmp_path / "src" / "part.rst", f".. include:: {secret}\n\nPart text.\n")
    rst = _write(tmp_path / "src" / "doc.rst", "Title\n=====\n\n.. include:: part.rst\n\n"
                 f"- .. include:: {secret}\n")
    out = tmp_path / "doc.texi"
    code, _o, err = run_cli("back", str(rst), "-o", str(out))
    assert code == 1 and not out.exists()
    assert f"{tmp_path / 'src' / 'part.rst'}:1: error:" in err and f"{rst}:6: error:" in err
    code, text, err = run_cli("back", str(rst), "-o", "-", "--allow-read", str(secret.parent))
    assert code == 0 and SECRET in text and "Part text." in text, err


def test_sphinx_directives_read_inside_configured_roots(tmp_path: Path) -> None:
    from conftest import sphinx_build

    src = tmp_path / "docs"
    schema = _write(tmp_path / "schemas" / "s.json",
                    "##\n# @Thing:\n#\n# A thing documented elsewhere.\n##\n"
                    "{ 'struct': 'Thing', 'data': {} }\n")
    _write(src / "index.rst", f"Doc\n===\n\n.. qapi-doc:: {schema}\n")
    _write(src / "conf.py", "extensions = ['texi2rst.sphinx']\n")
    code, warnings = sphinx_build(src, tmp_path / "html")
    assert "outside the Sphinx source folder" in warnings
    _write(src / "conf.py", "extensions = ['texi2rst.sphinx']\n"
                            "texi2rst_read_roots = ['../schemas']\n")
    code, warnings = sphinx_build(src, tmp_path / "html2")
    assert code == 0 and "A thing documented elsewhere" in (
        tmp_path / "html2" / "index.html").read_text(encoding="utf-8"), warnings


# --------------------------------------------------------------------------- writes


def test_man_page_name_cannot_leave_the_build_folder(tmp_path: Path) -> None:
    main = _write(tmp_path / "m.texi", "\\input texinfo\n@setfilename ../../../x/EVIL.info\n"
                  "@settitle T\n@node Top\n@top T\n@c man begin DESCRIPTION\nText.\n"
                  "@c man end\n@bye\n")
    code, _o, err = run_cli("convert", str(main), "-o", str(tmp_path / "out"))
    assert code == 0, err
    conf = (tmp_path / "out" / "conf.py").read_text(encoding="utf-8")
    assert "'EVIL'" in conf and "../" not in conf


def test_output_onto_an_input_is_an_error(tmp_path: Path) -> None:
    inc = _write(tmp_path / "inc.texi", "Included.\n")
    main = _manual(tmp_path, "@include inc.texi\n")
    before, inc_before = main.read_bytes(), inc.read_bytes()
    for target in (main, inc):
        code, _o, err = run_cli("convert", str(main), "-o", str(target))
        assert code == 1 and f"{target}: error: cannot write: it is one of the conversion's " \
            "inputs" in err, err
    assert main.read_bytes() == before and inc.read_bytes() == inc_before


def test_hand_written_files_are_not_replaced(tmp_path: Path) -> None:
    main = _manual(tmp_path, "@node Chap\n@chapter Chap\nText.\n")
    out = tmp_path / "out"
    conf = _write(out / "conf.py", "# mine\n")
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 1 and f"{conf}: error: cannot write: texi2rst did not write" in err, err
    assert conf.read_text() == "# mine\n" and not (out / "index.rst").exists()
    code, _o, err = run_cli("convert", str(main), "-o", str(out), "--force")
    assert code == 0 and f"{conf}: warning: replacing a file texi2rst did not write" in err
    assert "texi2rst" in conf.read_text()
    # files texi2rst wrote are replaced without --force
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 0 and not err, err
    # and for a QAPI project
    schema = _write(tmp_path / "s.json", "{ 'struct': 'S', 'data': {} }\n")
    index = _write(tmp_path / "qout" / "index.rst", "Mine\n")
    code, _o, err = run_cli("qapi", str(schema), "-o", str(tmp_path / "qout"))
    assert code == 1 and str(index) in err and index.read_text() == "Mine\n"


def test_force_keeps_output_of_an_input_with_errors(tmp_path: Path) -> None:
    main = _manual(tmp_path, "Kept text.\n\n@include missing.texi\n")
    out = tmp_path / "o.rst"
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 1 and not out.exists()
    code, _o, err = run_cli("convert", str(main), "-o", str(out), "--force")
    assert code == 1 and "Kept text." in out.read_text() and "(--force)" in err


def test_check_keep_does_not_delete_a_foreign_text_folder(tmp_path: Path) -> None:
    main = _manual(tmp_path, "@node Chap\n@chapter Chap\nText.\n")
    keep = tmp_path / "keep"
    mine = _write(keep / "text" / "notes.txt", "my notes\n")
    code, _o, err = run_cli("check", str(main), "--keep", str(keep))
    assert code == 1 and mine.read_text() == "my notes\n"
    assert f"{keep / 'text'}: error: cannot write" in err, err
    mine.unlink()
    (keep / "text").rmdir()
    code, _o, err = run_cli("check", str(main), "--keep", str(keep))
    assert (keep / "text" / "index.txt").exists(), err
    code, _o, err = run_cli("check", str(main), "--keep", str(keep))  # its own: replaced
    assert (keep / "text" / "index.txt").exists() and "cannot write" not in err, err


def test_section_named_index_keeps_the_chapter(tmp_path: Path) -> None:
    main = _manual(tmp_path, "@node Chap\n@chapter Chap\nCHAPTER-TEXT\n@node Index\n"
                   "@section Index\nSECTION-TEXT\n@node Other\n@section Other\nOTHER-TEXT\n")
    out = tmp_path / "out"
    code, _o, err = run_cli("convert", str(main), "-o", str(out), "--split", "section")
    assert code == 0, err
    text = _files_text(out)
    assert all(word in text for word in ("CHAPTER-TEXT", "SECTION-TEXT", "OTHER-TEXT"))


def _bulk_copy(tmp_path: Path) -> Path:
    import shutil

    dest = tmp_path / "src"
    shutil.copytree(FIXTURES / "bulk", dest)
    return dest


def test_bulk_page_named_like_a_chapter_is_an_error(tmp_path: Path) -> None:
    src = _bulk_copy(tmp_path)
    config = src / "texi2rst.toml"
    config.write_text(config.read_text() + '\n[[hx]]\nfile = "demo-options.hx"\n'
                      'manuals = ["guide"]\npage = "usage"\ntitle = "Usage"\n')
    code, _o, err = run_cli("bulk", str(config), "-q", "-j", "1")
    assert code == 1 and "usage.rst: error: cannot write: both" in err, err
    assert not (src / "out" / "guide" / "usage.rst").exists()


def test_hx_in_place_keeps_symlink_and_mode(tmp_path: Path) -> None:
    real = _write(tmp_path / "real" / "opts.hx", HX)
    real.chmod(0o640)
    link = tmp_path / "opts.hx"
    os.symlink(real, link)
    code, _o, err = run_cli("hx", str(link), "--in-place")
    assert code == 0, err
    assert link.is_symlink() and "SRST" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# --------------------------------------------------------------------------- processes


def test_check_file_named_like_a_makeinfo_option(tmp_path: Path) -> None:
    need_makeinfo()
    work = tmp_path / "w"
    _write(work / "x.texi", "open(my $f, '>', 'PWNED'); print $f 'x'; close($f); 1;\n")
    main = _manual(work, "@node Chap\n@chapter Chap\nSome words here.\n",
                   name="--init-file=x.texi")
    code, out, err = run_cli("check", str(main))
    assert not (work / "PWNED").exists()
    assert "recall" in out, err


def test_back_uses_the_bundled_pandoc_only(tmp_path: Path) -> None:
    pytest.importorskip("pypandoc")
    fake = _write(tmp_path / "bin" / "pandoc",
                  f"#!/bin/sh\ntouch {tmp_path / 'FAKE-USED'}\necho 'pandoc 99.9'\n")
    fake.chmod(0o755)
    rst = _write(tmp_path / "doc.rst", "Title\n=====\n\nText.\n")
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYPANDOC_PANDOC", None)
    proc = subprocess.run([sys.executable, "-m", "texi2rst.cli", "back", str(rst), "-o", "-"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and "@top Title" in proc.stdout, proc.stderr
    assert not (tmp_path / "FAKE-USED").exists()


# --------------------------------------------------------------------------- faults


def test_bulk_removes_stale_temporary_files(tmp_path: Path) -> None:
    src = _bulk_copy(tmp_path)
    stale = _write(src / "out" / "guide" / ".texi2rst-abc123.tmp", "half a file")
    code, _o, err = run_cli("bulk", str(src / "texi2rst.toml"), "-q", "-j", "1")
    assert code == 0 and not stale.exists() and _temps(src / "out") == [], err


def test_bulk_interrupted_leaves_no_temporary_files(tmp_path: Path) -> None:
    src = _bulk_copy(tmp_path)
    out = src / "out"
    cmd = [sys.executable, "-m", "texi2rst.cli", "bulk", str(src / "texi2rst.toml"), "-q",
           "-j", "1"]
    start = time.monotonic()
    subprocess.run(cmd, capture_output=True, check=True)
    whole = time.monotonic() - start
    # interrupt at several points of a run, the later ones while it writes
    for fraction in (0.4, 0.6, 0.75, 0.85, 0.92, 0.97):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGINT)
        _o, err = proc.communicate(timeout=120)
        assert "internal error" not in err and "Traceback" not in err, err
        assert _temps(out) == []
        assert not (out / ".texi2rst-lock").exists()


def test_bulk_lock(tmp_path: Path) -> None:
    src = _bulk_copy(tmp_path)
    out = src / "out"
    other = subprocess.Popen(["sleep", "60"])
    try:
        _write(out / ".texi2rst-lock", f"{other.pid}\n")
        code, _o, err = run_cli("bulk", str(src / "texi2rst.toml"), "-q", "-j", "1")
        assert code == 1 and f"{out} is being written by another texi2rst (pid {other.pid})" \
            in err, err
        assert "internal error" not in err
    finally:
        other.kill()
        other.wait()
    # the process is gone: a stale lock is taken over, then removed
    code, _o, err = run_cli("bulk", str(src / "texi2rst.toml"), "-q", "-j", "1")
    assert code == 0 and not (out / ".texi2rst-lock").exists(), err


def test_convert_to_a_project_takes_the_lock(tmp_path: Path) -> None:
    """Issue 17: two runs writing one project folder would mix their files."""
    main = _manual(tmp_path, "Text.\n")
    out = tmp_path / "proj"
    other = subprocess.Popen(["sleep", "60"])
    try:
        _write(out / ".texi2rst-lock", f"{other.pid}\n")
        code, _o, err = run_cli("convert", str(main), "-o", str(out))
        assert code == 1 and f"{out} is being written by another texi2rst (pid {other.pid})" \
            in err, err
        assert not (out / "index.rst").exists()
    finally:
        other.kill()
        other.wait()
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 0 and (out / "index.rst").exists(), err
    assert not (out / ".texi2rst-lock").exists()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_an_interrupt_as_the_lock_is_made_leaves_no_lock(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupt that arrives the moment the lock file is made (before the code that
    removes it is in place) is raised once it is: the lock goes. Found by
    test_bulk_interrupted_leaves_no_temporary_files, which interrupts at set times."""
    real_open = os.open

    def open_then_interrupt(path: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        if path.endswith(output.LOCK_FILE):
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # to this thread
        return fd

    monkeypatch.setattr(output.os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        with output.output_lock(str(tmp_path)):
            time.sleep(2)  # (not reached when the interrupt is raised as the lock is held)
    assert not (tmp_path / output.LOCK_FILE).exists()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_an_interrupt_as_a_temporary_file_is_made_leaves_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same for the temporary file of an atomic write: it is removed, and the earlier
    file is left as it was."""
    real_open = os.open
    (tmp_path / "page.rst").write_text("before\n")

    def open_then_interrupt(path: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        if os.path.basename(path).startswith(output.TEMP_PREFIX):
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return fd

    monkeypatch.setattr(output.os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        output.atomic_write_bytes(str(tmp_path / "page.rst"), b"after\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.rst"]
    assert (tmp_path / "page.rst").read_text() == "before\n"


def test_environment_errors_are_reported_as_such(tmp_path: Path) -> None:
    main = _manual(tmp_path, "Text.\n")
    hx = _write(tmp_path / "o.hx", HX)
    (tmp_path / "dir.hx").mkdir()
    cases = [
        (("convert", str(main), "-o", "/dev/full"), "/dev/full", "No space left on device"),
        (("hx", str(hx), "-o", str(tmp_path / "dir.hx")), str(tmp_path / "dir.hx"),
         "Is a directory"),
        (("convert", str(main), "-o", str(main) + "/sub.rst"), str(main) + "/sub.rst",
         "Not a directory"),
    ]
    for args, path, reason in cases:
        code, _o, err = run_cli(*args)
        assert code == 1 and f"{path}: error: cannot write: {reason}" in err, err
        assert "internal error" not in err


def test_file_too_large_is_reported(tmp_path: Path) -> None:
    import resource

    main = _manual(tmp_path, "Text. " * 2000 + "\n")
    out = tmp_path / "o.rst"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    proc = subprocess.run([sys.executable, "-m", "texi2rst.cli", "convert", str(main),
                           "-o", str(out)], capture_output=True, text=True, preexec_fn=limit)
    assert proc.returncode == 1, proc.stderr
    assert f"{out}: error: cannot write: File too large" in proc.stderr
    assert _temps(tmp_path) == []


def test_permission_errors_are_reported(tmp_path: Path, monkeypatch) -> None:
    import texi2rst.output

    main = _manual(tmp_path, "@node Chap\n@chapter Chap\nText.\n")
    out = tmp_path / "out"
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 0, err
    _manual(tmp_path, "Text.\n")  # the next run removes chap.rst, which is refused

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "remove", denied)
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 1 and "cannot write: Permission denied" in err and "internal" not in err
    monkeypatch.setattr(texi2rst.output, "_new_temp_file", denied)
    code, _o, err = run_cli("convert", str(main), "-o", str(tmp_path / "o.rst"))
    assert code == 1 and f"{tmp_path / 'o.rst'}: error: cannot write: Permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_permission_denied_is_reported(tmp_path: Path) -> None:
    main = _manual(tmp_path, "Text.\n")
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    code, _o, err = run_cli("convert", str(main), "-o", str(ro / "o.rst"))
    assert code == 1 and "cannot write: Permission denied" in err, err


def test_errors_are_never_dropped_after_many_warnings(tmp_path: Path) -> None:
    main = _manual(tmp_path, "@value{nope}\n" * 1200 + "@include missing.texi\n")
    out = tmp_path / "o.rst"
    code, _o, err = run_cli("convert", str(main), "-o", str(out))
    assert code == 1 and not out.exists()
    assert "could not find missing.texi" in err and err.count("warning:") <= 1000
    reporter = Reporter(max_warnings=3)
    for i in range(5):
        reporter.warning("f", i, "w")
    reporter.error("f", 9, "e")
    assert reporter.has_errors and reporter.dropped_warnings == 2 and len(reporter.warnings) == 3


# --------------------------------------------------------------------------- raw HTML


def test_no_raw_html(tmp_path: Path) -> None:
    main = _manual(tmp_path, "@html\n<script>alert(1)</script>\n@end html\n\n"
                   "Click @uref{javascript:alert(2), here} or @uref{ JavaScript:alert(3)} "
                   "@inlineraw{html, <b onclick=x>}, and @uref{https://example.org, safe}.\n")
    code, text, err = run_cli("convert", str(main), "-o", "-")
    assert code == 0 and "<script>" in text, err
    code, text, err = run_cli("convert", str(main), "-o", "-", "--no-raw-html")
    assert code == 0, err
    assert "<script>" not in text and "javascript:" not in text.lower() and "onclick" not in text
    assert "here" in text and "https://example.org" in text
    # the reader options say the same through the API
    from texi2rst.convert import texinfo_to_rst
    from texi2rst.readers.texinfo.options import Options

    text = texinfo_to_rst(str(main), Options(raw_html=False))
    assert "<script>" not in text and "javascript:" not in text.lower()


HOSTILE_HX = ("DEF(\"x\", 0, QEMU_OPTION_x,\n    \"-x\\n\", QEMU_ARCH_ALL)\nSTEXI\n"
              "@table @option\n@item -x\nDo x, @uref{javascript:alert(2), here}.\n"
              "@html\n<script>alert(1)</script>\n@end html\n@end table\nETEXI\n")


@pytest.mark.parametrize("suffix", [".rst", ".hx"])
def test_hx_no_raw_html(tmp_path: Path, suffix: str) -> None:
    """Issue 17: an .hx file's Texinfo is as untrusted as a manual's."""
    src = _write(tmp_path / "o.hx", HOSTILE_HX)
    out = tmp_path / f"out{suffix}"
    code, _o, err = run_cli("hx", str(src), "-o", str(out))
    assert code == 0 and "<script>" in out.read_text(), err
    code, _o, err = run_cli("hx", str(src), "-o", str(out), "--no-raw-html")
    text = out.read_text()
    assert code == 0, err
    assert "<script>" not in text and "javascript:" not in text and "here" in text


def test_bulk_no_raw_html(tmp_path: Path) -> None:
    src = _bulk_copy(tmp_path)
    for name in ("guide.texi", "demo-options.hx"):
        path = src / name
        text = path.read_text()
        hostile = "@html\n<script>alert(1)</script>\n@end html\n"
        text = (text.replace("@bye", hostile + "@bye") if name.endswith(".texi")
                else text.replace("ETEXI", hostile + "ETEXI", 1))
        path.write_text(text)

    def scripts(out: Path) -> list[str]:
        return [str(p) for p in out.rglob("*") if p.is_file()
                and "<script>" in p.read_text(errors="replace")]

    code, _o, err = run_cli("bulk", str(src / "texi2rst.toml"), "-q", "-j", "1",
                            "-o", str(tmp_path / "plain"))
    assert code == 0 and scripts(tmp_path / "plain"), err
    code, _o, err = run_cli("bulk", str(src / "texi2rst.toml"), "-q", "-j", "1",
                            "-o", str(tmp_path / "safe"), "--no-raw-html")
    assert code == 0, err
    assert scripts(tmp_path / "safe") == []
