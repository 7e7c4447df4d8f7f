"""One exception type for every user-facing error: the CLI prints it on one line, exit 2."""


class NewsgateError(Exception):
    """Bad input, usage or configuration. The message names the file and the problem."""
