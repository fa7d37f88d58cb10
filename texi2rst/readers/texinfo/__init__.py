"""The Texinfo reader.

* :mod:`.options` — what the reader is told (formats, ``-D`` flags, folders, limits);
* :mod:`.commands` — the table of Texinfo commands and their kinds;
* the lexer, the context-sensitive layer that cuts input into line tokens with their original
  locations: :mod:`.lexer` (line classification, combining the layers below), :mod:`.tokens`
  (the tokens and shared line scanners), :mod:`.state` (what the layers share),
  :mod:`.includes` (files, ``@include``), :mod:`.macros` (macros, ``@value``, aliases),
  :mod:`.conditionals` (conditionals, ``@set`` and the other commands the lexer obeys),
  :mod:`.raw` (raw blocks, man-page regions), :mod:`.blocks` (block starts and ends, items,
  paragraphs), :mod:`.placement` (where a line command may stand);
* the parser: :mod:`.parser` (the reader's entry points; the block structure from
  ``grammars/texinfo.lark``), :mod:`.tree_builder` (the grammar's transformer),
  :mod:`.builders` (the nodes of each kind of block), :mod:`.pieces` (what is built before its
  place is known), :mod:`.arguments` (brace scanning, argument splitting), :mod:`.recovery`
  (mending malformed structure), :mod:`.document` (nesting sections, checking names);
* :mod:`.inline` — brace commands inside paragraphs and titles.
"""
