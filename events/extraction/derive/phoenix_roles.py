"""Phoenix codes as places and dated roles: `[GBRGOV 970502-070627]` -> an official of GB, 1997-2007."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pycountry

from .phoenix_parse import Code, Entry

# The office a Phoenix agent code tells, as a title the engine already knows (titles.yaml):
# a role title the engine does not know becomes a new title word.
AGENT_TITLES = {"GOV": "Official", "LEG": "Lawmaker", "MIL": "Commander", "ELI": "Politician"}
ELITE = AGENT_TITLES["ELI"]
# A government code's second agent names a ministry's field (AFGGOVAGR: agriculture). Kept: the
# executive itself (plain GOV), defence, police and the interior, intelligence, finance and trade,
# the legislature: the offices news about relations between states names.
GOVERNMENT_FIELDS = frozenset({None, "MIL", "COP", "SPY", "BUS", "LEG"})
ORGANISATION_TITLE = "Official"
OFFICE = "other"  # Phoenix never says who headed a state, a government or an organisation
# Phoenix's own codes for two places ISO 3166 codes otherwise.
PHOENIX_COUNTRIES = {"KSV": "XK", "TMP": "TL"}
AGENT_CODES = frozenset("""GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LAB LEG HLH HRI REF MOD RAD AGR DEV
    ENV ELI IGO NGO MNC REL UAF MUS CHR JEW BUD HIN UNR OCC""".split())
# The organisation in an IGO code, most specific first (IGOUNODEVWBK: the World Bank): the project's codes.
IGO_ORGANISATIONS = {
    "WBK": "WB", "IAE": "IAEA", "WHO": "WHO", "ICJ": "ICJ", "IMF": "IMF", "WTO": "WTO", "OPC": "OPEC",
    "ASN": "ASEAN", "ARL": "LAS", "GCC": "GCC", "OAS": "OAS", "WAS": "ECOWAS", "SAD": "SADC", "EAC": "EAC",
    "IAD": "IGAD", "CIS": "CIS", "OIC": "OIC", "ICC": "ICC", "CWN": "COMMONWEALTH", "COE": "COE", "SCE": "OSCE",
    "EFT": "EFTA", "EEC": "EU", "NAT": "NATO", "GOS": "G7", "UNO": "UN",
}
AMBIGUOUS_CODES = frozenset({"AU"})  # the African Union's code is Australia's ISO code


def _alpha2(alpha3: str) -> str | None:
    if alpha3 in PHOENIX_COUNTRIES:
        return PHOENIX_COUNTRIES[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def place_of(letters: str) -> tuple[str | None, list[str], bool]:
    """`GBRGOVBUS` -> ('GB', ['GOV', 'BUS'], False); `GBRVGBELI` -> ('VG', ['ELI'], False);
    `IGOWSTNAT` -> ('NATO', [], True)."""
    triples = [letters[i:i + 3] for i in range(0, len(letters), 3)]
    if triples[0] == "IGO":
        found = [IGO_ORGANISATIONS[t] for t in reversed(triples[1:]) if t in IGO_ORGANISATIONS]
        return (found[0] if found else None), [], True
    country, rest = _alpha2(triples[0]), triples[1:]
    if rest and rest[0] not in AGENT_CODES and _alpha2(rest[0]):
        country, rest = _alpha2(rest[0]), rest[1:]  # a territory under its state's code: GBR VGB
    return country, rest, False


def role_of(code: Code, horizon: dt.date, counts: Counter) -> dict | None:
    place, agents, organisation = place_of(code.letters)
    title = ORGANISATION_TITLE if organisation else AGENT_TITLES.get(agents[0] if agents else "")
    if not place or not title or not code.dated:
        return None
    if agents[:1] == ["GOV"] and (agents[1] if len(agents) > 1 else None) not in GOVERNMENT_FIELDS:
        counts["roles: left out, in a ministry of another field (agriculture, health...)"] += 1
        return None
    if place in AMBIGUOUS_CODES and organisation:
        counts["roles: left out, of the African Union (code AU is Australia's)"] += 1
        return None
    if code.start is None:
        counts["roles: left out, no start day"] += 1
        return None
    end = code.end
    if code.open_end:
        counts["roles: open-ended, closed on the last day the files name"] += 1
        end = horizon
    if end < code.start:
        counts["roles: left out, ending before they start"] += 1
        return None
    return {"office": OFFICE, "title": title, "of": place, "start": code.start, "end": end}


def home_of(entry: Entry, roles: list[dict]) -> tuple[str | None, str | None]:
    """(country, organisation): the country most of the entry's codes name, else the one its
    comment names (the Council of the EU's presidents), else the organisation."""
    countries: Counter = Counter()
    for code in entry.codes:
        place, _, organisation = place_of(code.letters)
        if place and not organisation:
            countries[place] += 1
    if countries:
        best = max(countries.values())
        tied = {place for place, count in countries.items() if count == best}
        latest = sorted((role["start"], role["of"]) for role in roles if role["of"] in tied)
        return (latest[-1][1] if latest else sorted(tied)[0]), None
    said = re.search(r"\bfrom ([A-Z][A-Z_]+)", entry.comment)  # "president of the CoEU from FRANCE"
    country = pycountry.countries.get(name=said[1].replace("_", " ")) if said else None
    if country:
        return country.alpha_2, None
    organisations = Counter(role["of"] for role in roles)
    return None, (organisations.most_common(1)[0][0] if organisations else None)


def roles_merge(roles: list[dict]) -> list[dict]:
    """One role per title and place over overlapping ranges, and one per start day and place
    (the database keeps one role per person, office, place and start)."""
    merged: list[dict] = []
    for role in sorted(roles, key=lambda r: (r["of"], r["title"], r["start"])):
        last = merged[-1] if merged else None
        if last and (last["of"], last["title"]) == (role["of"], role["title"]) and role["start"] <= last["end"]:
            last["end"] = max(last["end"], role["end"])
        else:
            merged.append(dict(role))
    rank = list(AGENT_TITLES.values())
    by_start: dict = {}
    for role in sorted(merged, key=lambda r: rank.index(r["title"])):
        by_start.setdefault((role["of"], role["start"]), role)
    return sorted(by_start.values(), key=lambda r: (r["start"], r["of"]))
