"""Convert the CAMEO-to-PLOVER conversion table into events/extraction/data/cameo_plover.json.

Run at build time, from the project root, never by the app:

    .venv/bin/python -m events.extraction.derive.plover_table \\
        --table ../shared/third_party/plover/CAMEO2PLOVER-2021.txt \\
        --out events/extraction/data/cameo_plover.json

A line of the table reads `CODE: FAMILY, MODE, CONTEXT # Description`. Two-digit
lines are section headings and are left out; the table has no 01 and 02
sections (statements and appeals are not PLOVER types). A code listed twice
keeps its first line. Everything after the `~~~~~` rule is not part of the table.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

SOURCE = "openeventdata/PLOVER at commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f, CAMEO2PLOVER-2021.txt"
LICENCE = "CC BY-SA 4.0"
ATTRIBUTION = "CAMEO to PLOVER conversion table, Open Event Data Alliance, CC BY-SA 4.0"

_LINE = re.compile(r"^(?P<code>\d{3,4})\s*:\s*(?P<fields>[^#]*?)\s*(?:#\s*(?P<description>.*))?$")
# The table's editor left dated notes after some descriptions ("Ease curfew  21.09.17: ...").
_EDIT_NOTE = re.compile(r"\s{2,}\d{2}\.\d{2}\.\d{2}:.*$")
_END = "~~~~~"


def _entry(fields: str, description: str) -> dict:
    parts = [part.strip() for part in fields.split(",")]
    parts += [""] * (3 - len(parts))
    family, mode, context = parts[0], parts[1], ", ".join(p for p in parts[2:] if p)
    description = _EDIT_NOTE.sub("", description or "").strip()
    return {"plover": family, "mode": mode, "context": context, "description": description}


def table_parse(lines) -> dict[str, dict]:
    """Every 3- and 4-digit CAMEO code of the table, in code order, first line wins."""
    codes: dict[str, dict] = {}
    for raw in lines:
        line = raw.strip()
        if line.startswith(_END):
            break
        found = _LINE.match(line)
        if found is None or found["code"] in codes:
            continue
        codes[found["code"]] = _entry(found["fields"], found["description"])
    return dict(sorted(codes.items()))


def table_document(codes: dict[str, dict]) -> dict:
    return {"source": SOURCE, "licence": LICENCE, "attribution": ATTRIBUTION, "codes": codes}


def document_text(document: dict) -> str:
    """JSON with one code a line, so that a change to the table reads as a one-line diff."""
    head = {key: value for key, value in document.items() if key != "codes"}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    codes = [f"    {json.dumps(code)}: {json.dumps(entry, ensure_ascii=False)}" for code, entry in document["codes"].items()]
    return "{\n" + "\n".join(lines) + '\n  "codes": {\n' + ",\n".join(codes) + "\n  }\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", required=True, help="Path of CAMEO2PLOVER-2021.txt.")
    parser.add_argument("--out", required=True, help="Where to write cameo_plover.json.")
    args = parser.parse_args(argv)
    with open(args.table, encoding="utf-8") as handle:
        codes = table_parse(handle)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(document_text(table_document(codes)))
    print(f"{len(codes)} codes written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
