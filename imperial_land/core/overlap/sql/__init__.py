"""The overlap engine in PostGIS (same pairs and areas as the in-process engine).
Entry point: engine.run_overlap_sql."""
