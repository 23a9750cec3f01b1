"""What a line of text a person typed may hold: no control characters.

A single-line value (a name, title, place, organization, subject, file name, tag ...) holds no
C0 control character (tab and line breaks included), no DEL, no C1 control character
(U+0080-U+009F), no Unicode line or paragraph separator (U+2028, U+2029) and no direction
override, embedding or isolate: in a mail header, a calendar line or a spreadsheet cell they
break lines, jam the message or disguise what follows. A
multi-line value may hold tabs and line breaks (\\n, \\r) but no other control character.

Forms (lmb.core.forms.Form) and API schemas (lmb.api.schemas.InputSchema) apply this rule to
every text field, with a message on the field; the models apply it to every short text column
whatever path a value takes (the command line, a seed, a service: see guard_stored_text below);
uploads.safe_filename and the migration that cleaned stored values use it too.
"""

import re

# The direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069) too: in a
# name, subject or organization they turn the text after them around, so that a mail or page
# shows something else than what it holds.
SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_SEPARATORS = re.compile("[\u2028\u2029]")


def has_forbidden_characters(value: str, *, multiline: bool = False) -> bool:
    pattern = MULTI_LINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    return bool(pattern.search(value))


def refuse(value, *, multiline: bool = False, field: str | None = None) -> None:
    """StoredTextRefused (a ServiceError, with the rule's message) when `value` breaks the
    rule; for a service that takes text without a form or a model attribute in between."""
    if isinstance(value, str) and has_forbidden_characters(value, multiline=multiline):
        from lmb.core.errors import StoredTextRefused

        raise StoredTextRefused(
            multi_line_message() if multiline else single_line_message(), field=field
        )


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


# The database holds to the same rule, whatever path a value takes (a form, the API, the
# command line, a seed, a service): the short text columns (String, not Text) are single-line
# unless listed here. Setting such an attribute of a model to a value with a forbidden
# character raises StoredTextRefused (a ServiceError: a 422 with the message on the web and
# the API, an error on the command line), so nothing can store it.

# Filled by the application itself (hashes, keys, codes, the connection's address): no person
# types them. The outbox is written by lmb.notifications.outbox.enqueue, which makes each
# subject one line itself.
MACHINE_MADE_COLUMNS = frozenset(
    {
        "api_tokens.token_hash",
        "api_tokens.prefix",
        "lesson_attachments.stored_name",
        "lesson_attachments.kind",
        "login_throttles.client_address",
        "milestones.key",
        "news_items.key",
        "review_submission_versions.stored_name",
        "review_submission_versions.kind",
        "review_submission_versions.sha256",
        "sessions.uid",
        "toolkits.language",
        "user_sessions.secret_hash",
        "users.locale",
        "users.password_hash",
        "users.calendar_salt",
        "users.calendar_token_hash",
    }
)
MACHINE_MADE_TABLES = frozenset({"outbound_messages"})
# Typed in a text area, kept in a short column: tabs and line breaks may stay.
MULTI_LINE_COLUMNS = frozenset({"review_assignments.decline_reason", "review_conflicts.note"})


def guarded_columns(mapper) -> list[tuple[str, bool]]:
    """(attribute, multiline) for each short text column of a mapped class that holds typed
    text."""
    from sqlalchemy import Enum, String, Text

    guarded = []
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        table = getattr(column, "table", None)
        if table is None or not isinstance(column.type, String):
            continue
        if isinstance(column.type, Text | Enum) or table.name in MACHINE_MADE_TABLES:
            continue
        name = f"{table.name}.{column.name}"
        if name not in MACHINE_MADE_COLUMNS:
            guarded.append((prop.key, name in MULTI_LINE_COLUMNS))
    return guarded


def guard_stored_text(base) -> None:
    """Make every mapped class under `base` refuse forbidden characters in its short text
    columns (see above); called once, before the mappers are configured."""
    from sqlalchemy import event

    def guard(key: str, multiline: bool):
        def check(target, value, oldvalue, initiator):
            refuse(value, multiline=multiline, field=key)

        return check

    @event.listens_for(base, "mapper_configured", propagate=True)
    def _guard(mapper, class_):
        for key, multiline in guarded_columns(mapper):
            event.listen(getattr(class_, key), "set", guard(key, multiline))
