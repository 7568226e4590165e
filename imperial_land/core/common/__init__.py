"""Shared by every job: errors, feedback and cancel, tasks, translation, paths, settings,
dependency checks, checksums, bulk-loop helpers, the company-holder rule and the enum base."""
