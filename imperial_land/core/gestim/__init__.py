"""Reading GESTIM: the zip (reader.py), its columns and records, the WFS.
Entry points: reader.read_gestim_source, wfs."""
