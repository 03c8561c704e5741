import pytest

from thrivegrids.directory.geocoding import GazetteerGeocoder, get_geocoder
from thrivegrids.directory.models import Place


class FixedGeocoder:
    """A stand-in for a postcode service: every text is the same point."""

    def locate(self, text):
        return Place(name=f"Postcode {text}", slug="postcode", latitude=52.6, longitude=-1.5)


@pytest.mark.django_db
def test_gazetteer_geocoder_finds_a_place_by_name_or_slug():
    Place.objects.create(name="Valley Ford", slug="valley-ford", latitude=52.6, longitude=-1.5)

    geocoder = GazetteerGeocoder()

    assert geocoder.locate(" valley ford ").name == "Valley Ford"
    assert geocoder.locate("valley-ford").name == "Valley Ford"
    assert geocoder.locate("Atlantis") is None
    assert geocoder.locate("  ") is None


def test_the_geocoder_is_chosen_by_setting(settings):
    settings.THRIVEGRIDS_GEOCODER = "tests.directory.test_geocoding.FixedGeocoder"

    assert get_geocoder().locate("ZZ1 1ZZ").name == "Postcode ZZ1 1ZZ"


@pytest.mark.django_db
def test_search_measures_from_what_the_configured_geocoder_returns(client, settings):
    settings.THRIVEGRIDS_GEOCODER = "tests.directory.test_geocoding.FixedGeocoder"

    response = client.get("/services/?place=ZZ1+1ZZ")

    assert response.status_code == 200
    assert "Postcode ZZ1 1ZZ" in response.content.decode()
