"""The wegwijzer: the table of the 8 modalities and a page per modality."""

from flask import Blueprint, abort, render_template

from lmb.modalities import services
from lmb.modalities.models import CHARACTERISTICS, SCORE_SYMBOLS

blueprint = Blueprint("modalities", __name__)


@blueprint.get("/wegwijzer")
def wegwijzer():
    return render_template(
        "modalities/wegwijzer.html",
        modalities=services.modalities(),
        characteristics=CHARACTERISTICS,
        symbols=SCORE_SYMBOLS,
    )


@blueprint.get("/wegwijzer/<slug>")
def modality(slug: str):
    modality = services.modality_by_slug(slug)
    if modality is None:
        abort(404)
    return render_template(
        "modalities/modality.html",
        modality=modality,
        characteristics=CHARACTERISTICS,
        symbols=SCORE_SYMBOLS,
    )
