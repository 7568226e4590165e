"""Translation of user-visible strings, and loading of the plugin's translator."""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from imperial_land.core.common.paths import i18n_dir

CONTEXT = "ImperialLand"

_translator: QTranslator | None = None
_language = "en"


def tr(text: str) -> str:
    """Translate `text` in the plugin's single context (scripts/i18n.py collects these calls)."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> str:
    """Two-letter language QGIS runs in (its own override first, then the system's)."""
    name = QgsSettings().value("locale/userLocale", "", type=str) or QLocale.system().name()
    return (name or "en")[:2].lower()


def install_translator(locale: str | None = None) -> str:
    """Load the .qm for `locale` (default: QGIS's) into the application; return its language."""
    global _translator, _language
    language = locale or qgis_locale()
    remove_translator()
    qm = i18n_dir() / f"imperial_land_{language}.qm"
    if qm.exists():
        translator = QTranslator()
        if translator.load(str(qm)):
            QCoreApplication.installTranslator(translator)
            _translator = translator
            _language = language
            return language
    return "en"


def remove_translator() -> None:
    """Take the plugin's translator out of the application (plugin unload)."""
    global _translator, _language
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
    _language = "en"


def current_language() -> str:
    """Language of the active plugin translator ('en' when none is loaded)."""
    return _language
