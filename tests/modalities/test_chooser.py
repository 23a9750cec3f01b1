"""The wegwijzer's chooser: weights per characteristic rank the 8 modalities as the table
implies, with a reason for each place, on the page and in the API."""

import pytest

from lmb.extensions import db
from lmb.modalities import ranking, services


def ranked_slugs(app, weights):
    with app.app_context():
        result = ranking.rank(services.modalities(), weights)
        db.session.remove()
    return [(r.rank, r.modality.slug, r.points) for r in result]


def test_reciprocity_and_governance_with_any_budget_puts_stedenband_first(app, seeded):
    result = ranked_slugs(app, {"governance": 3, "reciprocity": 3})
    # Table: stedenband +++/+++ (18), expertise-uitwisseling ++/++ (12), then +/++ rows (9).
    assert result[:2] == [(1, "stedenband", 18), (2, "expertise-uitwisseling", 12)]
    assert [slug for _, slug, points in result if points == 9] == [
        "indirecte-samenwerking",
        "private-sector",
        "mondiale-netwerken",
    ]
    assert result[-1][1] == "humanitaire-hulp"  # - and + : 0


def test_a_low_budget_costs_the_stedenband_its_first_place(app, seeded):
    result = ranked_slugs(app, {"reciprocity": 3, "budget": -3})
    # Stedenband: 3·3 + 3·(3−3) = 9; the ++ reciprocity / + budget rows: 6 + 3·(3−1) = 12.
    assert result[:4] == [
        (1, "jumelage", 12),
        (1, "private-sector", 12),
        (1, "mondiale-netwerken", 12),
        (1, "expertise-uitwisseling", 12),
    ]
    assert (5, "stedenband", 9) in result


def test_civil_society_and_global_citizenship_favour_international_youth_work(app, seeded):
    result = ranked_slugs(app, {"civil_society": 3, "citizenship": 3})
    assert result[0] == (1, "internationale-jeugdwerking", 18)


def test_the_private_sector_profile_puts_private_sector_cooperation_first(app, seeded):
    assert ranked_slugs(app, {"private_sector": 3})[0] == (1, "private-sector", 9)


def test_short_term_and_low_budget_favour_humanitarian_aid(app, seeded):
    result = ranked_slugs(app, {"term": -3, "budget": -3})
    # Humanitaire hulp: term + and budget +: 3·(3−1) + 3·(3−1) = 12, the least demanding row;
    # the stedenband asks +++ of both: 0, and no negative points for a wish for less.
    assert result[0] == (1, "humanitaire-hulp", 12)
    assert result[-1] == (8, "stedenband", 0)


def test_each_place_is_explained_in_words(app, seeded):
    with app.app_context():
        first, second, *_ = ranking.rank(
            services.modalities(), {"governance": 3, "reciprocity": 3, "budget": -1}
        )
        assert first.reasons[0].startswith("Op de eerste plaats met 18 punten")
        assert "Minpunt: Budget is groot (+++); u zoekt een eerder beperkt budget (0 punten)." in (
            first.reasons
        )
        assert (
            "Pluspunt: Wederkerigheid is sterk (+++); u vindt dit zeer belangrijk (+9 punten)."
            in first.reasons
        )
        assert second.reasons[0].startswith(
            "Plaats 2 met 14 punten, 4 punten minder dan Stedenband"
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


@pytest.mark.parametrize(
    "text",
    [
        "foo:3",
        "governance:9",
        "governance:x",
        "governance",
        "governance:3,governance:1",
        "governance:0",
        "",
        "governance:²",
        "<script>:1",
    ],
)
def test_bad_weights_are_refused(app, text):
    with app.app_context(), pytest.raises(ranking.InvalidWeights):
        ranking.parse_weights(text)


def test_weights_are_read_with_their_signs():
    assert ranking.parse_weights("governance:3, reciprocity:+3 ,budget:-1") == {
        "governance": 3,
        "reciprocity": 3,
        "budget": -1,
    }


def test_the_api_ranks_the_same_way(browser, seeded):
    response = browser.get("/api/v1/modalities?weights=governance:3,reciprocity:3,budget:-1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 8 and body["weights"] == {
        "governance": 3,
        "reciprocity": 3,
        "budget": -1,
    }
    assert [(i["rank"], i["slug"], i["points"]) for i in body["items"][:2]] == [
        (1, "stedenband", 18),
        (2, "expertise-uitwisseling", 14),
    ]
    assert body["items"][0]["reasons"] and body["items"][0]["scores"]["budget"] == 3
    assert body["items"][0]["name"] == "Stedenband"
    assert body["items"][0]["table_label_en"] == "City partnership (stedenband)"
    assert body["items"][0]["table_label_fr"] == "Partenariat de ville à ville (stedenband)"
    assert "Stedenband Roeselare – Dogbo" in body["items"][0]["examples"]
    plain = browser.get("/api/v1/modalities").get_json()
    assert [i["slug"] for i in plain["items"]][0] == "stedenband" and "rank" not in plain["items"][
        0
    ]


@pytest.mark.parametrize(
    "query", ["weights=foo:3", "weights=budget:-9", "weights=governance:0", "weights=" + "x" * 500]
)
def test_the_api_answers_bad_weights_with_a_json_error(browser, seeded, query):
    response = browser.get(f"/api/v1/modalities?{query}")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] in ("invalid_weights", "unprocessable_entity") and error["message"]


def test_the_page_ranks_and_shows_reasons_and_examples(browser, seeded):
    response = browser.get("/wegwijzer?governance=3&reciprocity=3&budget=0")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Uw rangschikking" in page
    ranking_part = page[page.index('id="ranking"') :]
    assert ranking_part.index("Stedenband") < ranking_part.index("Korte termijn expertise")
    assert "Op de eerste plaats met 18 punten" in page
    assert "De werkvormen sluiten elkaar niet uit" in ranking_part
    assert "Stedenband Roeselare – Dogbo" in ranking_part
    # The table itself is still there, with words next to the symbols.
    assert "<caption" in page and "sterk (+++)" in page


@pytest.mark.parametrize(
    "query", ["governance=9", "budget=abc", "governance=0&reciprocity=0", "budget=3"]
)
def test_the_page_shows_a_form_error_for_bad_weights(browser, seeded, query):
    response = browser.get(f"/wegwijzer?{query}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and "Uw rangschikking" not in page


def test_a_nul_byte_in_the_query_is_refused_before_the_chooser(browser, seeded):
    assert browser.get("/wegwijzer?term=%00").status_code == 400
