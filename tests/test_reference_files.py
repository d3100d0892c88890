"""Checks of the reference data files in events/reference/.

Pure pytest: no Django, no database. The files are read from disk next to
this test (events/reference/ of the same checkout).
"""

import csv
import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

REF = Path(__file__).resolve().parent.parent / "events" / "reference"

OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "interior_minister",
    "defence_minister",
    "head_of_organisation",
}
LEADER_OFFICES = {"head_of_state", "head_of_government"}

G20 = "AR AU BR CA CN FR DE IN ID IT JP MX RU SA ZA KR TR GB US".split()
EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
OTHERS = "IL PS IR UA VE DZ MA ML QA AE SA PK KP CU CO EG SY BY NO CH TW RS ET NG AF IQ LB DK".split()
COVERED = sorted(set(G20) | set(EU27) | {"GB"} | set(OTHERS))
G7 = "GB FR DE IT JP CA US".split()

REQUIRED_COUNTRIES = set(COVERED) | set(
    """GB NO CH UA RU BY IL PS IR IQ SY LB JO EG SA AE QA KW BH OM YE TR AF PK IN BD
    KP KR JP TW VN PH ID MY TH MM AU NZ CA MX CU VE CO BR AR CL PE BO EC NI DZ MA TN
    LY ML NE BF TD SD SS ET ER SO KE NG GH ZA CD RW AM AZ GE KZ RS XK BA AL MK MD GL DK
    CN IT DE FR US""".split()
)
REQUIRED_ORGS = set(
    """EU UN NATO AU ASEAN OAS ECOWAS GCC LAS OSCE G7 G20 WHO IAEA IMF WB WTO ICC ICJ
    OPEC SCO BRICS COMMONWEALTH COE CARICOM SADC IGAD MERCOSUR""".split()
)

# Surnames too common to stand alone for one person.
COMMON_SURNAMES = {
    "johnson", "kim", "lee", "khan", "ali", "smith", "lopez", "lópez", "wang", "li",
    "may", "park", "sharif", "sánchez", "sanchez", "fernández", "fernandez", "costa",
    "martin", "michel", "cohen", "abbas", "aoun", "moon", "yoon", "zhang", "chen", "singh",
    "hussein", "mohamed", "mohammed", "ahmed", "nguyen", "rodríguez", "rodriguez",
}


def load(name):
    with open(REF / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def countries():
    return load("countries.json")


@pytest.fixture(scope="module")
def organisations():
    return load("organisations.json")


@pytest.fixture(scope="module")
def people():
    return load("people.json")


def parse_date(value):
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return datetime.date.fromisoformat(value)


def slot_key(role):
    # An organisation can have several heads at once (the EU's Commission,
    # Council and Parliament presidents): for head_of_organisation the title
    # tells the seats apart.
    key = (role["office"], role["of"])
    if role["office"] == "head_of_organisation":
        key += (role["title"],)
    return key


def holders(people, office, of, day, title=None):
    day = datetime.date.fromisoformat(day)
    found = []
    for person in people:
        for role in person["roles"]:
            if role["office"] != office or role["of"] != of:
                continue
            if title is not None and role["title"] != title:
                continue
            start = parse_date(role["start"])
            end = parse_date(role["end"]) if role["end"] else None
            if start <= day and (end is None or day < end):
                found.append(person["name"])
    return found


# ----------------------------------------------------------------- countries


def test_countries_shape(countries):
    assert isinstance(countries, list)
    assert len(countries) >= 100
    for c in countries:
        assert set(c) == {"code", "name", "leader", "aliases", "demonyms", "metonyms"}, c
        assert isinstance(c["name"], str) and c["name"].strip() == c["name"] and c["name"]
        assert c["leader"] in LEADER_OFFICES, c
        for key in ("aliases", "demonyms", "metonyms"):
            words = c[key]
            assert isinstance(words, list), (c["code"], key)
            assert all(isinstance(w, str) and w and w.strip() == w for w in words), (c["code"], key)
            assert len(words) == len(set(words)), (c["code"], key, words)
            assert c["name"] not in words, (c["code"], key)


def test_country_codes_valid_and_unique(countries):
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, code


def test_required_countries_present(countries):
    codes = {c["code"] for c in countries}
    missing = REQUIRED_COUNTRIES - codes
    assert not missing, sorted(missing)


def test_country_short_names(countries):
    names = {c["code"]: c["name"] for c in countries}
    expected = {
        "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran", "SY": "Syria",
        "VN": "Vietnam", "TW": "Taiwan", "PS": "Palestine", "GB": "United Kingdom",
        "US": "United States", "TR": "Turkey", "XK": "Kosovo", "CI": "Ivory Coast",
    }
    for code, name in expected.items():
        assert names[code] == name


def test_country_words_point_to_one_country(countries):
    owner = {}
    for c in countries:
        for w in [c["name"]] + c["aliases"] + c["demonyms"] + c["metonyms"]:
            key = w.casefold()
            assert owner.get(key, c["code"]) == c["code"], (w, owner.get(key), c["code"])
            owner[key] = c["code"]


def test_known_country_words(countries):
    by = {c["code"]: c for c in countries}
    assert {"UK", "U.K.", "Britain", "Great Britain"} <= set(by["GB"]["aliases"])
    assert {"British", "English"} <= set(by["GB"]["demonyms"])
    assert {"Downing Street", "No10", "Whitehall", "London"} <= set(by["GB"]["metonyms"])
    assert {"US", "U.S.", "USA", "America"} <= set(by["US"]["aliases"])
    assert {"the White House", "Washington", "the Pentagon"} <= set(by["US"]["metonyms"])
    assert {"the Élysée", "Paris", "Quai d'Orsay"} <= set(by["FR"]["metonyms"])
    assert "the Kremlin" in by["RU"]["metonyms"]
    assert {"DPRK"} <= set(by["KP"]["aliases"])
    assert {"DR Congo", "DRC"} <= set(by["CD"]["aliases"])
    assert "Côte d'Ivoire" in by["CI"]["aliases"]
    assert "Türkiye" in by["TR"]["aliases"] and "Turkish" in by["TR"]["demonyms"]
    assert "Emirati" in by["AE"]["demonyms"] and "Malian" in by["ML"]["demonyms"]


def test_no_ambiguous_common_words(countries):
    banned_demonyms = {"chad", "jordan", "turkey", "georgia", "guinea", "china", "poles", "pole"}
    banned_metonyms = {"jordan", "chad", "brussels", "geneva", "the hague", "vienna"}
    for c in countries:
        assert not banned_demonyms & {w.casefold() for w in c["demonyms"]}, c["code"]
        assert not banned_metonyms & {w.casefold() for w in c["metonyms"]}, c["code"]


def test_leader_matches_system(countries):
    by = {c["code"]: c["leader"] for c in countries}
    for code in ("US", "FR", "RU", "CN", "BR", "IR", "TR", "UA"):
        assert by[code] == "head_of_state", code
    for code in ("GB", "DE", "IT", "JP", "CA", "IN", "IL", "ES", "AU"):
        assert by[code] == "head_of_government", code


# ------------------------------------------------------------- organisations


def test_organisations_shape(organisations):
    assert isinstance(organisations, list)
    codes = [o["code"] for o in organisations]
    assert len(codes) == len(set(codes)), "duplicate organisation code"
    for o in organisations:
        assert set(o) == {"code", "name", "aliases", "bodies"}, o
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", o["code"]), o["code"]
        assert o["name"]
        assert len(o["aliases"]) == len(set(o["aliases"]))
        names = [b["name"] for b in o["bodies"]]
        assert len(names) == len(set(names)), o["code"]
        for b in o["bodies"]:
            assert set(b) == {"name", "aliases"}, b
            assert b["name"] and isinstance(b["aliases"], list)


def test_required_organisations(organisations):
    by = {o["code"]: o for o in organisations}
    assert not REQUIRED_ORGS - set(by), sorted(REQUIRED_ORGS - set(by))
    assert by["LAS"]["name"] == "Arab League"
    eu_bodies = {b["name"] for b in by["EU"]["bodies"]}
    assert {"European Commission", "European Council", "Council of the European Union",
            "European Parliament", "Frontex", "European External Action Service"} <= eu_bodies
    un_bodies = {b["name"] for b in by["UN"]["bodies"]}
    assert {"UN Security Council", "UN General Assembly", "UNHCR", "UN Human Rights Council",
            "UN Secretariat"} <= un_bodies
    assert "African Union Commission" in {b["name"] for b in by["AU"]["bodies"]}
    frontex = next(b for b in by["EU"]["bodies"] if b["name"] == "Frontex")
    assert "EU border agency" in frontex["aliases"]
    assert "Brussels" in by["EU"]["aliases"]


def test_organisation_words_point_to_one_actor(organisations, countries):
    country_words = {
        w.casefold()
        for c in countries
        for w in [c["name"]] + c["aliases"] + c["demonyms"] + c["metonyms"]
    }
    owner = {}
    for o in organisations:
        words = [o["name"]] + o["aliases"]
        for b in o["bodies"]:
            words += [b["name"]] + b["aliases"]
        for w in words:
            key = w.casefold()
            assert key not in country_words, w
            assert owner.get(key, o["code"]) == o["code"], (w, owner.get(key), o["code"])
            owner[key] = o["code"]


# -------------------------------------------------------------------- people


def test_people_shape(people, countries, organisations):
    country_codes = {c["code"] for c in countries}
    org_codes = {o["code"] for o in organisations}
    names = [p["name"] for p in people]
    assert len(names) == len(set(names)), "duplicated person name"
    for p in people:
        assert set(p) == {"name", "aliases", "country", "roles"}, p["name"]
        assert p["name"] and p["name"].strip() == p["name"]
        assert len(p["aliases"]) == len(set(p["aliases"])), p["name"]
        assert p["name"] not in p["aliases"], p["name"]
        assert p["country"] in country_codes or pycountry.countries.get(alpha_2=p["country"]), p
        for r in p["roles"]:
            assert set(r) == {"office", "title", "of", "start", "end"}, (p["name"], r)
            assert r["office"] in OFFICES, (p["name"], r)
            assert r["title"], (p["name"], r)
            of = r["of"]
            if r["office"] == "head_of_organisation":
                assert of in org_codes, (p["name"], r)
            else:
                assert (
                    of in country_codes
                    or pycountry.countries.get(alpha_2=of) is not None
                    or of in org_codes
                ), (p["name"], r)
            start = parse_date(r["start"])
            if r["end"] is not None:
                assert start <= parse_date(r["end"]), (p["name"], r)


def test_aliases_are_distinctive(people):
    owner = {}
    for p in people:
        for a in p["aliases"]:
            assert a.casefold() not in COMMON_SURNAMES, (p["name"], a)
            key = a.casefold()
            assert owner.get(key, p["name"]) == p["name"], (a, owner.get(key), p["name"])
            owner[key] = p["name"]


def test_no_overlapping_roles(people):
    slots = defaultdict(list)
    for p in people:
        for r in p["roles"]:
            end = parse_date(r["end"]) if r["end"] else None
            slots[slot_key(r)].append((parse_date(r["start"]), end, p["name"]))
    one_day = datetime.timedelta(days=1)
    for key, rows in slots.items():
        rows.sort(key=lambda x: x[0])
        assert sum(1 for r in rows if r[1] is None) <= 1, (key, [r[2] for r in rows if r[1] is None])
        for a, b in zip(rows, rows[1:]):
            assert a[1] is not None, (key, a, b)
            assert a[1] - b[0] <= one_day, (key, a, b)


def test_lengths_fit_the_models(people, organisations, countries):
    # Alias.text and Role.title hold 120 characters, Actor.code 16.
    words = [w for c in countries for w in [c["name"]] + c["aliases"] + c["demonyms"] + c["metonyms"]]
    for o in organisations:
        assert len(o["code"]) <= 16, o["code"]
        words += [o["name"]] + o["aliases"]
        words += [w for b in o["bodies"] for w in [b["name"]] + b["aliases"]]
    for p in people:
        words += [p["name"]] + p["aliases"]
        assert all(len(r["title"]) <= 120 for r in p["roles"]), p["name"]
    assert max(len(w) for w in words) <= 120


def test_enough_roles(people):
    assert sum(len(p["roles"]) for p in people) >= 300


@pytest.mark.parametrize(
    "office,of,day,expected",
    [
        ("head_of_government", "GB", "2016-01-01", "David Cameron"),
        ("head_of_government", "GB", "2017-06-01", "Theresa May"),
        ("head_of_government", "GB", "2021-06-01", "Boris Johnson"),
        ("head_of_government", "GB", "2022-10-01", "Liz Truss"),
        ("head_of_government", "GB", "2023-06-01", "Rishi Sunak"),
        ("head_of_government", "GB", "2025-06-01", "Keir Starmer"),
        ("foreign_minister", "GB", "2017-06-01", "Boris Johnson"),
        ("interior_minister", "GB", "2020-06-01", "Priti Patel"),
        ("interior_minister", "GB", "2023-06-01", "Suella Braverman"),
        ("head_of_state", "GB", "2020-01-01", "Elizabeth II"),
        ("head_of_state", "GB", "2023-01-01", "Charles III"),
        ("head_of_state", "FR", "2016-01-01", "François Hollande"),
        ("head_of_state", "FR", "2020-01-01", "Emmanuel Macron"),
        ("interior_minister", "FR", "2021-01-01", "Gérald Darmanin"),
        ("head_of_state", "US", "2016-01-01", "Barack Obama"),
        ("head_of_state", "US", "2018-01-01", "Donald Trump"),
        ("head_of_state", "US", "2022-01-01", "Joe Biden"),
        ("head_of_state", "US", "2025-06-01", "Donald Trump"),
        ("head_of_government", "US", "2022-01-01", "Joe Biden"),
        ("foreign_minister", "US", "2019-06-01", "Mike Pompeo"),
        ("head_of_government", "DE", "2020-01-01", "Angela Merkel"),
        ("head_of_government", "DE", "2023-01-01", "Olaf Scholz"),
        ("head_of_government", "DE", "2025-06-01", "Friedrich Merz"),
        ("foreign_minister", "RU", "2015-01-01", "Sergey Lavrov"),
        ("head_of_state", "RU", "2020-01-01", "Vladimir Putin"),
        ("head_of_state", "CN", "2020-01-01", "Xi Jinping"),
        ("head_of_government", "IT", "2023-01-01", "Giorgia Meloni"),
        ("head_of_government", "JP", "2019-01-01", "Shinzo Abe"),
        ("head_of_government", "CA", "2020-01-01", "Justin Trudeau"),
        ("head_of_government", "IN", "2020-01-01", "Narendra Modi"),
        ("head_of_government", "SA", "2020-01-01", "Salman bin Abdulaziz Al Saud"),
        ("head_of_government", "SA", "2023-01-01", "Mohammed bin Salman"),
        ("head_of_state", "UA", "2020-01-01", "Volodymyr Zelenskyy"),
        ("head_of_state", "IR", "2020-01-01", "Ali Khamenei"),
        ("head_of_government", "IL", "2022-01-01", "Naftali Bennett"),
        ("head_of_state", "TR", "2020-01-01", "Recep Tayyip Erdoğan"),
        ("head_of_government", "GL", "2022-01-01", "Múte Bourup Egede"),
    ],
)
def test_transitions(people, office, of, day, expected):
    assert holders(people, office, of, day) == [expected]


@pytest.mark.parametrize(
    "title,day,expected",
    [
        ("President of the European Commission", "2017-01-01", "Jean-Claude Juncker"),
        ("President of the European Commission", "2021-01-01", "Ursula von der Leyen"),
        ("President of the European Council", "2021-01-01", "Charles Michel"),
    ],
)
def test_eu_heads(people, title, day, expected):
    assert holders(people, "head_of_organisation", "EU", day, title) == [expected]


@pytest.mark.parametrize(
    "org,day,expected",
    [
        ("UN", "2016-01-01", "Ban Ki-moon"),
        ("UN", "2020-01-01", "António Guterres"),
        ("NATO", "2020-01-01", "Jens Stoltenberg"),
        ("NATO", "2025-01-01", "Mark Rutte"),
        ("AU", "2020-01-01", "Moussa Faki Mahamat"),
    ],
)
def test_organisation_heads(people, org, day, expected):
    assert expected in holders(people, "head_of_organisation", org, day)


def test_coverage_of_required_countries(people, countries):
    offices = defaultdict(set)
    for p in people:
        for r in p["roles"]:
            offices[r["of"]].add(r["office"])
    for code in COVERED:
        needed = {"head_of_state", "head_of_government", "foreign_minister"}
        if code == "CH":  # the Federal Council governs collectively: no head of government
            needed.discard("head_of_government")
        assert needed <= offices[code], (code, needed - offices[code])
    assert "head_of_government" in offices["GL"]
    for code in G7:
        assert "interior_minister" in offices[code], code


def test_leaders_known_for_required_countries(people, countries):
    leader = {c["code"]: c["leader"] for c in countries}
    for code in COVERED:
        for day in ("2016-06-01", "2025-06-01"):
            found = holders(people, leader[code], code, day)
            assert found, (code, leader[code], day)


# --------------------------------------------------------------- event types


def test_event_types_csv():
    path = REF / "event_types.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == [
        "slug", "name", "plover", "plover_mode", "cameo", "goldstein", "directed", "examples", "cameo_codes", "headline",
    ]
    assert len(rows) == 67
    by = {r["slug"]: r for r in rows}
    assert len(by) == 67
    w = by["invitation_withdrawn"]
    assert (w["plover"], w["plover_mode"], w["cameo"], w["goldstein"], w["directed"]) == (
        "REJECT", "meet", "125", "-5.0", "yes",
    )
    assert by["statement"]["cameo"] == "010"
    assert by["ambassador_summoned"]["cameo"] == "114"
    assert by["meeting"]["directed"] == "no"
    assert (by["incident"]["plover"], by["incident"]["cameo"]) == ("INCIDENT", "")
