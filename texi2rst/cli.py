"""The ``texi2rst`` command line.

Exit codes: 0 success, 1 the input had errors (each reported as ``file:line: error: …``),
2 usage errors. No input makes it print a Python traceback (``--debug`` shows one for bugs).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from texi2rst import __version__
from texi2rst.diagnostics import ConversionError, Reporter, stderr_reporter
from texi2rst.output import input_session, remove_live_temps
from texi2rst.readers.texinfo.lexer import Limits, Options

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2

_FORMATS = ("html", "info", "plaintext", "tex", "docbook", "xml", "latex")


class UsageError(Exception):
    """A command-line mistake: reported with exit code 2."""


def _add_texinfo_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Texinfo reading")
    g.add_argument("-I", dest="include_dirs", action="append", default=[], metavar="DIR",
                   help="add DIR to the @include search path (repeatable)")
    g.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]",
                   help="define a variable, as with @set (repeatable)")
    g.add_argument("-U", dest="undefines", action="append", default=[], metavar="NAME",
                   help="undefine a variable, as with @clear (repeatable)")
    for fmt in _FORMATS:
        g.add_argument(f"--if{fmt}", dest=f"if_{fmt}", action="store_true", default=None,
                       help=f"process @if{fmt} and not @ifnot{fmt} text" if fmt == "html"
                       else argparse.SUPPRESS)
        g.add_argument(f"--no-if{fmt}", dest=f"if_{fmt}", action="store_false",
                       help=f"do not process @if{fmt} text" if fmt == "html"
                       else argparse.SUPPRESS)
    _add_read_options(g, "@include, @verbatiminclude and @image")
    lim = p.add_argument_group("limits")
    defaults = Limits()
    lim.add_argument("--max-macro-expansions", type=int, default=defaults.max_macro_expansions,
                     metavar="N", help="stop after N macro expansions (default %(default)s)")
    lim.add_argument("--max-include-depth", type=int, default=defaults.max_include_depth,
                     metavar="N", help="deepest @include nesting (default %(default)s)")
    lim.add_argument("--max-nesting", type=int, default=defaults.max_nesting, metavar="N",
                     help="deepest block nesting (default %(default)s)")
    lim.add_argument("--max-input-bytes", type=int, default=defaults.max_input_bytes,
                     metavar="N", help="largest input file (default %(default)s)")
    lim.add_argument("--max-line-chars", type=int, default=defaults.max_line_chars,
                     metavar="N", help="longest input line (default %(default)s)")
    lim.add_argument("--max-brace-depth", type=int, default=defaults.max_brace_depth,
                     metavar="N", help="deepest brace nesting in text (default %(default)s)")


def _add_read_options(g: argparse._ActionsContainer, what: str,
                      roots: str = "the input's folder and the -I folders") -> None:
    g.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                   help=f"let {what} also read files below DIR (repeatable); by default "
                        f"only {roots} (see the security page of the manual)")
    g.add_argument("--allow-outside-includes", action="store_true",
                   help="read files anywhere (the same as --allow-read /)")


def _add_force_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true",
                   help="write the output even when the input has errors (the exit status "
                        "stays 1), and replace files in the output folder that texi2rst did "
                        "not write")


def texinfo_options(args: argparse.Namespace) -> Options:
    """Reader options from parsed command-line arguments."""
    defines: dict[str, str] = {}
    for item in args.defines:
        name, _, value = item.partition("=")
        if not name:
            raise UsageError(f"-D needs a name: {item!r}")
        defines[name] = value
    for name in args.undefines:
        defines.pop(name, None)
    formats = {"html"}
    for fmt in _FORMATS:
        flag = getattr(args, f"if_{fmt}")
        if flag is True:
            formats.add(fmt)
        elif flag is False:
            formats.discard(fmt)
    limits = Limits(max_macro_expansions=args.max_macro_expansions,
                    max_include_depth=args.max_include_depth, max_nesting=args.max_nesting,
                    max_input_bytes=args.max_input_bytes, max_line_chars=args.max_line_chars,
                    max_brace_depth=args.max_brace_depth)
    return Options(include_dirs=list(args.include_dirs), defines=defines, formats=formats,
                   allow_outside_includes=args.allow_outside_includes,
                   allow_read=list(args.allow_read), limits=limits)


def _cmd_convert(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.convert import convert_texinfo

    return convert_texinfo(args.input, args.output, texinfo_options(args), reporter,
                           split=args.split, label_prefix=args.label_prefix,
                           external_manuals=args.external_manuals, menus=args.menus,
                           man_pages=args.man_pages, force=args.force,
                           raw_html=not args.no_raw_html)


def _cmd_hx(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.writers.hx import convert_hx

    if args.in_place and args.output:
        raise UsageError("give either -o or --in-place, not both")
    if not args.in_place and not args.output:
        raise UsageError("give -o OUT.hx, -o OUT.rst, -o - or --in-place")
    return convert_hx(args.input, args.output, in_place=args.in_place,
                      keep_texinfo=args.keep_texinfo, options=texinfo_options(args),
                      reporter=reporter, force=args.force)


def _cmd_qapi(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.qapi import convert_schema

    return convert_schema(args.input, args.output, reporter=reporter,
                          allow_outside_includes=args.allow_outside_includes,
                          allow_read=args.allow_read, force=args.force)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference)."""
    parser = argparse.ArgumentParser(
        prog="texi2rst",
        description="Convert Texinfo manuals, QEMU .hx fragments and QAPI schema doc comments "
                    "to reStructuredText and Sphinx projects.",
        epilog="Exit status: 0 success, 1 the input had errors, 2 usage error.")
    parser.add_argument("--version", action="version", version=f"texi2rst {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show a Python traceback when texi2rst itself fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("convert", help="convert a Texinfo manual to rST or a Sphinx project",
                       description="Convert MAIN.texi and what it includes. With -o FILE.rst or "
                       "-o - write one rST document; with -o DIR write a Sphinx project.")
    p.add_argument("input", metavar="MAIN.texi", help="the Texinfo file to convert")
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="'-' for standard output (default), FILE.rst for one document, "
                        "or a folder for a Sphinx project")
    p.add_argument("--split", choices=("chapter", "section", "node", "none"), default="chapter",
                   help="Sphinx project: one file per chapter (default), section, node, "
                        "or one file")
    p.add_argument("--label-prefix", default="", metavar="PREFIX",
                   help="prefix every generated label (for several manuals in one project)")
    p.add_argument("--man-page", dest="man_pages", action="append", metavar="NAME.SECTION",
                   help="Sphinx project: the man page that the @c man begin regions make, e.g. "
                        "qemu.1 or 'qemu-nbd.8:QEMU NBD server' (default: the @setfilename "
                        "inside @ignore, else @setfilename, section 1)")
    p.add_argument("--menus", choices=("toctree", "list"), default="toctree",
                   help="Sphinx project: fold @menu into the toctree, keeping entries and "
                        "descriptions as rST comments (default), or also show it as a list")
    p.add_argument("--external-manuals", choices=("text", "intersphinx"), default="text",
                   help="references into other manuals: plain text (default) or intersphinx")
    p.add_argument("--no-raw-html", action="store_true",
                   help="drop raw HTML (@html, @inlineraw) and turn javascript:, vbscript: "
                        "and data: links into plain text (for untrusted input)")
    _add_force_option(p)
    _add_texinfo_options(p)
    p.set_defaults(run=_cmd_convert)

    p = sub.add_parser("hx", help="convert the Texinfo in a QEMU .hx file to rST",
                       description="Rewrite the STEXI/ETEXI blocks of a .hx file as SRST/ERST "
                       "blocks (-o OUT.hx or --in-place), or write the file's documentation as "
                       "one rST document (-o OUT.rst or -o -).")
    p.add_argument("input", metavar="FILE.hx", help="the .hx file")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="OUT.hx: the rewritten file; OUT.rst or '-': its documentation as rST")
    p.add_argument("--in-place", action="store_true",
                   help="rewrite FILE.hx itself (atomically)")
    p.add_argument("--keep-texinfo", action="store_true",
                   help="keep each STEXI block beside its new SRST block")
    _add_force_option(p)
    _add_texinfo_options(p)
    p.set_defaults(run=_cmd_hx)

    p = sub.add_parser("qapi", help="convert a QAPI schema's doc comments to rST",
                       description="Render the documentation of a QAPI schema (and the "
                       "modules it includes) as an rST reference manual.")
    p.add_argument("input", metavar="SCHEMA.json", help="the root QAPI schema file")
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="'-' for standard output (default), FILE.rst, or a folder for a "
                        "Sphinx project")
    _add_read_options(p, "'include'", "the schema's folder")
    _add_force_option(p)
    p.set_defaults(run=_cmd_qapi)
    for name, (module_name, summary) in SUBCOMMAND_MODULES.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=summary, description=module.__doc__.split("\n\n")[0])
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


#: subcommands defined in their own modules: name -> (module, one-line help). Each module
#: has ``add_arguments(parser)`` and ``run(args, reporter) -> exit code``, and imports what
#: it needs inside ``run`` so that ``texi2rst --help`` stays fast.
SUBCOMMAND_MODULES: dict[str, tuple[str, str]] = {
    "bulk": ("texi2rst.commands.bulk", "convert a documentation tree to a Sphinx manual set "
             "(texi2rst.toml)"),
    "check": ("texi2rst.commands.check", "compare a conversion with makeinfo's text: words, "
              "sections, references, losses"),
    "back": ("texi2rst.commands.back",
             "convert rST back to Texinfo (through pandoc) for makeinfo"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    reporter = stderr_reporter()
    try:
        with input_session():
            code = args.run(args, reporter)
    except UsageError as e:
        print(f"texi2rst: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ConversionError as e:
        print(f"{e}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except OSError as e:  # the environment, not the input nor texi2rst: say which file
        if args.debug:
            raise
        print(f"{e.filename or getattr(args, 'input', 'texi2rst')}: error: "
              f"{e.strerror or e}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except KeyboardInterrupt:
        remove_live_temps()
        print("texi2rst: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        where = getattr(args, "input", "texi2rst")
        print(f"{where}:0: error: input nested too deeply to convert", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except Exception as e:  # a bug in texi2rst: say so without a traceback
        if args.debug:
            raise
        where = getattr(args, "input", "texi2rst")
        print(f"{where}:0: error: internal error in texi2rst: {type(e).__name__}: {e} "
              "(rerun with --debug and report it)", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    if code == EXIT_OK and reporter.has_errors:
        code = EXIT_INPUT_ERRORS
    return code


def run() -> None:
    """Console-script entry point."""
    # a short-lived process building an acyclic tree: reference counting frees what it
    # must, and the cycle collector's passes over every node cost a tenth of the run
    gc.disable()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())


if __name__ == "__main__":
    run()
