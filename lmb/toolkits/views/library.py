"""The uitrol library, a toolkit's page, its versions and downloads."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lmb.core.cache import public_page
from lmb.core.permissions import guard, permission_required
from lmb.core.views import download
from lmb.toolkits import services
from lmb.toolkits.exports import labels_for
from lmb.toolkits.markup import to_html
from lmb.toolkits.models import (
    Toolkit,
    ToolkitKind,
)
from lmb.toolkits.permissions import can_edit_toolkit
from lmb.toolkits.views import (
    FORMAT,
    _number,
    _toolkit_or_404,
    blueprint,
)

# The uitrol library and a toolkit's page


@blueprint.get("/toolkits/")
@public_page
def uitrol():
    kind = request.args.get("kind", "")
    chosen = ToolkitKind[kind] if kind in ToolkitKind.__members__ else None
    every = services.published_toolkits()
    tracks_with_toolkits = sorted({t.track for t in every}, key=lambda track: track.number)
    track_id = _number("track")
    shown = [
        t
        for t in every
        if (chosen is None or t.kind is chosen) and (track_id is None or t.track_id == track_id)
    ]
    return render_template(
        "toolkits/uitrol.html",
        toolkits=shown,
        kind=chosen,
        kinds=ToolkitKind.choices(),
        tracks=tracks_with_toolkits,
        track_id=track_id,
    )


def _show(toolkit: Toolkit, document, version):
    return render_template(
        "toolkits/toolkit.html",
        toolkit=toolkit,
        document=document,
        labels=labels_for(document),
        markdown=to_html,
        version=version,
        can_edit=services.can_edit_toolkit(current_user, toolkit),
        formats=[("pdf", "PDF"), ("docx", "Word (DOCX)"), ("md", "Markdown"), ("html", "HTML")],
    )


@blueprint.get("/toolkits/<id:toolkit_id>")
@public_page
def toolkit(toolkit_id: int):
    toolkit = _toolkit_or_404(toolkit_id)
    version = services.latest_version(toolkit)
    if version is None:
        guard(can_edit_toolkit, current_user, toolkit, status=404)
        return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))
    return _show(toolkit, services.version_document(version), version)


@blueprint.get("/toolkits/<id:toolkit_id>/v<id:number>")
@public_page
def toolkit_version(toolkit_id: int, number: int):
    toolkit = _toolkit_or_404(toolkit_id)
    version = services.find_version(toolkit, number)
    if version is None:
        abort(404)
    return _show(toolkit, services.version_document(version), version)


def _download(document, fmt: str) -> Response:
    body, mimetype, filename = services.export(document, fmt)
    return download(body, filename, mimetype)


@blueprint.get(f"/toolkits/<id:toolkit_id>/v<id:number>.{FORMAT}")
def download_version(toolkit_id: int, number: int, fmt: str):
    version = services.find_version(_toolkit_or_404(toolkit_id), number)
    if version is None:
        abort(404)
    return _download(services.version_document(version), fmt)


@blueprint.get(f"/toolkits/<id:toolkit_id>/latest.{FORMAT}")
def download_latest(toolkit_id: int, fmt: str):
    version = services.latest_version(_toolkit_or_404(toolkit_id))
    if version is None:
        abort(404)
    return _download(services.version_document(version), fmt)


@blueprint.get(f"/toolkits/<id:toolkit_id>/draft.{FORMAT}")
@login_required
@permission_required(can_edit_toolkit, _toolkit_or_404)
def download_draft(toolkit, toolkit_id: int, fmt: str):
    return _download(services.draft_document(toolkit), fmt)
