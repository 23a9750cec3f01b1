"""/api/v1/modalities: the 8 modalities of the keuzemenu, ranked by the wegwijzer's weights."""

from flask import url_for
from marshmallow import Schema, fields, validate

from lmb.api.partnerships import blueprint
from lmb.api.schemas import PageArgsSchema, PageSchema
from lmb.api.views import _page
from lmb.modalities import ranking
from lmb.modalities import services as modalities
from lmb.modalities.models import CHARACTERISTIC_KEYS, SCORE_SYMBOLS


class ModalityArgsSchema(PageArgsSchema):
    weights = fields.String(
        validate=validate.Length(max=400),
        metadata={
            "description": "Rank by weights per characteristic, each -3 to 3 (negative: less is "
            "better, e.g. budget:-2 for a low budget): " + ", ".join(CHARACTERISTIC_KEYS),
            "example": "governance:3,reciprocity:3,budget:-1",
        },
    )


class ModalitySchema(Schema):
    slug = fields.String(required=True)
    position = fields.Integer(required=True, metadata={"description": "Order in the keuzemenu"})
    name = fields.String(required=True)
    table_label = fields.String(required=True)
    name_en = fields.String(required=True, metadata={"description": "In English; may be empty"})
    table_label_en = fields.String(required=True)
    name_fr = fields.String(required=True, metadata={"description": "In French; may be empty"})
    table_label_fr = fields.String(required=True)
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Wegwijzer scores: -1 (-), 1 (+), 2 (++), 3 (+++)"},
    )
    symbols = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    examples = fields.List(fields.String(), required=True, metadata={"description": "Titles"})
    url = fields.String(required=True)
    rank = fields.Integer(metadata={"description": "With ?weights=: 1 is the best fit"})
    points = fields.Integer(
        metadata={
            "description": "With ?weights=: the sum over the weighed characteristics of weight × "
            "score, or for a negative weight (less is better) |weight| × (3 − score)"
        }
    )
    reasons = fields.List(fields.String(), metadata={"description": "Why this rank, in words"})


class ModalityPageSchema(PageSchema):
    weights = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    items = fields.List(fields.Nested(ModalitySchema), required=True)


def _modality_data(modality) -> dict:
    return {
        "slug": modality.slug,
        "position": modality.position,
        "name": modality.name,
        "table_label": modality.table_label,
        "name_en": modality.name_en,
        "table_label_en": modality.table_label_en,
        "name_fr": modality.name_fr,
        "table_label_fr": modality.table_label_fr,
        "scores": modality.scores,
        "symbols": {key: SCORE_SYMBOLS[score] for key, score in modality.scores.items()},
        "examples": [example["title"] for example in modality.examples],
        "url": url_for("modalities.modality", slug=modality.slug, _external=True),
    }


@blueprint.route("/modalities")
@blueprint.arguments(ModalityArgsSchema, location="query")
@blueprint.response(200, ModalityPageSchema)
@blueprint.alt_response(422, schema="Error", description="Invalid weights (code `invalid_weights`)")
def list_modalities(args: dict):
    """The 8 modalities of the keuzemenu with their Wegwijzer scores; `?weights=` ranks them"""
    found = modalities.modalities()
    if "weights" not in args:
        page = _page([_modality_data(m) for m in found], args)
        page["weights"] = None
        return page
    weights = ranking.parse_weights(args["weights"])
    items = []
    for ranked in ranking.rank(found, weights):
        data = _modality_data(ranked.modality)
        data.update(rank=ranked.rank, points=ranked.points, reasons=ranked.reasons)
        items.append(data)
    page = _page(items, args)
    page["weights"] = weights
    return page
