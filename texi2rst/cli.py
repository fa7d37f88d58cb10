"""The ``texi2rst`` command line.

Exit codes: 0 success, 1 the input had errors (each reported as ``file:line: error: …``),
2 usage errors. No input makes it print a Python traceback (``--debug`` shows one for bugs).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import sys
from collections.abc import Sequence

from texi2rst import __version__
from texi2rst.diagnostics import ConversionError, Reporter, reraise_interrupt, stderr_reporter
from texi2rst.extras import MissingExtra
from texi2rst.readers.texinfo.options import Limits, Options

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any, NoReturn

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2

_FORMATS = ("html", "info", "plaintext", "tex", "docbook", "xml", "latex")


class UsageError(Exception):
    """A command-line mistake: reported with exit code 2."""


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (and the three
    compression modules it imports): 3.5 ms of every run."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring the terminal as argparse does (it makes one for every
    argument added, to check it)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """No abbreviated options; a mistake is reported with the usage of the (sub)command it
    was made in, and a "did you mean" when a valid word is close."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(map(repr, action.choices))
            hint = _did_you_mean(value, [str(c) for c in action.choices])
            raise argparse.ArgumentError(action, f"invalid choice: {value!r} (choose from "
                                         f"{choices}){hint}")

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            parser = self._subcommand_parser(parsed)
            options = [o for a in parser._actions for o in a.option_strings
                       if o.startswith("--") and a.help != argparse.SUPPRESS]
            hints = "".join(_did_you_mean(e.split("=", 1)[0], options)
                            for e in extras if e.startswith("-"))
            parser.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
        return parsed

    def _subcommand_parser(self, parsed: argparse.Namespace) -> argparse.ArgumentParser:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None) or "")
                if isinstance(chosen, _Parser):
                    return chosen._subcommand_parser(parsed)
        return self

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def _add_texinfo_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Texinfo reading")
    g.add_argument("-I", dest="include_dirs", action="append", default=[], metavar="DIR",
                   help="add DIR to the @include search path (repeatable)")
    g.add_argument("-D", dest="defines", action="append", default=[], metavar="'NAME VALUE'",
                   help="define a variable, as with @set (repeatable): makeinfo's -D 'NAME "
                        "VALUE' (the value is what follows the first space), -D NAME (empty "
                        "value), or, without a space, -D NAME=VALUE")
    g.add_argument("-U", dest="undefines", action="append", default=[], metavar="NAME",
                   help="undefine a variable, as with @clear (repeatable)")
    for fmt in _FORMATS:
        g.add_argument(f"--if{fmt}", dest=f"if_{fmt}", action="store_true", default=None,
                       help=f"process @if{fmt} and not @ifnot{fmt} text (default: on, the "
                       "conditionals an HTML reader sees; every other format is off)"
                       if fmt == "html" else argparse.SUPPRESS)
        g.add_argument(f"--no-if{fmt}", dest=f"if_{fmt}", action="store_false",
                       help=f"do not process @if{fmt} text (by default it is processed)"
                       if fmt == "html"
                       else argparse.SUPPRESS)
    _add_read_options(g, "@include, @verbatiminclude and @image")
    lim = p.add_argument_group("limits")
    _add_limits(lim, _TEXINFO_LIMITS)


#: the limits every reader shares: (name after "--max-", what it bounds)
_INPUT_LIMITS = (("input_bytes", "largest input file"),
                 ("total_input_bytes", "most bytes read from all input files of one run, a "
                  "file included twice counting twice"),
                 ("repeated_input_bytes", "most bytes read from files read before (included "
                  "again)"))
_TEXINFO_LIMITS = (("macro_expansions", "stop after N macro expansions"),
                   ("include_depth", "deepest @include nesting"),
                   ("nesting", "deepest block nesting"),
                   *_INPUT_LIMITS,
                   ("expanded_chars", "most characters @value and macros may produce in all"),
                   ("line_chars", "longest input line"),
                   ("brace_depth", "deepest brace nesting in text"))


def _add_limits(group: argparse._ArgumentGroup, limits: tuple[tuple[str, str], ...]) -> None:
    defaults = Limits()
    for name, what in limits:
        group.add_argument(f"--max-{name.replace('_', '-')}", type=_positive_int, metavar="N",
                           default=getattr(defaults, f"max_{name}"),
                           help=f"{what} (default %(default)s)")


def _add_read_options(g: argparse._ActionsContainer, what: str,
                      roots: str = "the input's folder and the -I folders") -> None:
    g.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                   help=f"let {what} also read files below DIR (repeatable); by default "
                        f"only {roots} (see the security page of the manual)")
    g.add_argument("--allow-outside-includes", action="store_true",
                   help="read files anywhere (the same as --allow-read /)")


def _command(sub: Any, name: str, summary: str, description: str, source: tuple[str, str],
             output_help: str, default: str | None = "-") -> argparse.ArgumentParser:
    """A subcommand's parser with its input and its ``-o/--output``."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=summary, description=description)
    p.add_argument("input", metavar=source[0], help=source[1])
    p.add_argument("-o", "--output", default=default, metavar="OUT", help=output_help)
    return p


def _add_texinfo_input_options(p: argparse.ArgumentParser) -> None:
    """What a subcommand that reads Texinfo takes: ``--no-raw-html``, ``--force`` and the
    reader's options."""
    _add_no_raw_html_option(p)
    _add_force_option(p)
    _add_texinfo_options(p)


def _add_no_raw_html_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-raw-html", action="store_true",
                   help="drop raw HTML (@html, @inlineraw) and turn javascript:, vbscript: "
                        "and data: links into plain text (for untrusted input)")


def _add_force_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true",
                   help="write the output even when the input has errors (the exit status "
                        "stays 1), and replace files in the output folder that texi2rst did "
                        "not write")


def texinfo_options(args: argparse.Namespace) -> Options:
    """Reader options from parsed command-line arguments."""
    defines: dict[str, str] = {}
    for item in args.defines:
        spaced = re.match(r"(\S+)\s+(.*)", item.lstrip(), re.S)
        if spaced:  # makeinfo's form: the value is what follows the first space
            name, value = spaced.groups()
        else:
            name, _, value = item.strip().partition("=")
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
    limits = Limits(**{f"max_{name}": getattr(args, f"max_{name}") for name, _ in _TEXINFO_LIMITS})
    return Options(include_dirs=list(args.include_dirs), defines=defines, formats=formats,
                   allow_outside_includes=args.allow_outside_includes,
                   allow_read=list(args.allow_read), limits=limits)


def _cmd_convert(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.convert import convert_texinfo

    return convert_texinfo(args.input, args.output, texinfo_options(args), reporter,
                           split=args.split, label_prefix=args.label_prefix,
                           external_manuals=args.external_manuals, menus=args.menus,
                           man_pages=args.man_pages, force=args.force,
                           raw_html=not args.no_raw_html, workers=_page_workers(args.jobs),
                           keep=_KEPT)


#: what the console script keeps until it leaves without tearing anything down (a
#: manual's tree: freeing it node by node took a fiftieth of a run); None in main() alone
_KEPT: list[object] | None = None


def _page_workers(jobs: int) -> int:
    """The processes that render a project's pages: ``--jobs``, else the CPUs this process
    may use that other processes do not keep busy (the load average, as ``make -l``), at
    most 4 (a second process halves the rendering; more share less)."""
    if jobs:
        return jobs
    from texi2rst.writers.workers import idle_cpus

    return max(1, min(idle_cpus(), 4))


def _cmd_hx(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.writers.hx import convert_hx

    if args.in_place and args.output:
        raise UsageError("give either -o or --in-place, not both")
    if not args.in_place and not args.output:
        raise UsageError("give -o OUT.hx, -o OUT.rst, -o - or --in-place")
    options = texinfo_options(args)
    options.raw_html = not args.no_raw_html
    return convert_hx(args.input, args.output, in_place=args.in_place,
                      keep_texinfo=args.keep_texinfo, options=options, reporter=reporter,
                      force=args.force)


def _cmd_qapi(args: argparse.Namespace, reporter: Reporter) -> int:
    from texi2rst.qapi import convert_schema
    from texi2rst.readers.files import ByteBudget

    budget = ByteBudget(args.max_total_input_bytes, args.max_repeated_input_bytes,
                        args.max_input_bytes)
    return convert_schema(args.input, args.output, reporter=reporter,
                          allow_outside_includes=args.allow_outside_includes,
                          allow_read=args.allow_read, force=args.force, budget=budget)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference).

    With ``command``, the subcommands that live in modules of their own are given their
    options only if they are ``command`` (the others are listed, not imported)."""
    parser = _Parser(
        prog="texi2rst",
        description="Convert Texinfo manuals, QEMU .hx fragments and QAPI schema doc comments "
                    "to reStructuredText and Sphinx projects.",
        epilog="Exit status: 0 success, 1 the input had errors, 2 usage error.")
    parser.add_argument("--version", action="version", version=f"texi2rst {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show a Python traceback when texi2rst itself fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _command(sub, "convert", "convert a Texinfo manual to rST or a Sphinx project",
                 "Convert MAIN.texi and what it includes. With -o FILE.rst or -o - write one "
                 "rST document; with -o DIR write a Sphinx project.",
                 ("MAIN.texi", "the Texinfo file to convert"),
                 "'-' for standard output (default), FILE.rst for one document, or a folder "
                 "for a Sphinx project")
    p.add_argument("--split", choices=("chapter", "section", "node", "none"), default="chapter",
                   help="Sphinx project: one file per chapter (default), section, node, "
                        "or one file")
    p.add_argument("--label-prefix", default="", metavar="PREFIX",
                   help="prefix every generated label (for several manuals in one project; "
                        "default: none)")
    p.add_argument("--man-page", dest="man_pages", action="append", metavar="NAME.SECTION",
                   help="Sphinx project: the man page that the @c man begin regions make, e.g. "
                        "qemu.1 or 'qemu-nbd.8:QEMU NBD server'; repeat it for several "
                        "(default: one per program that regions name, as in '@c man begin "
                        "DESCRIPTION ar', else the @setfilename inside @ignore, else "
                        "@setfilename; section 1)")
    p.add_argument("--menus", choices=("toctree", "comment", "list"), default="toctree",
                   help="Sphinx project: @menu becomes the toctree alone (default), the "
                        "toctree with the entries and descriptions kept as rST comments, or "
                        "the toctree and a list of references")
    p.add_argument("--external-manuals", choices=("text", "intersphinx"), default="text",
                   help="references into other manuals: plain text (default) or intersphinx")
    p.add_argument("-j", "--jobs", type=_positive_int, default=0, metavar="N",
                   help="Sphinx project: render the pages of a large manual in N processes, "
                        "with the same result (default: the CPUs that other processes leave "
                        "idle, by the load average, at most 4)")
    _add_texinfo_input_options(p)
    p.set_defaults(run=_cmd_convert)

    p = _command(sub, "hx", "convert the Texinfo in a QEMU .hx file to rST",
                 "Rewrite the STEXI/ETEXI blocks of a .hx file as SRST/ERST blocks (-o OUT.hx "
                 "or --in-place), or write the file's documentation as one rST document "
                 "(-o OUT.rst or -o -).",
                 ("FILE.hx", "the .hx file"),
                 "OUT.hx: the rewritten file; OUT.rst or '-': its documentation as rST (no "
                 "default: give -o or --in-place)", default=None)
    p.add_argument("--in-place", action="store_true",
                   help="rewrite FILE.hx itself (atomically)")
    p.add_argument("--keep-texinfo", action="store_true",
                   help="keep each STEXI block beside its new SRST block")
    _add_texinfo_input_options(p)
    p.set_defaults(run=_cmd_hx)

    p = _command(sub, "qapi", "convert a QAPI schema's doc comments to rST",
                 "Render the documentation of a QAPI schema (and the modules it includes) as "
                 "an rST reference manual.",
                 ("SCHEMA.json", "the root QAPI schema file"),
                 "'-' for standard output (default), FILE.rst, or a folder for a Sphinx project")
    _add_read_options(p, "'include'", "the schema's folder")
    _add_limits(p.add_argument_group("limits"), _INPUT_LIMITS)
    _add_force_option(p)
    p.set_defaults(run=_cmd_qapi)
    for name, (module_name, summary) in SUBCOMMAND_MODULES.items():
        if command is not None and name != command:
            sub.add_parser(name, help=summary)
            continue
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=summary, description=(module.__doc__ or "").split("\n\n")[0])
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
    words = sys.argv[1:] if argv is None else argv
    # the first word that is not an option names the subcommand (the top-level options
    # take no values)
    parser = build_parser(next((w for w in words if not w.startswith("-")), ""))
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from texi2rst.output import input_session, remove_live_temps

    reporter = stderr_reporter()
    try:
        with input_session():
            code = _check_input(args, reporter) or args.run(args, reporter)
    except UsageError as e:
        print(f"texi2rst: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ConversionError as e:
        reporter.flush()
        print(f"{e}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except MissingExtra as e:
        print(f"texi2rst: error: {e}", file=sys.stderr)
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
        try:
            reraise_interrupt(e)
        except KeyboardInterrupt:
            remove_live_temps()
            print("texi2rst: interrupted", file=sys.stderr)
            return 130
        if args.debug:
            raise
        where = getattr(args, "input", "texi2rst")
        print(f"{where}:0: error: internal error in texi2rst: {type(e).__name__}: {e} "
              "(rerun with --debug and report it)", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    finally:
        reporter.flush()
    if code == EXIT_OK and reporter.has_errors:
        code = EXIT_INPUT_ERRORS
    return code


def _check_input(args: argparse.Namespace, reporter: Reporter) -> int:
    """Exit code 1, reported, when the input is a folder or a file of another kind than the
    subcommand reads (a hint names the right subcommand); 0 otherwise."""
    from texi2rst.sniff import input_problem

    path = getattr(args, "input", None)
    if not isinstance(path, str) or path == "-":
        return EXIT_OK
    problem = input_problem(args.command, path)
    if problem is None:
        return EXIT_OK
    reporter.error(path, *problem)
    return EXIT_INPUT_ERRORS


def run() -> None:
    """Console-script entry point."""
    # a short-lived process building an acyclic tree: reference counting frees what it
    # must, and the cycle collector's passes over every node cost a tenth of the run
    gc.disable()
    global _KEPT
    _KEPT = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    try:
        code = main()
    except KeyboardInterrupt:  # before main's own handler is in place (while importing)
        print("texi2rst: interrupted", file=sys.stderr)
        code = 130
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python reports it as it exits
        sys.exit(code)
    # every file is written and closed: leave without tearing the interpreter down, which
    # took a twentieth of a small manual's run (mypy's CLI does the same)
    os._exit(code)


if __name__ == "__main__":
    run()
