"""texi2rst: Texinfo, QEMU ``.hx`` fragments and QAPI doc comments to reStructuredText."""

__version__ = "0.1.0"
