"""What a line of text a person typed may hold: no control characters.

A single-line value (a name, title, place, organization, subject, file name, tag ...) holds no
C0 control character (tab and line breaks included), no DEL, no C1 control character
(U+0080-U+009F) and no Unicode line or paragraph separator (U+2028, U+2029): in a mail
header, a calendar line or a spreadsheet cell they break lines or jam the message. A
multi-line value may hold tabs and line breaks (\\n, \\r) but no other control character.

Forms (lmb.core.forms.Form) and API schemas (lmb.api.schemas.InputSchema) apply this rule to
every text field; uploads.safe_filename and the migration that cleaned stored values use it too.
"""

import re

SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_SEPARATORS = re.compile("[\u2028\u2029]")


def has_forbidden_characters(value: str, *, multiline: bool = False) -> bool:
    pattern = MULTI_LINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    return bool(pattern.search(value))


def clean_single_line(value: str) -> str:
    """Each forbidden character becomes a space (for values that must be kept, not refused)."""
    return SINGLE_LINE_FORBIDDEN.sub(" ", value)


def line_separators_to_newlines(value):
    """U+2028/U+2029 in a multi-line text are line breaks: make them ordinary ones."""
    return LINE_SEPARATORS.sub("\n", value) if isinstance(value, str) else value


def single_line_message() -> str:
    from flask_babel import gettext as _

    return _("Line breaks, tabs and other control characters are not allowed here.")


def multi_line_message() -> str:
    from flask_babel import gettext as _

    return _("Control characters (other than line breaks and tabs) are not allowed here.")
