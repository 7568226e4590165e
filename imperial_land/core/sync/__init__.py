"""The GESTIM sync: run (the entry point, run.sync_register), source, diff, digest, report."""
