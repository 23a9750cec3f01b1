"""The JSON API (/api/v1) and its OpenAPI document (/api/openapi.json), generated from the code.

Thin: every endpoint calls the domain services that the pages use.
"""

from flask import Flask
from flask_smorest import Api

from lmb.api.schemas import ErrorSchema


class JsonApi(Api):
    """flask-smorest's Api, answering errors our way: lmb.core.errors handles them app-wide."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


def register_api(app: Flask) -> JsonApi:
    # The endpoints of tracks, sessions and registrations join the "api" blueprint, in the
    # order the OpenAPI document lists them.
    # isort: off
    import lmb.api.tracks  # noqa: F401
    import lmb.api.programmes  # noqa: F401
    import lmb.api.sessions  # noqa: F401
    import lmb.api.registrations  # noqa: F401

    # isort: on
    from lmb.api.evaluations import blueprint as evaluations
    from lmb.api.partnerships import blueprint as partnerships
    from lmb.api.peer_review import blueprint as peer_review
    from lmb.api.toolkits import blueprint as toolkits_blueprint
    from lmb.api.views import blueprint
    from lmb.extensions import csrf

    api = JsonApi(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "The JSON API of LMB Leertrajecten. Authenticate with "
                    "`Authorization: Bearer <token>` (create a token on your profile page)."
                )
            }
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "An API token"}
    )
    # Bearer tokens, not cookies, authenticate the API: there is no cross-site form to forge.
    for part in (blueprint, peer_review, partnerships, toolkits_blueprint, evaluations):
        csrf.exempt(part)
        api.register_blueprint(part)
    return api
