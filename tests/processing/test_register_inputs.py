"""The register parameters' rule (processing/register_inputs.register_target), through the
algorithms that only read the register."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException


@pytest.mark.parametrize(
    "algorithm, output",
    [("watchreport", "WATCH_CSV"), ("consultationsummary", "OUTPUT_HTML")],
)
def test_a_register_path_with_no_file_is_named_as_such(
    plugin_provider, tmp_path, algorithm, output
):
    """A mistyped register path is named as such, not read as an empty register ("no claims
    yet"), and nothing is written."""
    import processing

    missing = tmp_path / "no" / "register.gpkg"
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            f"imperial_land:{algorithm}",
            {"REGISTER": str(missing), output: str(tmp_path / "out.file")},
        )
    assert str(caught.value) == (
        f"There is no claim register at '{missing}'; choose the GeoPackage a sync wrote, or "
        "leave it empty for the default register."
    )
    assert list(tmp_path.iterdir()) == []
