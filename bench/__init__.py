"""Benchmarks: ours against floors of a connection's shape, both forms, in rounds side by
side. ``python -m bench`` (``make bench``) writes bench/results.md."""
