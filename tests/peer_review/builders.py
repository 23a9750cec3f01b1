"""A review round with three municipalities, and documents of each kind (inside an app context)."""

import io
import zipfile
from datetime import UTC, datetime, timedelta

from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import CriterionKind, RoundPhase
from tests.builders import create_person, create_track, make_coordinator, registered

MUNICIPALITIES = ("Gemeente Mol", "Stad Gent", "Stad Roeselare")


def pdf_bytes(text: str = "Meerjarenplan") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def build_round(*, phase=RoundPhase.submission, k=2, names=None, now=None, slug="sdg-plannen"):
    """Track, coordinator, one participant per municipality, a round with two criteria.

    Returns a dict: track, coordinator, people (by municipality), round."""
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    track = create_track(slug, "SDG's in het meerjarenplan")
    coordinator = make_coordinator(f"coordinator@{slug}.example.org", track)
    people = {}
    for name in MUNICIPALITIES:
        short = name.split()[-1].lower()
        person = create_person(f"{short}@{slug}.example.org", organization=name)
        registered(person, track)
        people[short] = person
    fields = {
        "title": "Peer review meerjarenplannen",
        "deliverable": "meerjarenplan 2020-2025: SDG-integratie",
        "submission_deadline": now + timedelta(days=10),
        "review_deadline": now + timedelta(days=20),
        "reviews_per_submission": k,
    }
    if names is not None:
        fields["names"] = names
    round_ = services.create_round(by=coordinator, track=track, **fields)
    services.save_criterion(
        round_,
        by=coordinator,
        title="Integratie van de SDG's",
        kind=CriterionKind.levels,
        levels=[
            "SDG's enkel als label",
            "Enkele koppelingen",
            "Doelen verbonden",
            "SDG's sturen keuzes",
        ],
        weight=2,
    )
    services.save_criterion(
        round_, by=coordinator, title="Participatie", kind=CriterionKind.yes_no, weight=1
    )
    order = list(RoundPhase)
    while order.index(round_.phase) < order.index(phase):
        if round_.phase is RoundPhase.submission:
            for person in people.values():
                submit(round_, person)
        services.switch_phase(round_, by=coordinator)
    db.session.commit()
    return {"track": track, "coordinator": coordinator, "people": people, "round": round_}


def submit(round_, person, data=None, filename="plan.pdf"):
    submission = services.submit(
        round_,
        by=person,
        summary=f"Plan van {person.organization.name}",
        document=io.BytesIO(data or pdf_bytes()),
        filename=filename,
    )
    db.session.commit()  # services add and flush; the caller (this builder) commits
    return submission


def answers(round_, value_levels=2, value_yes=1, comment="Goed"):
    levels, yes_no = round_.criteria
    return {
        levels.id: services.Answer(value_levels, comment, "p. 3"),
        yes_no.id: services.Answer(value_yes, comment, ""),
    }
