"""Reading numbers from query parameters strictly: ASCII digits only, of a sane length.

Python's int() also accepts other scripts' digits ("٣"), signs and spaces, and str.isdigit()
says yes to "²", which int() then refuses: every query parameter that holds a number is
read here, so none of them can turn into a server error or a second address for a page.
"""

import re

WHOLE_NUMBER_RE = re.compile(r"[0-9]{1,9}")


def whole_number(raw):
    """The number `raw` spells in ASCII digits (at most nine), or None."""
    if raw is None or not WHOLE_NUMBER_RE.fullmatch(raw):
        return None
    return int(raw)
