"""The guard: every column that refers to a person or an organization is covered by exactly
one registered domain, which exports and erases it; a new reference nobody covers fails."""

import pytest
from sqlalchemy import Column, ForeignKey, Integer, Table

from lmb.accounts import privacy
from lmb.extensions import db


def uncovered() -> list[str]:
    covered = privacy.covered_columns()
    return [f"{t}.{c}" for t, c, _ in privacy.references() if f"{t}.{c}" not in covered]


def test_every_reference_to_a_user_or_organization_is_covered_by_one_domain(app):
    with app.app_context():
        references = privacy.references()
        assert len(references) >= 38
        assert {target for _, _, target in references} == {"users", "organizations"}
        assert uncovered() == [], (
            "these columns refer to a person or an organization, but no domain says how it "
            "exports and erases them: register them with lmb.accounts.privacy.register(covers=...)"
        )
        existing = {f"{t}.{c}" for t, c, _ in references} | {"users.id"}
        covered = privacy.covered_columns()
        assert sorted(set(covered) - existing) == [], "declared, but no such reference"
        assert {c: keys for c, keys in covered.items() if len(keys) > 1} == {}
        for column, how in privacy.coverage().items():
            target = dict(((t, c), tg) for t, c, tg in references).get(tuple(column.split(".")))
            # An organization's column is never handled as a person's, nor the reverse.
            assert (how.handling is privacy.Handling.organization) == (target == "organizations"), (
                column
            )


def test_each_domain_both_exports_and_erases(app):
    with app.app_context():
        for domain in privacy.domains():
            assert domain.export is not None, domain.key
            personal = [
                c
                for c, how in domain.covers.items()
                if how.handling is not privacy.Handling.organization
            ]
            if personal:
                assert domain.erase is not None, domain.key
            assert str(domain.title) and str(domain.on_erasure)


def test_a_new_reference_that_no_domain_covers_fails_the_guard(app):
    with app.app_context():
        table = Table(
            "unguarded_notes",
            db.metadata,
            Column("id", Integer, primary_key=True),
            Column("written_by_id", ForeignKey("users.id")),
            Column("about_id", ForeignKey("organizations.id")),
        )
        try:
            assert uncovered() == ["unguarded_notes.about_id", "unguarded_notes.written_by_id"]
        finally:
            db.metadata.remove(table)
        assert uncovered() == []


def test_a_domain_is_registered_once(app):
    with app.app_context(), pytest.raises(ValueError):
        privacy.register("tracks", "again", on_erasure="", covers={})
