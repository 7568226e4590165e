"""The overlap report's outputs: the model and labels, HTML, CSV, PDF and its map, the flags
layer and its GeoPackage, and the staged writer. Entry points: staged.write_report,
staged.stage_report, staged.run_and_stage (the dock's task); the grouping of claims per Nation
and holder at province scale: model.claim_groups, model.claims_grouped."""
