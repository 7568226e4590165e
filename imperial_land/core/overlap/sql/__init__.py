"""overlap.sql"""
