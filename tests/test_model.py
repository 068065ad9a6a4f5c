"""The shared model: country resolver, donor registry, codelists and USD conversion."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model.codelists import codelist, is_known, label
from dashboard.model.countries import country_info, iso3_from_iso2, iso3_from_name, region_of
from dashboard.model.donors import DonorRegistry, normalise_ref
from dashboard.model.money import UnknownCurrency, normalise_currency, rate_table_source, to_usd


@pytest.mark.parametrize(("code", "iso3"), [("NA", "NAM"), ("XK", "XKX"), ("so", "SOM"), ("ZW", "ZWE"),
                                            ("", None), ("QQ", None)])
def test_iati_alpha2_codes(code: str, iso3: str | None) -> None:
    assert iso3_from_iso2(code) == iso3


@pytest.mark.parametrize(("name", "iso3"), [
    ("Republic of Korea", "KOR"), ("Côte d'Ivoire", "CIV"), ("Maroc", "MAR"), ("Marruecos", "MAR"),
    ("Türkiye", "TUR"), ("Kosovo", "XKX"), ("UK", "GBR"), ("DRC", "COD"), ("Niger", "NER"),
    ("Nigeria", "NGA"), ("NAM", "NAM"), ("Viet Nam", "VNM"), ("Ivory Coast", "CIV"),
    ("Western Balkans", None), ("Great Lakes", None), ("EU", None), ("", None),
])
def test_country_names_in_three_languages_and_their_traps(name: str, iso3: str | None) -> None:
    assert iso3_from_name(name) == iso3


def test_country_info_has_region_and_centroid() -> None:
    info = country_info("ZWE")
    assert info is not None and info.region == "Africa"
    assert -23 < info.lat < -15 and 25 < info.lon < 34
    assert region_of("XKX") == "Europe"
    assert country_info("QQQ") is None


@pytest.mark.parametrize("spelling", [
    "XM-DAC-701", "xm-dac-701", " XM-DAC-701 ", "XM DAC 701", "XM - DAC - 701", "XM\u2013DAC\u2013701",
    "XM-DAC-701-2", "xm-dac-701-8"])
def test_one_ref_spelled_many_ways_is_one_donor(spelling: str) -> None:
    assert DonorRegistry.from_reference().resolve("whatever they call it", spelling).donor_id == "jpn"


@pytest.mark.parametrize(("name", "donor_id"), [
    ("European Union", "eu"), ("EU", "eu"), ("European Commission to Zimbabwe", "eu"),
    ("European Union (11th European Development Fund)", "eu"), ("Japanese Government", "jpn"),
    ("US Agency for International Development (USAID)", "usa-usaid"), ("IDF", "iom-df"),
    ("German Federal Ministry for Economic Cooperation and Development (BMZ)", "deu-bmz"),
])
def test_names_resolve_to_the_canonical_donor(name: str, donor_id: str) -> None:
    assert DonorRegistry.from_reference().resolve(name).donor_id == donor_id


@pytest.mark.parametrize("word", ["Government", "Gouvernement", "Ministry of Foreign Affairs", "Embassy",
                                  "Department of State"])
def test_a_generic_word_inside_many_donor_names_names_none_of_them(word: str) -> None:
    assert DonorRegistry.from_reference().lookup(word) is None


def test_unknown_donor_is_created_once_and_later_spellings_meet_it() -> None:
    reg = DonorRegistry.from_reference()
    assert reg.lookup("Acme Migration Foundation") is None
    first = reg.resolve("Acme Migration Foundation")
    assert reg.resolve("ACME migration foundation").donor_id == first.donor_id
    assert reg.resolve("Government of Jamaica").donor_id != reg.resolve("Government of Japan").donor_id
    table = reg.table()
    assert set(table["donor_id"]) == {first.donor_id, "jpn", reg.resolve("Government of Jamaica").donor_id}


def test_a_later_registry_remembers_donors_of_the_store() -> None:
    first = DonorRegistry.from_reference()
    created = first.resolve("Acme Migration Foundation", "XX-ACME-1")
    later = DonorRegistry.from_reference()
    later.remember(first.table())
    assert later.lookup(ref="xx acme 1").donor_id == created.donor_id


@given(st.text(max_size=40))
def test_normalise_ref_is_idempotent(text: str) -> None:
    once = normalise_ref(text)
    assert normalise_ref(once) == once


def test_codelists_label_codes() -> None:
    assert label("TransactionType", "11") == "Incoming Commitment"
    assert label("OrganisationRole", "2") == "Accountable"
    assert label("Sector", "15190").startswith("Facilitation of orderly")
    assert label("TransactionType-v1", "IF") == "Incoming Funds"
    assert is_known("Currency", "XOF") and not is_known("Currency", "XYZ")
    assert len(codelist("Region")) == 17 and label("Region", "298") == "Africa, regional"


def test_usd_conversion_uses_the_year_of_the_value_date() -> None:
    eur_2023 = to_usd(1000.0, "EUR", dt.date(2023, 3, 1))
    assert eur_2023.converted and eur_2023.rate_date == dt.date(2023, 12, 29)
    assert 1070 < eur_2023.value_usd < 1090  # ECB 2023 average: 1.0813 USD per EUR
    assert to_usd(1000.0, "EUR", dt.date(2015, 3, 1)).value_usd != eur_2023.value_usd
    usd = to_usd(5.0, "USD", dt.date(2023, 1, 1))
    assert usd.value_usd == 5.0 and not usd.converted and usd.rate_date is None


def test_no_rate_means_no_usd_value_never_a_guess() -> None:
    assert to_usd(1000.0, "ZWL", dt.date(2023, 1, 1)).value_usd is None
    assert to_usd(1000.0, "EUR", dt.date(1990, 1, 1)).value_usd is None
    assert to_usd(1000.0, "EUR", None).value_usd is None
    assert "ECB" in rate_table_source()


def test_unknown_currency_is_an_error() -> None:
    assert normalise_currency(" eur ") == "EUR"
    assert normalise_currency("") is None
    with pytest.raises(UnknownCurrency):
        normalise_currency("EURO")


@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       currency=st.sampled_from(["EUR", "GBP", "JPY", "CHF", "XOF", "SEK"]),
       day=st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_conversion_is_linear_and_keeps_the_sign(value: float, currency: str, day: dt.date) -> None:
    one = to_usd(1.0, currency, day)
    converted = to_usd(value, currency, day)
    assert one.converted and converted.converted
    assert converted.value_usd == pytest.approx(value * one.value_usd, rel=1e-12, abs=1e-9)
    assert (converted.value_usd >= 0) == (value >= 0) or converted.value_usd == 0


def test_rate_table_has_every_year_for_the_main_currencies() -> None:
    rates = pd.read_csv("dashboard/reference/fx_usd_yearly.csv")
    for cur in ("EUR", "GBP", "JPY", "CHF", "SEK", "NOK", "DKK", "AUD", "CAD"):
        years = set(rates.loc[rates["currency"] == cur, "year"])
        assert set(range(1999, 2026)) <= years, cur
