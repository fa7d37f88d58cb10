"""The Texinfo reader.

* :mod:`.commands` — the table of Texinfo commands and their kinds;
* :mod:`.lexer` — the context-sensitive layer (includes, macros, ``@value``, conditionals,
  raw blocks) that cuts input into line tokens with their original locations;
* :mod:`.parser` — the block structure (``grammars/texinfo.lark``) and the transformer that
  builds the document tree;
* :mod:`.inline` — brace commands inside paragraphs and titles.
"""
