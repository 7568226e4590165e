"""The overlap report's outputs: the model and labels, HTML, CSV, PDF and its map, the flags
layer and its GeoPackage, and the staged writer. Entry points: staged.write_report,
staged.stage_report."""
