"""HTTP with retries and conditional GET (http.py), resumable checked downloads (download.py)."""
