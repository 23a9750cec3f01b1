"""Home, catalogue, track and programme pages show the seeded programme."""

from tests.tracks.test_seed import TRACK_TITLES


def test_home_shows_programmes_tracks_and_what_comes_next(browser, seeded):
    page = browser.get("/").get_data(as_text=True)
    assert "Lokaal Mondiaal Beleid in de praktijk" in page
    assert "SDG-partnerschappen" in page
    for title in TRACK_TITLES:
        assert title in page
    assert "Inspiratiedag" in page


def test_catalogue_and_track_page_show_phases_and_description(browser, seeded):
    catalogue = browser.get("/tracks/").get_data(as_text=True)
    for title in TRACK_TITLES:
        assert title in catalogue
    page = browser.get("/tracks/duurzaam-bankieren").get_data(as_text=True)
    assert "Hoe kan de stad/gemeente duurzaam met haar financiën omgaan?" in page
    for phase in ("Labo", "Voedingsbodem", "Uitrol"):
        assert phase in page


def test_programme_page_lists_milestones(browser, seeded):
    page = browser.get("/programmes/sdg-partnerschappen").get_data(as_text=True)
    assert "do 15 sep 2022" in page
    assert "najaar 2022" in page and "2026" in page
    assert "najaar 2026" not in page  # the document gives only the first meeting's season


def test_unknown_track_is_404(browser, seeded):
    assert browser.get("/tracks/bestaat-niet").status_code == 404
