"""Command-line subcommands: one module per ``texi2rst`` subcommand that has its own module
(each with ``add_arguments(parser)`` and ``run(args, reporter)``)."""
