"""The health check, and helpers every domain's views use."""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy import text
from werkzeug.routing import IntegerConverter

from lmb.core import answers
from lmb.core.errors import ServiceError
from lmb.core.uploads import content_disposition
from lmb.extensions import csrf, db

blueprint = Blueprint("core", __name__)


class IdConverter(IntegerConverter):
    """`<id:name>`: a row id that fits the database's INTEGER, so huge numbers are a 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after a form; anything pointing elsewhere becomes `default`."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def show_service_error(form, error: ServiceError) -> None:
    """Put a service's refusal next to the field it concerns, or at the top of the page (a
    refusal of several fields at once carries them in `fields`). A form whose fields are named
    otherwise than the service's maps them in its `service_fields`."""
    renamed = getattr(form, "service_fields", {})
    for name, messages in refusals_of(error).items():
        field = getattr(form, renamed.get(name, name), None) if name else None
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            for message in messages:
                flash(message, "error")


def refused(form, check) -> bool:
    """Run `check`, a service's rules for a save without saving (its `check_...`): True, with
    the refusal on its field, when the save would refuse. A form that asks before it mails a
    group (check_answers) runs it first, so a person is never asked "12 people get an invite,
    sure?" and then told the input is wrong. The save keeps refusing too: the data may change
    between the question and "yes"."""
    try:
        check()
    except ServiceError as error:
        show_service_error(form, error)
        return True
    return False


def refusals_of(error: ServiceError) -> dict:
    """The refusal's messages by field (None: not about one field)."""
    return getattr(error, "fields", None) or {error.field: [error.message]}


DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}


def download(body, filename: str, mimetype: str | None = None) -> Response:
    """A file to save, never shown inline: exports, spreadsheets, a person's data.

    Any `filename` is safe (titles with quotes, slashes, line breaks, emoji): the header holds
    an ASCII fallback and the UTF-8 name (lmb.core.uploads.content_disposition)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = Response(body, content_type=mimetype or DOWNLOAD_TYPES[extension])
    response.headers["Content-Disposition"] = content_disposition(
        filename, default=f"download.{extension}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def flash_outcome(action, success_message: str) -> bool:
    """Run a service call for a button: its refusal or `success_message` is flashed."""
    try:
        action()
    except ServiceError as error:
        flash(error.message, "error")
        return False
    flash(success_message, "success")
    return True


CONFIRMED = "confirmed"
# What a question does not carry on from the POST before it (each page has its own).
NOT_CARRIED = ("csrf_token", CONFIRMED, answers.FIELD)


def asks_first(view):
    """The POST of a destructive or mass-mail action acts only when it comes from its
    confirmation page (`confirm.html` sends `confirmed=yes`). Any other POST (an old form, a
    button that forgot to link to the question) is sent to the question: a 303 to the GET of
    the same URL, carrying the form's values (the organization to merge into, the
    submission to release) in its query, so nothing happens before someone said yes."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method == "POST" and request.form.get(CONFIRMED) != "yes":
            values = [
                (name, value)
                for name, value in request.form.items(multi=True)
                if name not in NOT_CARRIED
            ]
            query = urlencode(values)
            return redirect(request.path + (f"?{query}" if query else ""), 303)
        if request.method == "POST":
            answers.use_answer()
        return view(*args, **kwargs)

    wrapper.asks_first = True
    return wrapper


def confirm_page(
    *,
    title: str,
    consequences: list[str],
    action: str | None,
    button: str,
    back: str,
    form=None,
    warning: str | None = None,
    hidden: dict | list | None = None,
    change: str | None = None,
    status: int = 200,
):
    """A page that asks before a destructive or mass-mail action (GOV.UK's confirmation
    pattern): what will happen, in numbers, and the one form that POSTs to `action`.

    The GET of an action's own URL shows it; the buttons elsewhere link here, so the POST
    comes only from this page. `form` adds its fields (a reason to give), `hidden` values
    the action needs (the phase the preview was made in). Without an `action` (the action
    is not possible now) the page says why and `button` leads back. `change` (a form's
    check_answers) adds a second button that takes the typed values back to their form."""
    return render_template(
        "confirm.html",
        title=title,
        consequences=consequences,
        action=action,
        button=button,
        back=back,
        form=form,
        warning=warning,
        hidden=[
            *(hidden.items() if isinstance(hidden, dict) else hidden or []),
            *([(answers.FIELD, answers.new_token())] if action else []),
        ],
        change=change,
        multipart=form is not None and any(f.type == "FileField" for f in form),
    ), status


def answer() -> str | None:
    """What the question of `check_answers` was answered: "yes", "change" or None (not asked).
    A "yes" is recorded (lmb.core.answers): the same answer sent twice is refused the second
    time, before anything is saved or mailed again."""
    if request.method != "POST":
        return None
    given = request.form.get(CONFIRMED)
    if given == "yes":
        answers.use_answer()
    return given


def status_of(form) -> int:
    """422 for a form sent back with its errors; 200 for one taken back from its question
    ("No, change the form": `check_answers`) or shown for the first time."""
    return 422 if form.is_submitted() and answer() != "change" else 200


def check_answers(*, title: str, consequences: list[str], button: str, back: str, form=None):
    """A form whose save mails a group asks once more, after its values passed their checks:
    what will happen, with the values typed carried as hidden fields. "Yes" POSTs them again
    to the same URL with `confirmed=yes`; "change" takes them back to the form (the view shows
    it filled in when `answer()` is "change"), so nothing typed is lost. A chosen file cannot
    travel as a hidden field: `form` holds its field, to be chosen again on the question."""
    values = [
        (name, value) for name, value in request.form.items(multi=True) if name not in NOT_CARRIED
    ]
    return confirm_page(
        title=title,
        consequences=consequences,
        action=request.path,
        button=button,
        back=back,
        hidden=values,
        change=_("No, change the form"),
        form=form,
    )


@blueprint.get("/healthz")
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure to reach the database means "down"
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
