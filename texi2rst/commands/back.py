"""Convert rST back to Texinfo, so a partly converted manual still builds with makeinfo.

``texi2rst back FILE.rst -o FILE.texi`` rewrites what pandoc does not know of Sphinx (roles such
as ``:ref:``, ``:option:``, ``:samp:``; directives such as ``index``, ``option``, ``describe``,
``only``, ``toctree``, admonitions, ``parsed-literal``) into plain docutils rST with raw Texinfo,
then converts with pandoc (the binary bundled with ``pypandoc-binary``, never one found on
``PATH``) and fixes what makeinfo would reject. Losses are listed in ``docs/back-losses.rst``.

Pandoc runs in its sandbox (``--sandbox``): it reads no file. texi2rst itself splices in the
files that ``.. include::`` names, when they lie inside the read roots (the input's folder and
the ``--allow-read`` folders); an include outside them is an error.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess

from texi2rst.diagnostics import ConversionError, Reporter
from texi2rst.extras import bundled_pandoc
from texi2rst.output import inside_any, note_input

ROLE_PRELUDE = ".. role:: texinfo(raw)\n   :format: texinfo\n\n"

#: Sphinx roles → the Texinfo command with the same meaning
ROLE_COMMANDS = {
    "option": "option", "samp": "samp", "file": "file", "kbd": "kbd", "command": "command",
    "dfn": "dfn", "code": "code", "literal": "code", "env": "env", "var": "var",
    "program": "command", "mod": "code", "func": "code", "data": "code", "envvar": "env",
    "makevar": "code", "guilabel": "strong", "menuselection": "strong", "term": "emph",
    "emphasis": "emph", "strong": "strong", "title-reference": "cite", "math": "math",
    "sub": "sub", "sup": "sup", "subscript": "sub", "superscript": "sup",
}
ADMONITIONS = ("note", "warning", "caution", "tip", "important", "hint", "attention",
               "danger", "error", "seealso")
_ROLE = re.compile(r"(?<![\w`\\]):(?P<role>[a-zA-Z][\w.+-]*):`(?P<body>(?:[^`\\]|\\.)+)`"
                   r"(?P<trail>_{0,2})")
_DIRECTIVE = re.compile(r"^(?P<indent> *)\.\. (?P<name>[a-zA-Z][\w:-]*)::(?P<arg>.*)$")
_ESCAPE = re.compile(r"\\(.)", re.S)


def texinfo_escape(text: str) -> str:
    return text.replace("@", "@@").replace("{", "@{").replace("}", "@}")


def rst_unescape(text: str) -> str:
    """Backslash escapes of rST interpreted text undone (``\\ `` disappears)."""
    return _ESCAPE.sub(lambda m: "" if m.group(1) in " \n" else m.group(1), text)


def _split_target(body: str) -> tuple[str, str]:
    m = re.match(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", body, re.S)
    if m and m["text"]:
        return m["text"], m["target"]
    return body, ""


def role_to_texinfo(role: str, body: str, labels: set[str]) -> str:
    """One Sphinx role as rST that pandoc understands (raw Texinfo or an internal link)."""
    role = role.split(":")[-1]
    if role in ("ref", "doc", "numref", "any", "token", "keyword"):
        text, target = _split_target(body)
        text = rst_unescape(text if target else body)
        target = target or body
        if role == "ref" and target.lower() in labels:
            return f"`{_rst_link_text(text)} <{target}_>`_"
        return _raw(texinfo_escape(text))
    if role == "abbr":
        m = re.match(r"^(?P<abbr>.*?)\s*\((?P<exp>.*)\)$", rst_unescape(body), re.S)
        if m:
            return _raw(f"@abbr{{{_arg(m['abbr'])}, {_arg(m['exp'])}}}")
        return _raw(f"@abbr{{{_arg(rst_unescape(body))}}}")
    text = rst_unescape(body)
    command = ROLE_COMMANDS.get(role, "code")
    if role == "samp":
        parts = re.split(r"(?<!\\)\{([^{}]*)\}", body)
        inner = "".join(texinfo_escape(rst_unescape(p)) if i % 2 == 0
                        else f"@var{{{texinfo_escape(rst_unescape(p))}}}"
                        for i, p in enumerate(parts))
        return _raw(f"@samp{{{inner}}}")
    if role == "kbd":
        return _raw(f"@kbd{{{texinfo_escape(text)}}}")
    return _raw(f"@{command}{{{texinfo_escape(text)}}}")


def _arg(text: str) -> str:
    return texinfo_escape(text).replace(",", "@comma{}")


def _rst_link_text(text: str) -> str:
    return re.sub(r"([`<>\\*])", r"\\\1", text) or "link"


def _raw(texinfo: str) -> str:
    if "`" in texinfo:
        texinfo = texinfo.replace("`", "@backslashchar{}`"[-1:])  # keep it a plain character
        return "``" + texinfo.replace("``", "` `") + "``"
    return f":texinfo:`{texinfo}`"


def convert_roles(line: str, labels: set[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        return role_to_texinfo(m["role"], m["body"], labels)

    return _ROLE.sub(repl, line)


def _inline_to_texinfo(text: str, labels: set[str]) -> str:
    """rST inline markup (as texi2rst writes it in ``parsed-literal``) as Texinfo."""
    out, pos = [], 0
    pattern = re.compile(
        r"(?P<rolem>" + _ROLE.pattern + r")|``(?P<lit>.+?)``|\*\*(?P<strong>.+?)\*\*"
        r"|\*(?P<em>[^*\s](?:.*?[^*\s])?)\*|`(?P<link>[^`]+?)\s*<(?P<url>[^<>`]+)>`__?"
        r"|(?P<esc>\\.)")
    for m in pattern.finditer(text):
        out.append(texinfo_escape(text[pos:m.start()]))
        pos = m.end()
        if m["rolem"]:
            raw = role_to_texinfo(m["role"], m["body"], set())
            out.append(raw[len(":texinfo:`"):-1] if raw.startswith(":texinfo:`")
                       else texinfo_escape(raw.strip("`")))
        elif m["lit"] is not None:
            out.append(f"@code{{{texinfo_escape(m['lit'])}}}")
        elif m["strong"] is not None:
            out.append(f"@strong{{{texinfo_escape(rst_unescape(m['strong']))}}}")
        elif m["em"] is not None:
            out.append(f"@var{{{texinfo_escape(rst_unescape(m['em']))}}}")
        elif m["link"] is not None:
            url = m["url"]
            if url.endswith("_"):
                out.append(texinfo_escape(rst_unescape(m["link"])))
            else:
                out.append(f"@uref{{{_arg(url)}, {_arg(rst_unescape(m['link']))}}}")
        else:
            out.append(texinfo_escape(m["esc"][1:]))
    out.append(texinfo_escape(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- directives


def _block(lines: list[str], start: int, indent: int) -> int:
    """Index after the body of the directive at ``start`` (indented deeper than ``indent``)."""
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            break
        i += 1
    while i > start + 1 and not lines[i - 1].strip():
        i -= 1
    return i


def _dedent(body: list[str]) -> list[str]:
    widths = [len(x) - len(x.lstrip(" ")) for x in body if x.strip()]
    cut = min(widths) if widths else 0
    return [x[cut:] for x in body]


def _split_options(body: list[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """(extra argument lines, options, content) of a directive's indented block."""
    args: list[str] = []
    opts: dict[str, str] = {}
    i = 0
    while i < len(body) and body[i].strip() and not re.match(r"^\s*:[\w-]+:", body[i]):
        args.append(body[i].strip())
        i += 1
    while i < len(body) and (m := re.match(r"^\s*:([\w-]+):(.*)$", body[i])):
        opts[m.group(1)] = m.group(2).strip()
        i += 1
    return args, opts, _dedent(body[i:])


def _raw_block(indent: str, texinfo: list[str]) -> list[str]:
    return ["", f"{indent}.. raw:: texinfo", ""] + [f"{indent}   {t}" for t in texinfo] + [""]


def _index_entries(lines: list[str]) -> list[str]:
    """``@cindex`` lines for an ``index`` directive's lines (one entry a line, or a
    comma-separated list of names)."""
    entries = [e for line in lines if line.strip()
               for e in ([line] if ":" in line else line.split(","))]
    out = []
    for entry in entries:
        entry = entry.strip()
        kind, _, rest = entry.partition(":")
        if rest and kind.strip() in ("single", "pair", "triple", "see", "seealso"):
            entry = rest.strip()
        entry = entry.lstrip("!")
        for part in entry.split(";") if kind.strip() in ("pair", "triple") else [entry]:
            part = " ".join(part.split())
            if part:
                out.append(f"@cindex {texinfo_escape(part).replace(';', ',')}")
    return out


def preprocess(text: str, losses: list[str] | None = None) -> str:
    """Sphinx rST → rST that pandoc reads, with raw Texinfo where rST has no equivalent."""
    losses = losses if losses is not None else []
    lines = text.splitlines()
    labels = _section_labels(lines)
    out = _directives(lines, labels, losses)
    return ROLE_PRELUDE + "\n".join(convert_roles(line, labels) if not line.startswith(
        "\x00") else line[1:] for line in out) + "\n"


def _section_labels(lines: list[str]) -> set[str]:
    """Labels that name a section: only those become Texinfo cross-references."""
    labels: set[str] = set()
    pending: list[str] = []
    adorn = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1+\s*$")
    for k, line in enumerate(lines):
        m = re.match(r"^\.\. _([^:]+):\s*$", line)
        if m:
            pending.append(m.group(1).lower())
        elif not line.strip():
            continue
        else:
            nxt = lines[k + 1] if k + 1 < len(lines) else ""
            if adorn.match(line) or (adorn.match(nxt) and not line.startswith(" ")):
                labels.update(pending)
            pending = []
    return labels


def _directives(lines: list[str], labels: set[str], losses: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    literal_indent = None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        ind = len(line) - len(line.lstrip(" "))
        if literal_indent is not None:
            if stripped and ind <= literal_indent:
                literal_indent = None
            else:
                out.append("\x00" + line)  # literal text: no role rewriting
                i += 1
                continue
        m = _DIRECTIVE.match(line)
        if not m:
            out.append(line)
            if stripped.endswith("::") and not stripped.startswith(".."):
                literal_indent = ind
            elif stripped.startswith("..") and stripped.endswith("::"):
                literal_indent = ind  # an unknown directive written as a literal intro
            i += 1
            continue
        indent, name, arg = m["indent"], m["name"], m["arg"].strip()
        end = _block(lines, i, len(indent))
        extra, opts, body = _split_options(lines[i + 1:end])
        inner = [f"{indent}{x}" if x.strip() else "" for x in
                 _directives(body, labels, losses)]
        name_l = name.lower()
        if name_l == "index":
            out += _raw_block(indent, _index_entries([arg, *extra]))
        elif name_l in ("option", "describe", "object", "program", "envvar", "cmdoption"):
            sigs = [s for s in [arg, *extra] if s]
            if name_l == "program":
                out += [] if not inner else ["", *inner, ""]
            else:
                style = "@option" if name_l in ("option", "cmdoption") else "@code"
                head = [f"@table {style}"] + [
                    ("@item " if k == 0 else "@itemx ") + texinfo_escape(s)
                    for k, s in enumerate(sigs or ["?"])]
                out += _raw_block(indent, head) + inner + _raw_block(indent, ["@end table"])
        elif name_l in ADMONITIONS or name_l == "admonition":
            title = arg if name_l == "admonition" else name_l.capitalize()
            content = inner
            if name_l != "admonition" and arg:
                content = [f"{indent}{arg}", *([f"{indent}{x}" for x in extra]), "", *inner]
            out += _raw_block(indent, [f"@quotation {texinfo_escape(title)}"]) + content \
                + _raw_block(indent, ["@end quotation"])
        elif name_l == "only":
            cond = {"html": "html", "latex": "tex", "text": "plaintext", "texinfo": "info"}
            fmts = [cond[w] for w in re.findall(r"\w+", arg) if w in cond]
            if fmts and "not" not in arg and " and " not in arg:
                fmt = fmts[0]
                out += _raw_block(indent, [f"@if{fmt}"]) + inner + \
                    _raw_block(indent, [f"@end if{fmt}"])
            else:
                losses.append(f"only:: {arg}: condition dropped, content kept")
                out += ["", *inner, ""]
        elif name_l == "raw":
            fmt = arg.lower()
            content = [x for x in body]
            if fmt == "texinfo":
                out += _raw_block(indent, content)
            elif fmt in ("html", "latex", "tex"):
                cmd = "html" if fmt == "html" else "tex"
                out += _raw_block(indent, [f"@{cmd}", *content, f"@end {cmd}"])
            else:
                losses.append(f"raw:: {arg} dropped")
        elif name_l == "parsed-literal":
            texi = [_inline_to_texinfo(x, labels) for x in body]
            out += _raw_block(indent, ["@example", *texi, "@end example"])
        elif name_l in ("toctree", "contents", "tabularcolumns", "highlight", "default-role",
                        "sectionauthor", "codeauthor", "currentmodule", "meta"):
            losses.append(f"{name}:: dropped")
        elif name_l in ("rubric",):
            out += _raw_block(indent, [f"@subheading {texinfo_escape(arg)}"])
        elif name_l in ("code-block", "code", "sourcecode", "literalinclude", "math",
                        "list-table", "csv-table", "table", "image", "figure", "line-block",
                        "epigraph", "topic", "sidebar", "container", "role", "default-role",
                        "include", "class", "compound", "glossary", "hlist", "centered",
                        "versionadded", "versionchanged", "deprecated", "productionlist"):
            out += lines[i:end]  # pandoc reads these (or their text)
        else:
            losses.append(f"{name}:: unknown to pandoc: its content kept as text")
            out += ["", *([f"{indent}{arg}"] if arg else []), "", *inner, ""]
        i = end
    return out


# --------------------------------------------------------------------------- pandoc and fixes


_INCLUDE = re.compile(r"^(?P<lead>\s*(?:(?:[-*+\u2022]|\d+[.)]|#\.)\s+)*)\.\.\s+"
                      r"(?P<kind>include|literalinclude)::(?P<arg>.*)$")
_MAX_INCLUDE_DEPTH = 20


def expand_includes(text: str, source: str, roots: list[str], reporter: Reporter,
                    depth: int = 0) -> str:
    """Splice in the files ``.. include::`` and ``.. literalinclude::`` name (relative to
    ``source``'s folder) when they lie inside ``roots``; an include outside them, or that
    cannot be read, is an error and is dropped."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _INCLUDE.match(lines[i])
        i += 1
        if not m:
            out.append(lines[i - 1])
            continue
        lead, target = m["lead"], m["arg"].strip()
        options = []
        while i < len(lines) and lines[i].strip().startswith(":") and lines[i].startswith(
                " " * (len(lead) + 1)):
            options.append(lines[i].strip())
            i += 1
        path = os.path.join(os.path.dirname(os.path.abspath(source)), target)
        where = f"{m['kind']}:: {target}"
        if not target or not inside_any(roots, path) or depth >= _MAX_INCLUDE_DEPTH:
            reporter.error(source, i - len(options), f"{where}: outside the input's folder and "
                           "the --allow-read folders (or nested too deep); not read")
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                body = f.read()
        except OSError as e:
            reporter.error(source, i - len(options), f"{where}: cannot read: {e.strerror}")
            continue
        note_input(path)
        pad = " " * len(lead)
        literal = m["kind"] == "literalinclude" or any(
            o.startswith((":literal:", ":code:")) for o in options)
        if literal:
            body_lines = ["::", ""] + [f"   {x}" for x in body.rstrip("\n").split("\n")]
        else:
            body_lines = expand_includes(body, path, roots, reporter, depth + 1).split("\n")
        out += [lead + body_lines[0]] + [pad + x if x else "" for x in body_lines[1:]]
    return "\n".join(out)


def rst_to_texinfo(text: str, title: str = "", losses: list[str] | None = None, *,
                   source: str = "<string>", roots: list[str] | None = None,
                   reporter: Reporter | None = None) -> str:
    """rST (as Sphinx reads it) → Texinfo that makeinfo accepts. ``.. include::`` reads
    files inside ``roots`` only (none by default); pandoc reads no file at all."""
    reporter = reporter if reporter is not None else Reporter()
    rst = preprocess(expand_includes(text, source, roots or [], reporter), losses)
    cmd = [bundled_pandoc("texi2rst back"), "--sandbox", "--from=rst", "--to=texinfo",
           "--standalone", "--wrap=none"]
    if title:
        cmd += ["--metadata", f"title={title}"]
    proc = subprocess.run(cmd, input=rst, capture_output=True, encoding="utf-8",
                          errors="replace")
    if proc.returncode:
        raise ConversionError(f"{source}: error: pandoc failed: {proc.stderr.strip()}")
    return fix_texinfo(proc.stdout)


_NODE = re.compile(r"^@node (.*)$", re.M)


def fix_texinfo(texi: str) -> str:
    """What pandoc writes that makeinfo rejects or warns about: no ``@top`` node, node names
    with characters Texinfo reserves, ``@verbatim`` holding its own end line."""
    lines = texi.splitlines()
    renames: dict[str, str] = {}
    seen: set[str] = set()
    for k, line in enumerate(lines):
        if line.startswith("@node "):
            name = line[6:]
            fixed = name
            while re.search(r"@\w+\{[^{}]*\}", fixed):
                fixed = re.sub(r"@\w+\{([^{}]*)\}", r"\1", fixed)
            fixed = re.sub(r"[,:.()]", " ", fixed)
            fixed = " ".join(fixed.replace("@", "").replace("{", "").replace("}", "").split())
            fixed = fixed or "Node"
            base, n = fixed, 2
            while fixed.lower() in seen:
                fixed, n = f"{base} {n}", n + 1
            seen.add(fixed.lower())
            if fixed != name:
                renames[name] = fixed
                lines[k] = "@node " + fixed
    if renames:
        for k, line in enumerate(lines):
            if line.startswith("* "):
                for old, new in renames.items():
                    if line == f"* {old}::":
                        lines[k] = f"* {new}::"
                    elif line.endswith(f": {old}."):
                        lines[k] = line[:-len(old) - 1] + new + "."
    texi = "\n".join(lines) + "\n"
    for old_name, new_name in sorted(renames.items(), key=lambda x: -len(x[0])):
        for cmd in ("ref", "xref", "pxref"):
            texi = texi.replace(f"@{cmd}{{{old_name},", f"@{cmd}{{{new_name},")
            texi = texi.replace(f"@{cmd}{{{old_name}}}", f"@{cmd}{{{new_name}}}")
    if "@node Top" not in texi:
        # makeinfo wants a Top node before the first chapter
        head, sep, rest = texi.partition("\n@node ")
        texi = head + "\n@node Top\n@top Top\n\n" + (sep.lstrip("\n") + rest if sep else "")
        if not sep:
            texi = texi.replace("\n@bye", "\n@bye") if "@bye" in texi else texi + "@bye\n"
    if "@settitle" not in texi:
        texi = texi.replace("@documentencoding", "@settitle Manual\n@documentencoding", 1)
    return texi


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="FILE.rst", help="the rST file")
    parser.add_argument("-o", "--output", default="-", metavar="FILE.texi",
                        help="where to write the Texinfo ('-': standard output, the default)")
    parser.add_argument("--title", default="", help="the manual's title (@settitle; default: none)")
    parser.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                        help="let .. include:: also read files below DIR (repeatable); by "
                             "default only the input's folder")


def run(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.extras import require_pandoc
    from texi2rst.output import atomic_write

    require_pandoc("texi2rst back")
    if not os.path.isfile(args.input):
        reporter.error(args.input, 0, "no such file")
        return 1
    with open(args.input, encoding="utf-8") as fh:
        text = fh.read()
    note_input(args.input)
    losses: list[str] = []
    roots = [os.path.dirname(os.path.abspath(args.input)),
             *(os.path.abspath(d) for d in args.allow_read)]
    texi = rst_to_texinfo(text, args.title, losses, source=args.input, roots=roots,
                          reporter=reporter)
    for loss in dict.fromkeys(losses):
        reporter.warning(args.input, 0, loss)
    if reporter.has_errors:
        return 1
    atomic_write(args.output, texi)
    return 0
