"""The overlap job: inputs and fast reading, the equal-area frame, geometry repair and pieces,
pairs, consultation flags, results and the in-process engine; sql/ runs it in PostGIS.
Entry points: engine.run_overlap, choice.run_overlap_where, request (what the dock and
Processing share), results.OverlapResult."""
