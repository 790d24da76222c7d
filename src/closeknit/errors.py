"""The one error family the core raises for bad input.

Every message names what was wrong and how to fix it; the CLI prints it without a traceback
and exits with status 2, the web app shows it beside the form or returns it as a 4xx.
"""


class CloseknitError(Exception):
    """Bad input or content: the message is written for the person who can fix it."""


class ContentError(CloseknitError):
    """Shipped content (model, items, exercises) is inconsistent: names the file and id."""


class SheetError(CloseknitError):
    """An answer sheet does not fit its instrument: names the item and the allowed range."""


class ChatImportError(CloseknitError):
    """A chat export could not be read: names the file, the line and what was expected."""
