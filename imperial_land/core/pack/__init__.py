"""Offline map packs: request, AOI, clip, basemap and tiles, project, manifest, sources, and
the entry points build.build_pack and load.load_pack."""
