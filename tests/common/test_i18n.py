"""Every user-visible string has its French translation, with the same placeholders."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_in_the_code_is_translated_to_french():
    script = _i18n_script()
    strings = script.code_strings()
    translations = script.read_ts()
    assert script.missing(strings, translations) == []
    in_code = {(ctx, s) for ctx, sources in strings.items() for s in sources}
    assert in_code <= set(translations), "run `make ts`: the .ts lacks strings of the code"


def test_placeholder_mismatch_is_caught():
    script = _i18n_script()
    strings = {"ImperialLand": ["Layer {layer} has no field {field}"]}
    wrong = {("ImperialLand", "Layer {layer} has no field {field}"): "La couche {couche} n'a pas"}
    assert script.missing(strings, wrong) == [
        ("ImperialLand", "Layer {layer} has no field {field}", "placeholders differ")
    ]
    assert script.missing(strings, {}) == [
        ("ImperialLand", "Layer {layer} has no field {field}", "untranslated")
    ]
