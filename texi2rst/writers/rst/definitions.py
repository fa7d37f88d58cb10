"""Definition blocks: Texinfo's ``@deffn`` family as makeinfo shows them (a definition-list
item), C declarations as objects of Sphinx's C domain, and QAPI's as ``.. describe::``."""

from __future__ import annotations

from texi2rst.nodes import Definition, DefinitionLine, Styled, Text, plain_text
from texi2rst.writers.rst.c_declarations import CDeclaration, c_declaration
from texi2rst.writers.rst.escape import indent, single_line
from texi2rst.writers.rst.signatures import definition_signature, definition_term

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from texi2rst.writers.rst.blocks import BlockWriter
    from texi2rst.writers.rst.labels import Labels

__all__ = ["c_objects_of", "describe_definition", "label_definition_line", "replay_definition",
           "texinfo_definition"]


def texinfo_definition(writer: BlockWriter, block: Definition, depth: int) -> list[str]:
    """A ``@deffn``-family block as makeinfo shows it: a definition-list item, a term for
    each header line (:func:`definition_term`), a label for each defined name (so that
    ``:ref:`` reaches it) and its index entries before it."""
    c_objects = c_objects_of(block, writer.labels, writer.options.no_index)
    if c_objects:
        return c_definition(writer, block, c_objects, depth)
    out: list[str] = []
    entries: list[list[str]] = []
    for i, line in enumerate(block.lines):
        name = definition_label(writer, line)
        if line.index and name:
            entries.append([".. index:: single: " + writer.index_entry_text(line.name)])
        if out:
            out.append("")
        out.append(writer.term_text(definition_term(line)))
        if i + 1 < len(block.lines):
            out.append("   ..")
    writer.pre += entries
    if not out:
        out.append("\\ \\")
    body = writer.blocks(block.children, depth + 3)
    out.extend(indent(body, 3) if body else ["   \\"])
    return out

def c_objects_of(block: Definition, labels: Labels, no_index: bool
                 ) -> list[CDeclaration] | None:
    """The C declarations ``block`` is written as (objects of Sphinx's C domain), or None
    when it is written as makeinfo shows it: not unless every line declares C with one
    directive, none of them declared before."""
    # a page that repeats others (a man page's copy) declares nothing: Sphinx's C domain
    # has no option to leave a declaration out of its inventory
    if no_index:
        return None
    declarations = [c_declaration(line) for line in block.lines]
    c_objects = [d for d in declarations if d is not None]
    if c_objects and len(c_objects) == len(block.lines) \
            and len({d.directive for d in c_objects}) == 1 \
            and not any(d.name in labels.c_names for d in c_objects):
        return c_objects
    return None


def label_definition_line(labels: Labels, line: DefinitionLine, no_index: bool) -> str:
    """Give a definition line's name its label, once (none on a page that repeats
    others); the name."""
    name = single_line(plain_text(line.name))
    if name and not no_index and line not in labels.by_node:
        labels.assign(line, name)
    return name


def replay_definition(block: Definition, labels: Labels, no_index: bool) -> None:
    """What writing the head of ``block`` does to ``labels``, without writing it: the
    labels of its lines, and the C names it declares (see :func:`texinfo_definition`)."""
    if not block.kind.startswith("def"):
        return  # (QAPI's, written as describe: no labels)
    c_objects = c_objects_of(block, labels, no_index)
    for line in block.lines:
        label_definition_line(labels, line, no_index)
    if c_objects:
        labels.c_names.update(d.name for d in c_objects)


def definition_label(writer: BlockWriter, line: DefinitionLine) -> str:
    """Put the label of a definition line's name before the block; the name."""
    name = label_definition_line(writer.labels, line, writer.options.no_index)
    label = writer.labels.by_node.get(line)
    if label and label not in writer.emitted:
        writer.emitted.add(label)
        writer.pre.append([f".. _{label}:"])
    return name

def c_definition(writer: BlockWriter, block: Definition, c_objects: list[CDeclaration],
                 depth: int) -> list[str]:
    """A definition that is a C declaration: an object of Sphinx's C domain (which
    indexes it), after a label for each name."""
    for line in block.lines:
        definition_label(writer, line)
    head = f".. c:{c_objects[0].directive}:: "
    out = [head + c_objects[0].signature]
    out += [" " * len(head) + d.signature for d in c_objects[1:]]
    writer.labels.c_names.update(d.name for d in c_objects)
    # the category (e.g. "Library Function") as makeinfo shows it, apart from the name
    categories = list(dict.fromkeys(single_line(plain_text(line.category))
                                    for line in block.lines))
    shown = ", ".join(c for c in categories if c)
    head_para = [writer.paragraph_lines([Styled(kind="emph", children=[Text(shown)])],
                                      max(writer.options.width - depth - 3, 30))] \
        if shown else []
    body = writer.blocks(block.children, depth + 3)
    parts = [*head_para, body] if body else head_para
    for part in parts:
        out += [""] + indent(part, 3)
    return out

def describe_definition(writer: BlockWriter, block: Definition, depth: int) -> list[str]:
    """A definition block (QAPI's) as ``.. describe::``."""
    sigs = [definition_signature(line) for line in block.lines]
    sigs = [s for s in sigs if s] or ["\\"]
    head = ".. describe:: "
    out = [head + sigs[0]] + [" " * len(head) + s for s in sigs[1:]]
    for line in block.lines:
        if line.index:
            name = writer.index_entry_text(line.name)
            if name:
                writer.pre.append([".. index:: single: " + name])
    body = writer.blocks(block.children, depth + 3)
    if body:
        out += [""] + indent(body, 3)
    return out
