"""Whoever lands on a track's waiting list gets a mail with their place, in their own
language (issue 16), through the outbox, delivered to a real SMTP server."""

from lmb.extensions import db
from lmb.tracks import services
from tests.builders import create_open_track, create_person


def test_a_place_on_the_waiting_list_is_mailed_in_the_persons_language(
    app, smtp_server, flush_outbox
):
    with app.app_context():
        track = create_open_track(capacity=1, title="Wereldburgerschap")
        first = create_person("eerste@example.org")
        sanne = create_person("sanne@example.org", locale="nl")
        emma = create_person("emma@example.org", locale="en")
        for person in (first, sanne, emma):
            services.register(person, track)
        db.session.commit()
        db.session.remove()
    flush_outbox()

    # The one with a place gets no waiting-list mail.
    assert not [m for m in smtp_server.to("eerste@example.org") if "wachtlijst" in m["Subject"]]
    [dutch] = smtp_server.to("sanne@example.org")
    assert dutch["Subject"] == "U staat op plaats 1 van de wachtlijst voor Wereldburgerschap"
    text = smtp_server.text_of(dutch)
    assert "u hebt plaats 1" in text and "/tracks/testtraject" in text
    [english] = smtp_server.to("emma@example.org")
    assert english["Subject"] == "You are number 2 on the waiting list for Wereldburgerschap"
    text = smtp_server.text_of(english)
    assert "you hold place 2" in text and "first person on the waiting list" in text


def test_a_moderated_track_says_the_coordinators_confirm(app, smtp_server, flush_outbox):
    with app.app_context():
        track = create_open_track(capacity=5)
        track.moderated = True
        services.register(create_person("wacht@example.org"), track)
        db.session.commit()
        db.session.remove()
    flush_outbox()
    [mail] = smtp_server.to("wacht@example.org")
    assert "bevestigen de inschrijvingen zelf" in smtp_server.text_of(mail)
