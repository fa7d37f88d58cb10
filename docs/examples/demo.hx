HXCOMM A small .hx file rendered live by the hxtool-doc directive in this manual.

DEFHEADING(Demo options:)
STEXI
@table @option
ETEXI

DEF("demo", HAS_ARG, QEMU_OPTION_demo,
    "-demo level     set the demo level\n", QEMU_ARCH_ALL)
STEXI
@item -demo @var{level}
@findex -demo
Set the demo level to @var{level} (see also @option{-quiet}).
ETEXI

DEF("quiet", 0, QEMU_OPTION_quiet, "-quiet          say less\n", QEMU_ARCH_ALL)
SRST
``-quiet``
  Say less. This block was rST already.
ERST

STEXI
@end table
ETEXI
