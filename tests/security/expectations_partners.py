"""The matrix's entries for partners as equals (issues 16, 18); see expectations.py. In the
scene nobody is a member of the partnership's municipalities or of a partner association, so
writing a part, handing it in and proposing an activity are nobody's there; the staff follow
every partnership and confirm or decline proposals (a confirmed activity: refused, nothing
changes)."""

from tests.security.expectations import APPLICANT, STAFF

NOBODY = frozenset()

PARTNER_EXPECTED = {
    "GET /partnerships/<slug>/reports/<kind>": STAFF,
    "POST /partnerships/<slug>/reports/<kind>": NOBODY,
    "GET /partnerships/<slug>/reports/deadlines": STAFF,
    "POST /partnerships/<slug>/reports/deadlines": STAFF,
    "GET /partnerships/reports/parts/<id:part_id>/hand-in": NOBODY,
    "POST /partnerships/reports/parts/<id:part_id>/hand-in": NOBODY,
    "GET /partnerships/<slug>/proposals/new": NOBODY,
    "POST /partnerships/<slug>/proposals/new": NOBODY,
    "POST /partnerships/activities/<id:activity_id>/confirm": STAFF,
    "GET /partnerships/activities/<id:activity_id>/decline": STAFF,
    "POST /partnerships/activities/<id:activity_id>/decline": STAFF,
    "GET /partnerships/activities/<id:activity_id>/spending": STAFF,
    "POST /partnerships/activities/<id:activity_id>/spending": STAFF,
    "GET /partnerships/applications/<id:application_id>/decision": APPLICANT,
    "GET /partnerships/countries/<country>": STAFF,
}
