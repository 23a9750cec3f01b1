"""Content partners read together holds French beside Dutch (issue 18): an activity's title
and description in French are shown to French readers; without them French readers get the
Dutch, marked with its language, and the page says some content is only available in Dutch."""

from sqlalchemy import select

from lmb.accounts.models import User
from lmb.extensions import db
from lmb.partnerships.models import PartnershipActivity
from tests.partnerships import test_partners_as_equals as equals

EMAILS, as_role = equals.EMAILS, equals.as_role
world = equals.world  # the fixture: Merelbeke–Huye with an activity on each side

NOTICE = "data-untranslated"


def edit_in_french(app, make_browser, activity_id, **french):
    with app.app_context():
        a = db.session.get(PartnershipActivity, activity_id)
        form = {
            "title": a.title,
            "description": a.description,
            "starts_on": a.starts_on.isoformat(),
            "ends_on": a.ends_on.isoformat(),
            "side": a.side.name,
            "planned_amount": str(a.planned_amount),
            "spent_amount": str(a.spent_amount),
            **french,
        }
        db.session.remove()
    staff = as_role(make_browser, "coordinator")
    return staff.submit(f"/partnerships/activities/{activity_id}/edit", form)


def reads_french(app):
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == EMAILS["partner"]))
        person.locale = "fr"
        db.session.commit()
        db.session.remove()


def test_french_readers_get_the_french_text_and_dutch_readers_the_dutch(app, world, make_browser):
    response = edit_in_french(
        app,
        make_browser,
        world["partner_activity"],
        title_fr="Comités de quartier",
        description_fr="Les comités de quartier de Huye se réunissent.",
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(PartnershipActivity, world["partner_activity"])
        assert (saved.title, saved.title_fr) == ("Wijkcomités", "Comités de quartier")
        db.session.remove()
    reads_french(app)
    partner = as_role(make_browser, "partner")
    page = partner.get(f"/partnerships/{world['slug']}").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "<span>Comités de quartier</span>" in page and "Wijkcomités" not in page
    # The other activity has no French: the Dutch, marked as Dutch, and the notice.
    assert '<span lang="nl">Bezoek aan Huye</span>' in page
    assert NOTICE in page

    flemish = as_role(make_browser, "flemish")
    page = flemish.get(f"/partnerships/{world['slug']}").get_data(as_text=True)
    assert "Wijkcomités" in page and "Comités de quartier" not in page
    assert NOTICE not in page


def test_with_every_activity_in_french_none_is_marked_as_dutch(app, world, make_browser):
    for key, title in (
        ("partner_activity", "Comités de quartier"),
        ("flemish_activity", "Visite à Huye"),
    ):
        assert edit_in_french(app, make_browser, world[key], title_fr=title).status_code == 302
    reads_french(app)
    partner = as_role(make_browser, "partner")
    page = partner.get(f"/partnerships/{world['slug']}").get_data(as_text=True)
    assert "<span>Visite à Huye</span>" in page and "<span>Comités de quartier</span>" in page
    assert "Bezoek aan Huye" not in page and "Wijkcomités" not in page
    # The link to record spending on her side's activity names it in French too.
    assert '<span class="visually-hidden"> Comités de quartier</span>' in page
