"""Keep i18n/imperial_land_fr.ts in step with the code.

  update             add every tr("...") string of imperial_land/ and every <string> of
                     resources/ui/*.ui to the .ts (translations kept, dropped strings removed)
  todo               print the strings that still lack a French translation (source TAB context)
  translate F.tsv    set translations from lines "source<TAB>translation" (context ImperialLand,
                     or "context<TAB>source<TAB>translation")
  check              exit 1 unless every string is translated with the same {placeholders}

pylupdate5 does not see a module-level tr() as one context, so this script reads the code with
`ast` instead; lrelease then compiles the .ts as usual (make translations).
"""

from __future__ import annotations

import ast
import fcntl
import re
import sys
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "i18n" / "imperial_land_fr.ts"
CONTEXT = "ImperialLand"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def code_strings() -> dict[str, list[str]]:
    """Context -> sources, in first-seen order."""
    found: dict[str, list[str]] = {CONTEXT: []}
    for path in sorted((ROOT / "imperial_land").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            is_text = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name == "tr" and is_text and first.value not in found[CONTEXT]:
                found[CONTEXT].append(first.value)
    for ui in sorted((ROOT / "resources" / "ui").glob("*.ui")):
        root = ET.parse(ui).getroot()
        context = root.findtext("class") or ui.stem
        sources = found.setdefault(context, [])
        for string in root.iter("string"):
            if string.text and string.get("notr") != "true" and string.text not in sources:
                sources.append(string.text)
    return {ctx: srcs for ctx, srcs in found.items() if srcs}


def read_ts() -> dict[tuple[str, str], str]:
    """(context, source) -> translation ('' when unfinished)."""
    if not TS_FILE.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        ctx = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = ""
            if translation is not None and translation.get("type") != "unfinished":
                text = translation.text or ""
            out[(ctx, source)] = text
    return out


def write_ts(strings: dict[str, list[str]], translations: dict[tuple[str, str], str]) -> None:
    root = ET.Element("TS", version="2.1", language="fr_FR", sourcelanguage="en")
    for ctx in sorted(strings):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = ctx
        for source in strings[ctx]:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            text = translations.get((ctx, source), "")
            translation = ET.SubElement(message, "translation")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TS_FILE.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


@contextmanager
def locked():
    """Several people (or helpers) may update the .ts at once: one at a time."""
    lock = ROOT / "i18n" / ".ts.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def missing(strings, translations) -> list[tuple[str, str, str]]:
    """(context, source, problem) for every string without a usable translation."""
    problems = []
    for ctx, sources in strings.items():
        for source in sources:
            text = translations.get((ctx, source), "")
            if not text:
                problems.append((ctx, source, "untranslated"))
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append((ctx, source, "placeholders differ"))
    return problems


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    strings = code_strings()
    if command == "update":
        with locked():
            write_ts(strings, read_ts())
        print(f"{TS_FILE.relative_to(ROOT)}: {sum(map(len, strings.values()))} strings")
        return 0
    if command == "translate":
        rows = Path(argv[2]).read_text(encoding="utf-8").splitlines()
        with locked():
            translations = read_ts()
            for row in rows:
                if not row.strip():
                    continue
                parts = row.split("\t")
                ctx, source, text = parts if len(parts) == 3 else (CONTEXT, *parts)
                translations[(ctx, source)] = text
            write_ts(strings, translations)
        return 0
    problems = missing(strings, read_ts())
    if command == "todo":
        for ctx, source, problem in problems:
            print(f"{source}\t{ctx}\t{problem}")
        return 0
    if command == "check":
        for ctx, source, problem in problems:
            print(f"i18n: {problem}: [{ctx}] {source!r}", file=sys.stderr)
        if problems:
            print(
                f"i18n: {len(problems)} strings lack French; run `make ts`, then fill them in "
                f"(scripts/i18n.py todo / translate)",
                file=sys.stderr,
            )
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
