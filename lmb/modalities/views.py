"""The wegwijzer: the table of the 8 modalities, the chooser that ranks them, a page per modality."""

from flask import Blueprint, abort, render_template, request

from lmb.core.errors import ServiceError
from lmb.modalities import document, ranking, services
from lmb.modalities.forms import ChooserForm
from lmb.modalities.models import CHARACTERISTIC_KEYS, CHARACTERISTICS, DETAILS, SCORE_SYMBOLS

blueprint = Blueprint("modalities", __name__)


@blueprint.get("/wegwijzer")
def wegwijzer():
    form = ChooserForm(request.args)
    modalities = services.modalities()
    ranked = None
    status = 200
    asked = any(key in request.args for key in CHARACTERISTIC_KEYS)
    if asked:
        if form.validate():
            try:
                ranked = ranking.rank(modalities, form.weights())
            except ServiceError as error:
                form.form_errors.append(error.message)
                status = 422
        else:
            status = 422
    return render_template(
        "modalities/wegwijzer.html",
        modalities=modalities,
        characteristics=CHARACTERISTICS,
        details=DETAILS,
        symbols=SCORE_SYMBOLS,
        document=document,
        form=form,
        ranked=ranked,
    ), status


@blueprint.get("/wegwijzer/<slug>")
def modality(slug: str):
    modality = services.modality_by_slug(slug)
    if modality is None:
        abort(404)
    return render_template(
        "modalities/modality.html",
        modality=modality,
        characteristics=CHARACTERISTICS,
        details=DETAILS,
        symbols=SCORE_SYMBOLS,
    )
