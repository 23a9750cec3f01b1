"""Error answers: JSON `{"error": {...}}` under /api/, a page elsewhere; never a bare 500 for bad input."""

import errno

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from lmb.extensions import db


class ServiceError(Exception):
    """A refusal by a domain service, with a message for the person (already translated).

    `field` names the form field it concerns, if any; `status` is the HTTP status the API uses.
    """

    status = 422
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ServiceError):
    status = 403
    code = "forbidden"


class StoredTextRefused(ServiceError):
    """A control character in a value on its way into the database (lmb.core.text)."""


class Conflict(ServiceError):
    status = 409
    code = "conflict"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _code_for(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_").replace("'", "")


def error_response(status: int, code: str, message: str, details=None):
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if details:
            body["error"]["details"] = details
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def _messages(error: HTTPException) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("Please log in first."),
        403: _("You are not allowed to see or change this."),
        404: _("This page does not exist."),
        405: _("This action is not possible here."),
        409: _("This conflicts with what is already stored."),
        413: _("The upload is too large."),
        422: _("Some of the input is not valid."),
        429: _("Too many attempts. Please wait a moment and try again."),
        503: _("The service is temporarily unavailable. Please try again in a minute."),
    }.get(error.code or 500, _("Something went wrong on our side."))


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(
            400,
            "csrf_failed",
            _(
                "The form expired or did not come from this site. Please reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # An abort leaves the view: what it changed before is not stored (one rollback).
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.close()
        details = None
        data = getattr(error, "data", None)
        if isinstance(data, dict) and "messages" in data:
            details = data["messages"]
        # abort(404, description="...") carries its own message; the class default does not.
        custom = error.description if error.description != type(error).description else None
        if error.code == 429:
            # The limiter describes its limit ("3 per 1 minute"); people get our sentence.
            custom = None
        message = custom or _messages(error)
        return error_response(error.code or 500, _code_for(error), message, details)

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        db.session.rollback()
        # The fields it concerns, in the shape of the API's input errors (details.json).
        fields = getattr(error, "fields", None) or (
            {error.field: [error.message]} if error.field else None
        )
        details = {"json": fields} if fields else None
        return error_response(error.status, error.code, error.message, details)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.close()
        app.logger.error("database unavailable: %s", error)
        message = _messages(ServiceUnavailable())
        if wants_json():
            response = error_response(503, "service_unavailable", message)[0]
        else:
            # A page that reads nothing from the database, not even the logged-in person.
            response = app.make_response(
                render_template("errors/unavailable.html", message=message)
            )
        response.status_code = 503
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(DataError)
    def database_refused_value(error):
        # A value the database cannot hold (out of range, bad encoding) that validation missed.
        db.session.rollback()
        app.logger.warning("database refused a value: %s", error)
        return error_response(400, "invalid_value", _("Some of the input is not valid."))

    @app.errorhandler(OSError)
    def storage_full(error: OSError):
        # A full disk anywhere in a request (uploads spool to the temporary folder while the
        # form is read) is said as such; any other OSError stays an internal error.
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise error
        db.session.rollback()
        app.logger.error("storage full: %s", error)
        return error_response(
            507,
            "insufficient_storage",
            _(
                "The storage space of the platform is full, so what you sent was not saved. "
                "Please try again later."
            ),
        )

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        return error_response(500, "internal_error", _("Something went wrong on our side."))
