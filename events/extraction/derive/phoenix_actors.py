"""Derive events/reference/phoenix_people.json from the Phoenix actor dictionaries.

Run at build time, from the project root, never by the app:

    .venv/bin/python -m events.extraction.derive.phoenix_actors \\
        --countries ../shared/third_party/petrarch2/Phoenix.Countries.actors.txt \\
        --international ../shared/third_party/petrarch2/Phoenix.International.actors.txt \\
        --out events/reference/

It also needs an English word list with case (Debian's `wamerican`,
/usr/share/dict/words) and `wordfreq` (pip) to tell ordinary words from names.

A dictionary entry is a name line (`TONY_BLAIR_`), `+ALIAS` lines and code
lines (`[GBRGOV 970502-070627]`: ISO 3166 alpha-3, then agent codes, then
dates `YYMMDD` or `YYYYMMDD`, `>` from, `<` until). Kept: people with at least
one dated government (GOV), legislature (LEG), military (MIL), elite (ELI) or
international-organisation (IGO...) code, as news about relations between
states names them. The grammar of names and codes is in phoenix_parse.py; the
filters (names that would fire on ordinary text, people already curated) in
phoenix_filter.py.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from .phoenix_filter import Curated, people_select
from .phoenix_names import WordList
from .phoenix_parse import Parsed, dictionary_parse

OUT_NAME = "phoenix_people.json"


def document_text(people: list[dict]) -> str:
    """One person a line, sorted, so that a rebuild reads as a small diff."""
    rows = [json.dumps(person, ensure_ascii=False, separators=(", ", ": ")) for person in people]
    return "[\n" + ",\n".join(rows) + "\n]\n"


def summary(people: list[dict], parsed: Parsed, counts: Counter) -> list[str]:
    roles = sum(len(person["roles"]) for person in people)
    aliases = sum(len(person["aliases"]) for person in people)
    countries = len({person["country"] for person in people if person.get("country")})
    lines = [f"{len(people):,} people ({countries} countries), {aliases:,} aliases, {roles:,} roles "
             f"from {parsed.entries:,} entries; open-ended roles closed on {parsed.horizon.isoformat()}"]
    lines += [f"  {reason}: {count:,}" for reason, count in sorted((parsed.counts + counts).items())]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", required=True, help="Path of Phoenix.Countries.actors.txt.")
    parser.add_argument("--international", required=True, help="Path of Phoenix.International.actors.txt.")
    parser.add_argument("--out", required=True,
                        help="The reference folder (reads people.json, writes phoenix_people.json).")
    parser.add_argument("--words", default="/usr/share/dict/words",
                        help="English word list with proper nouns capitalised.")
    args = parser.parse_args(argv)
    texts = []
    for path in (args.countries, args.international):
        with open(path, encoding="utf-8", errors="replace") as handle:
            texts.append(handle.read())
    parsed = dictionary_parse(texts)
    curated = Curated.from_folder(args.out)
    people, counts = people_select(parsed, curated, WordList.from_file(args.words))
    with open(os.path.join(args.out, OUT_NAME), "w", encoding="utf-8") as handle:
        handle.write(document_text(people))
    print("\n".join(summary(people, parsed, counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
