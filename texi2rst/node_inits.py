"""The ``__init__`` of the record classes of :mod:`texi2rst.nodes`, compiled ahead.

Written by ``python -m texi2rst.records texi2rst.nodes OUT.py`` (tests check that it is
current): do not edit. texi2rst.records uses a function only while its source is the
one the class gives.
"""

from __future__ import annotations

from texi2rst.records import FACTORY, CompiledInits

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

setter = object.__setattr__


def _init_Node(self: Any, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line


def _init_ImageSource(self: Any, path: Any = '', alt: Any = '', width: Any = '', height: Any = '',
                      text: Any = '') -> None:
    self.path = path
    self.alt = alt
    self.width = width
    self.height = height
    self.text = text


def _init_Inline(self: Any, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line


def _init_Text(self: Any, text: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.text = text


def _init_Styled(self: Any, kind: Any = 'code', children: Any = FACTORY, expansion: Any = FACTORY,
                 blocks: Any = None, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.children = list() if children is FACTORY else children
    self.expansion = list() if expansion is FACTORY else expansion
    self.blocks = blocks


def _init_Reference(self: Any, kind: Any = 'ref', target: Any = '', label: Any = FACTORY,
                    title: Any = FACTORY, info_file: Any = '', manual: Any = '', *,
                    source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.target = target
    self.label = list() if label is FACTORY else label
    self.title = list() if title is FACTORY else title
    self.info_file = info_file
    self.manual = manual


def _init_Link(self: Any, kind: Any = 'url', url: Any = '', children: Any = FACTORY, *,
               source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.url = url
    self.children = list() if children is FACTORY else children


def _init_Anchor(self: Any, name: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.name = name


def _init_Footnote(self: Any, children: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.children = list() if children is FACTORY else children


def _init_LineBreak(self: Any, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line


def _init_InlineImage(self: Any, path: Any = '', alt: Any = '', width: Any = '', height: Any = '',
                      text: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.path = path
    self.alt = alt
    self.width = width
    self.height = height
    self.text = text


def _init_RawInline(self: Any, format: Any = 'html', text: Any = '', *, source: Any = '',
                    line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.format = format
    self.text = text


def _init_IndexTarget(self: Any, index: Any = 'cp', children: Any = FACTORY, *, source: Any = '',
                      line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.index = index
    self.children = list() if children is FACTORY else children


def _init_Block(self: Any, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line


def _init_Document(self: Any, children: Any = FACTORY, title: Any = FACTORY,
                   settings: Any = FACTORY, indices: Any = FACTORY, copying: Any = FACTORY, *,
                   source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.children = list() if children is FACTORY else children
    self.title = list() if title is FACTORY else title
    self.settings = dict() if settings is FACTORY else settings
    self.indices = dict() if indices is FACTORY else indices
    self.copying = list() if copying is FACTORY else copying


def _init_IndexInfo(self: Any, name: Any, code: Any = False, merged_into: Any = '') -> None:
    self.name = name
    self.code = code
    self.merged_into = merged_into


def _init_Titled(self: Any, level: Any = 1, kind: Any = 'heading', title: Any = FACTORY) -> None:
    self.level = level
    self.kind = kind
    self.title = list() if title is FACTORY else title


def _init_Section(self: Any, level: Any = 1, kind: Any = 'chapter', title: Any = FACTORY,
                  node: Any = '', children: Any = FACTORY, *, source: Any = '',
                  line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.level = level
    self.kind = kind
    self.title = list() if title is FACTORY else title
    self.node = node
    self.children = list() if children is FACTORY else children


def _init_Heading(self: Any, level: Any = 1, kind: Any = 'heading', title: Any = FACTORY, *,
                  source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.level = level
    self.kind = kind
    self.title = list() if title is FACTORY else title


def _init_NodeLabel(self: Any, name: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.name = name


def _init_Paragraph(self: Any, children: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.children = list() if children is FACTORY else children


def _init_LiteralBlock(self: Any, kind: Any = 'example', children: Any = FACTORY,
                       language: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.children = list() if children is FACTORY else children
    self.language = language


def _init_LineBlock(self: Any, kind: Any = 'display', lines: Any = FACTORY, *, source: Any = '',
                    line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.lines = list() if lines is FACTORY else lines


def _init_ListItem(self: Any, children: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.children = list() if children is FACTORY else children


def _init_BulletList(self: Any, mark: Any = FACTORY, items: Any = FACTORY, *, source: Any = '',
                     line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.mark = list() if mark is FACTORY else mark
    self.items = list() if items is FACTORY else items


def _init_EnumeratedList(self: Any, start: Any = '1', items: Any = FACTORY, *, source: Any = '',
                         line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.start = start
    self.items = list() if items is FACTORY else items


def _init_TableEntry(self: Any, terms: Any = FACTORY, children: Any = FACTORY, *, source: Any = '',
                     line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.terms = list() if terms is FACTORY else terms
    self.children = list() if children is FACTORY else children


def _init_Table(self: Any, kind: Any = 'table', style: Any = 'asis', index: Any = '',
                entries: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.style = style
    self.index = index
    self.entries = list() if entries is FACTORY else entries


def _init_MultiTable(self: Any, columns: Any = FACTORY, head: Any = FACTORY, body: Any = FACTORY, *,
                     source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.columns = list() if columns is FACTORY else columns
    self.head = list() if head is FACTORY else head
    self.body = list() if body is FACTORY else body


def _init_Quotation(self: Any, kind: Any = 'quotation', title: Any = FACTORY,
                    children: Any = FACTORY, authors: Any = FACTORY, *, source: Any = '',
                    line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.title = list() if title is FACTORY else title
    self.children = list() if children is FACTORY else children
    self.authors = list() if authors is FACTORY else authors


def _init_Admonition(self: Any, kind: Any = 'note', title: Any = FACTORY, children: Any = FACTORY,
                     *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.title = list() if title is FACTORY else title
    self.children = list() if children is FACTORY else children


def _init_DefinitionLine(self: Any, kind: Any = 'deffn', category: Any = FACTORY,
                         data_type: Any = FACTORY, name: Any = FACTORY, arguments: Any = FACTORY,
                         index: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.category = list() if category is FACTORY else category
    self.data_type = list() if data_type is FACTORY else data_type
    self.name = list() if name is FACTORY else name
    self.arguments = list() if arguments is FACTORY else arguments
    self.index = index


def _init_Definition(self: Any, kind: Any = 'deffn', lines: Any = FACTORY, children: Any = FACTORY,
                     *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.lines = list() if lines is FACTORY else lines
    self.children = list() if children is FACTORY else children


def _init_IndexEntry(self: Any, index: Any = 'cp', children: Any = FACTORY, *, source: Any = '',
                     line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.index = index
    self.children = list() if children is FACTORY else children


def _init_PrintIndex(self: Any, index: Any = 'cp', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.index = index


def _init_Image(self: Any, path: Any = '', alt: Any = '', width: Any = '', height: Any = '',
                text: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.path = path
    self.alt = alt
    self.width = width
    self.height = height
    self.text = text


def _init_Float(self: Any, kind: Any = '', label: Any = '', caption: Any = FACTORY,
                children: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.label = label
    self.caption = list() if caption is FACTORY else caption
    self.children = list() if children is FACTORY else children


def _init_RawBlock(self: Any, format: Any = 'html', text: Any = '', *, source: Any = '',
                   line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.format = format
    self.text = text


def _init_Menu(self: Any, entries: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.entries = list() if entries is FACTORY else entries


def _init_MenuEntry(self: Any, name: Any = FACTORY, node: Any = '', manual: Any = '',
                    description: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.name = list() if name is FACTORY else name
    self.node = node
    self.manual = manual
    self.description = list() if description is FACTORY else description


def _init_MenuComment(self: Any, children: Any = FACTORY, *, source: Any = '',
                      line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.children = list() if children is FACTORY else children


def _init_Container(self: Any, kind: Any = 'group', name: Any = '', children: Any = FACTORY, *,
                    source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.name = name
    self.children = list() if children is FACTORY else children


def _init_Transition(self: Any, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line


def _init_Comment(self: Any, text: Any = '', *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.text = text


def _init_Literal(self: Any, text: Any = '', second: Any = None, *, source: Any = '',
                  line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.text = text
    self.second = second


def _init_HxBlock(self: Any, kind: Any = 'stexi', number: Any = 0, label: Any = '',
                  children: Any = FACTORY, *, source: Any = '', line: Any = 0) -> None:
    self.source = source
    self.line = line
    self.kind = kind
    self.number = number
    self.label = label
    self.children = list() if children is FACTORY else children


INITS: CompiledInits = {
    'Node': (
        _init_Node,
        "def __init__(self, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line'
    ),
    'ImageSource': (
        _init_ImageSource,
        "def __init__(self, path='', alt='', width='', height='', text=''):\n"
        '    self.path = path\n'
        '    self.alt = alt\n'
        '    self.width = width\n'
        '    self.height = height\n'
        '    self.text = text'
    ),
    'Inline': (
        _init_Inline,
        "def __init__(self, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line'
    ),
    'Text': (
        _init_Text,
        "def __init__(self, text='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.text = text'
    ),
    'Styled': (
        _init_Styled,
        "def __init__(self, kind='code', children=FACTORY, expansion=FACTORY, blocks=None"
        ", *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.children = list() if children is FACTORY else children\n'
        '    self.expansion = list() if expansion is FACTORY else expansion\n'
        '    self.blocks = blocks'
    ),
    'Reference': (
        _init_Reference,
        "def __init__(self, kind='ref', target='', label=FACTORY, title=FACTORY, info_fil"
        "e='', manual='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.target = target\n'
        '    self.label = list() if label is FACTORY else label\n'
        '    self.title = list() if title is FACTORY else title\n'
        '    self.info_file = info_file\n'
        '    self.manual = manual'
    ),
    'Link': (
        _init_Link,
        "def __init__(self, kind='url', url='', children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.url = url\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Anchor': (
        _init_Anchor,
        "def __init__(self, name='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.name = name'
    ),
    'Footnote': (
        _init_Footnote,
        "def __init__(self, children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'LineBreak': (
        _init_LineBreak,
        "def __init__(self, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line'
    ),
    'InlineImage': (
        _init_InlineImage,
        "def __init__(self, path='', alt='', width='', height='', text='', *, source='', "
        'line=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.path = path\n'
        '    self.alt = alt\n'
        '    self.width = width\n'
        '    self.height = height\n'
        '    self.text = text'
    ),
    'RawInline': (
        _init_RawInline,
        "def __init__(self, format='html', text='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.format = format\n'
        '    self.text = text'
    ),
    'IndexTarget': (
        _init_IndexTarget,
        "def __init__(self, index='cp', children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.index = index\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Block': (
        _init_Block,
        "def __init__(self, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line'
    ),
    'Document': (
        _init_Document,
        'def __init__(self, children=FACTORY, title=FACTORY, settings=FACTORY, indices=FA'
        "CTORY, copying=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.children = list() if children is FACTORY else children\n'
        '    self.title = list() if title is FACTORY else title\n'
        '    self.settings = dict() if settings is FACTORY else settings\n'
        '    self.indices = dict() if indices is FACTORY else indices\n'
        '    self.copying = list() if copying is FACTORY else copying'
    ),
    'IndexInfo': (
        _init_IndexInfo,
        "def __init__(self, name, code=False, merged_into=''):\n"
        '    self.name = name\n'
        '    self.code = code\n'
        '    self.merged_into = merged_into'
    ),
    'Titled': (
        _init_Titled,
        "def __init__(self, level=1, kind='heading', title=FACTORY):\n"
        '    self.level = level\n'
        '    self.kind = kind\n'
        '    self.title = list() if title is FACTORY else title'
    ),
    'Section': (
        _init_Section,
        "def __init__(self, level=1, kind='chapter', title=FACTORY, node='', children=FAC"
        "TORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.level = level\n'
        '    self.kind = kind\n'
        '    self.title = list() if title is FACTORY else title\n'
        '    self.node = node\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Heading': (
        _init_Heading,
        "def __init__(self, level=1, kind='heading', title=FACTORY, *, source='', line=0)"
        ':\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.level = level\n'
        '    self.kind = kind\n'
        '    self.title = list() if title is FACTORY else title'
    ),
    'NodeLabel': (
        _init_NodeLabel,
        "def __init__(self, name='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.name = name'
    ),
    'Paragraph': (
        _init_Paragraph,
        "def __init__(self, children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'LiteralBlock': (
        _init_LiteralBlock,
        "def __init__(self, kind='example', children=FACTORY, language='', *, source='', "
        'line=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.children = list() if children is FACTORY else children\n'
        '    self.language = language'
    ),
    'LineBlock': (
        _init_LineBlock,
        "def __init__(self, kind='display', lines=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.lines = list() if lines is FACTORY else lines'
    ),
    'ListItem': (
        _init_ListItem,
        "def __init__(self, children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'BulletList': (
        _init_BulletList,
        "def __init__(self, mark=FACTORY, items=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.mark = list() if mark is FACTORY else mark\n'
        '    self.items = list() if items is FACTORY else items'
    ),
    'EnumeratedList': (
        _init_EnumeratedList,
        "def __init__(self, start='1', items=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.start = start\n'
        '    self.items = list() if items is FACTORY else items'
    ),
    'TableEntry': (
        _init_TableEntry,
        "def __init__(self, terms=FACTORY, children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.terms = list() if terms is FACTORY else terms\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Table': (
        _init_Table,
        "def __init__(self, kind='table', style='asis', index='', entries=FACTORY, *, sou"
        "rce='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.style = style\n'
        '    self.index = index\n'
        '    self.entries = list() if entries is FACTORY else entries'
    ),
    'MultiTable': (
        _init_MultiTable,
        "def __init__(self, columns=FACTORY, head=FACTORY, body=FACTORY, *, source='', li"
        'ne=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.columns = list() if columns is FACTORY else columns\n'
        '    self.head = list() if head is FACTORY else head\n'
        '    self.body = list() if body is FACTORY else body'
    ),
    'Quotation': (
        _init_Quotation,
        "def __init__(self, kind='quotation', title=FACTORY, children=FACTORY, authors=FA"
        "CTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.title = list() if title is FACTORY else title\n'
        '    self.children = list() if children is FACTORY else children\n'
        '    self.authors = list() if authors is FACTORY else authors'
    ),
    'Admonition': (
        _init_Admonition,
        "def __init__(self, kind='note', title=FACTORY, children=FACTORY, *, source='', l"
        'ine=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.title = list() if title is FACTORY else title\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'DefinitionLine': (
        _init_DefinitionLine,
        "def __init__(self, kind='deffn', category=FACTORY, data_type=FACTORY, name=FACTO"
        "RY, arguments=FACTORY, index='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.category = list() if category is FACTORY else category\n'
        '    self.data_type = list() if data_type is FACTORY else data_type\n'
        '    self.name = list() if name is FACTORY else name\n'
        '    self.arguments = list() if arguments is FACTORY else arguments\n'
        '    self.index = index'
    ),
    'Definition': (
        _init_Definition,
        "def __init__(self, kind='deffn', lines=FACTORY, children=FACTORY, *, source='', "
        'line=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.lines = list() if lines is FACTORY else lines\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'IndexEntry': (
        _init_IndexEntry,
        "def __init__(self, index='cp', children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.index = index\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'PrintIndex': (
        _init_PrintIndex,
        "def __init__(self, index='cp', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.index = index'
    ),
    'Image': (
        _init_Image,
        "def __init__(self, path='', alt='', width='', height='', text='', *, source='', "
        'line=0):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.path = path\n'
        '    self.alt = alt\n'
        '    self.width = width\n'
        '    self.height = height\n'
        '    self.text = text'
    ),
    'Float': (
        _init_Float,
        "def __init__(self, kind='', label='', caption=FACTORY, children=FACTORY, *, sour"
        "ce='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.label = label\n'
        '    self.caption = list() if caption is FACTORY else caption\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'RawBlock': (
        _init_RawBlock,
        "def __init__(self, format='html', text='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.format = format\n'
        '    self.text = text'
    ),
    'Menu': (
        _init_Menu,
        "def __init__(self, entries=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.entries = list() if entries is FACTORY else entries'
    ),
    'MenuEntry': (
        _init_MenuEntry,
        "def __init__(self, name=FACTORY, node='', manual='', description=FACTORY, *, sou"
        "rce='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.name = list() if name is FACTORY else name\n'
        '    self.node = node\n'
        '    self.manual = manual\n'
        '    self.description = list() if description is FACTORY else description'
    ),
    'MenuComment': (
        _init_MenuComment,
        "def __init__(self, children=FACTORY, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Container': (
        _init_Container,
        "def __init__(self, kind='group', name='', children=FACTORY, *, source='', line=0"
        '):\n'
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.name = name\n'
        '    self.children = list() if children is FACTORY else children'
    ),
    'Transition': (
        _init_Transition,
        "def __init__(self, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line'
    ),
    'Comment': (
        _init_Comment,
        "def __init__(self, text='', *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.text = text'
    ),
    'Literal': (
        _init_Literal,
        "def __init__(self, text='', second=None, *, source='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.text = text\n'
        '    self.second = second'
    ),
    'HxBlock': (
        _init_HxBlock,
        "def __init__(self, kind='stexi', number=0, label='', children=FACTORY, *, source"
        "='', line=0):\n"
        '    self.source = source\n'
        '    self.line = line\n'
        '    self.kind = kind\n'
        '    self.number = number\n'
        '    self.label = label\n'
        '    self.children = list() if children is FACTORY else children'
    ),
}
