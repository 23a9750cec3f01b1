"""/api/v1 endpoints of the keuzemenu (modalities.py: the modalities and their ranking), SDG
partnerships (partnerships.py), outcome records (outcomes.py) and the steering group
(steering.py). One blueprint; the modules add their routes to it. Amounts are exact decimal
strings ("17500.00"), never floats."""

from flask_smorest import Blueprint
from marshmallow import fields

blueprint = Blueprint(
    "api_partnerships",
    __name__,
    url_prefix="/api/v1",
    description="Keuzemenu, SDG partnerships, outcome harvesting",
)

Money = fields.String  # exact decimals as text, e.g. "35000.00"

# The route modules, in the order of the document (OpenAPI) and the URL map.
from lmb.api.partnerships import modalities, partnerships  # noqa: E402, F401, I001  (routes)
from lmb.api.partnerships import outcomes, steering  # noqa: E402, F401, I001  (routes)
