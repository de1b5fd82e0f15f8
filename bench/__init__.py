"""Benchmarks: `python -m bench.server` runs chatgui's room next to other chat servers."""
