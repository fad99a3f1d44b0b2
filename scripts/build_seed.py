"""Build seed.sql from the source page, the IANA registry table and seed_data/.

seed_data/headers.toml adds the header fields the specifications attach to
registered codes; seed_data/unofficial.toml adds the vendors' codes outside
the registry, each with its usages and texts in zh-CN and en.

Run from the repository root: ``python scripts/build_seed.py``. The output is
plain SQL that loads into both SQLite and PostgreSQL once the migrations have
made the schema. Never edit seed.sql by hand; change the inputs and rebuild.
"""

import argparse
import csv
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "seed_data"
PAGE = DATA / "mdn-zh-CN-status.txt"
REGISTRY = ROOT / "statusapp" / "data" / "http-status-registry.csv"

CLASS_HEADINGS = ("信息响应", "成功响应", "重定向", "客户端响应", "服务端响应")
# A code heading: three digits, an ASCII phrase, and an optional family.
HEADING = re.compile(r"^(\d{3}) ([A-Za-z][A-Za-z0-9 '\-]*?)(?: \(([A-Za-z ]+)\))?$")
PAGE_END = "上一篇"
# The parts of each item of a code's header_rules and usages, in order.
HEADER_RULE_PARTS = ("header", "rule", "reference", "reference_url")
USAGE_PARTS = ("vendor", "phrase", "meaning", "source_url")


@dataclass
class PageEntry:
    code: int
    heading: str
    phrase: str
    extension: str | None
    lines: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return "\n".join(self.lines)


def parse_page(text: str) -> tuple[list[str], list[PageEntry]]:
    """Return the class headings and the code entries of the source page."""
    classes: list[str] = []
    entries: list[PageEntry] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(PAGE_END):
            break
        if line in CLASS_HEADINGS:
            classes.append(line)
            continue
        match = HEADING.match(line)
        if match and classes and (not entries or int(match[1]) > entries[-1].code):
            code, phrase, extension = int(match[1]), match[2], match[3]
            entries.append(PageEntry(code, line, phrase, extension))
        elif line and entries:
            entries[-1].lines.append(line)
    if classes != list(CLASS_HEADINGS):
        raise ValueError(f"expected the five class headings, found {classes}")
    empty = [e.code for e in entries if not e.lines]
    if empty:
        raise ValueError(f"codes without a description on the page: {empty}")
    return classes, entries


def read_registry(path: Path) -> dict[int, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return {int(row["code"]): row for row in csv.DictReader(f)}


def same_phrase(a: str, b: str) -> bool:
    return a.strip("()").casefold() == b.strip("()").casefold()


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert(table: str, row: dict) -> str:
    columns = ", ".join(row)
    values = ", ".join(sql_literal(v) for v in row.values())
    return f"INSERT INTO {table} ({columns}) VALUES ({values});"


def header_rules_by_code(headers: dict, registry: dict) -> dict[int, list[dict]]:
    """Return headers.toml's rules by code, each code's in file order."""
    rules: dict[int, list[dict]] = {}
    for rule in headers["rules"]:
        code = rule["code"]
        if code not in registry:
            raise ValueError(f"header rule for {code}, which is not registered")
        item = {name: rule[name] for name in HEADER_RULE_PARTS}
        listed = {r["header"].lower() for r in rules.get(code, [])}
        if item["header"].lower() in listed:
            raise ValueError(f"{code} lists the header {item['header']} twice")
        rules.setdefault(code, []).append(item)
    return rules


def unofficial_codes(unofficial: dict, registry: dict) -> list[dict]:
    """Return unofficial.toml's codes in numeric order, refusing registered ones."""
    codes = sorted(unofficial["codes"], key=lambda c: c["code"])
    numbers = [c["code"] for c in codes]
    registered = sorted(set(numbers) & set(registry))
    if registered:
        raise ValueError(f"unofficial codes that the registry holds: {registered}")
    if len(set(numbers)) != len(numbers):
        raise ValueError("unofficial.toml lists a code twice")
    for code in codes:
        if not code.get("usages"):
            raise ValueError(f"unofficial code {code['code']} has no usages")
        for usage in code["usages"]:
            if set(usage) != set(USAGE_PARTS):
                raise ValueError(f"usage of {code['code']} needs {USAGE_PARTS}")
    return codes


def build(
    page_text: str,
    registry: dict,
    en: dict,
    extra: dict,
    headers: dict | None = None,
    unofficial: dict | None = None,
) -> str:
    """Return the text of seed.sql."""
    rules = header_rules_by_code(headers or {"rules": []}, registry)
    vendors_codes = unofficial_codes(unofficial or {"codes": []}, registry)
    classes, entries = parse_page(page_text)
    on_page = {e.code: e for e in entries}
    unknown = sorted(set(on_page) - set(registry))
    if unknown:
        raise ValueError(f"codes on the page but not in the registry: {unknown}")
    missing_en = sorted(set(registry) - {int(c) for c in en})
    if missing_en:
        raise ValueError(f"codes without an en description: {missing_en}")

    out = [
        "-- statusapp seed data. Generated by scripts/build_seed.py; do not edit.",
        "-- Source: MDN's zh-CN list of HTTP status codes (seed_data/), the IANA",
        "-- registry table and seed_data/en.toml, extra.toml, headers.toml and",
        "-- unofficial.toml.",
        "",
    ]
    for language in extra["languages"]:
        out.append(insert("language", language))
    out.append("")

    for number, name in enumerate(classes, start=1):
        out.append(
            insert("class_name", {"number": number, "lang": "zh-CN", "name": name})
        )
    for number, name in sorted(extra["class_names"]["en"].items()):
        out.append(
            insert("class_name", {"number": int(number), "lang": "en", "name": name})
        )
    out.append("")

    for code, reg in sorted(registry.items()):
        entry = on_page.get(code)
        aliases = []
        # "306 unused" restates the registry's "(Unused)"; it names nothing.
        if entry and not same_phrase(entry.phrase, reg["reason_phrase"]):
            aliases.append(entry.phrase)
        for alias in extra["aliases"].get(str(code), []):
            if alias not in aliases and alias != reg["reason_phrase"]:
                aliases.append(alias)
        row = {
            "code": code,
            "reason_phrase": reg["reason_phrase"],
            "reference": reg["reference"],
            "reference_url": reg["reference_url"],
            "registry_status": reg["registry_status"],
            "aliases": json.dumps(aliases, ensure_ascii=False),
            "header_rules": json.dumps(rules.get(code, []), ensure_ascii=False),
            "usages": "[]",
            "extension": entry.extension if entry else None,
            "source_heading": entry.heading if entry else None,
        }
        out.append(insert("status_code", row))
    for item in vendors_codes:
        usages = [{name: u[name] for name in USAGE_PARTS} for u in item["usages"]]
        row = {
            "code": item["code"],
            "reason_phrase": item["reason_phrase"],
            "reference": None,
            "reference_url": None,
            "registry_status": "unregistered",
            "aliases": "[]",
            "header_rules": "[]",
            "usages": json.dumps(usages, ensure_ascii=False),
            "extension": None,
            "source_heading": None,
        }
        out.append(insert("status_code", row))
    out.append("")

    disputes = {(d["code"], d["lang"]): d for d in extra.get("disputes", [])}
    for code, lang in disputes:
        if lang != "zh-CN" or code not in on_page:
            raise ValueError(f"dispute on {code} {lang}: no such text on the page")
    for code in sorted(registry):
        if code in on_page:
            dispute = disputes.get((code, "zh-CN"))
            row = {
                "code": code,
                "lang": "zh-CN",
                "title": None,
                "description": on_page[code].description,
                "status": "reviewed",
            }
            if dispute:
                row |= {"status": "disputed", "dispute_reason": dispute["reason"]}
            out.append(insert("translation", row))
        item = en[str(code)]
        out.append(
            insert(
                "translation",
                {
                    "code": code,
                    "lang": "en",
                    "title": item["title"],
                    "description": item["description"].strip(),
                    # Written by the project from the registry's RFCs, which
                    # the registry check holds them to: the project stands
                    # behind each one, so it is seeded as reviewed.
                    "status": "reviewed",
                    "source_version": 1 if code in on_page else None,
                    "source_description": (
                        on_page[code].description if code in on_page else None
                    ),
                },
            )
        )
    for item in vendors_codes:
        source = item["zh-CN"].strip()
        out.append(
            insert(
                "translation",
                {
                    "code": item["code"],
                    "lang": "zh-CN",
                    "title": None,
                    "description": source,
                    "status": "reviewed",
                },
            )
        )
        out.append(
            insert(
                "translation",
                {
                    "code": item["code"],
                    "lang": "en",
                    "title": item["reason_phrase"],
                    "description": item["en"].strip(),
                    # The project wrote both texts together: the English one
                    # translates the Chinese one as seeded.
                    "status": "reviewed",
                    "source_version": 1,
                    "source_description": source,
                },
            )
        )
    out.append("")

    for note in extra["notes"]:
        if note["code"] not in registry:
            raise ValueError(f"note {note['key']} is on unknown code {note['code']}")
        out.append(
            insert(
                "note",
                {
                    "code": note["code"],
                    "lang": note.get("lang"),
                    "body": note["body"].strip(),
                    "seed_key": note["key"],
                },
            )
        )
    out.append("")

    for (code, lang), dispute in sorted(disputes.items()):
        out.append(
            insert(
                "text_proposal",
                {
                    "code": code,
                    "lang": lang,
                    "title": dispute.get("title"),
                    "description": dispute["description"].strip(),
                    "seed_key": f"{code}-{lang}-correction",
                },
            )
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "seed.sql")
    parser.add_argument(
        "--check", action="store_true", help="fail if the output is out of date"
    )
    args = parser.parse_args(argv)
    with (DATA / "en.toml").open("rb") as f:
        en = tomllib.load(f)
    with (DATA / "extra.toml").open("rb") as f:
        extra = tomllib.load(f)
    with (DATA / "headers.toml").open("rb") as f:
        headers = tomllib.load(f)
    with (DATA / "unofficial.toml").open("rb") as f:
        unofficial = tomllib.load(f)
    text = build(
        PAGE.read_text(encoding="utf-8"),
        read_registry(REGISTRY),
        en,
        extra,
        headers,
        unofficial,
    )
    if args.check:
        if args.output.read_text(encoding="utf-8") != text:
            print(
                f"{args.output} is out of date; run scripts/build_seed.py",
                file=sys.stderr,
            )
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
