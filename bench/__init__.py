"""Benchmarks: the cost of managing connections through Pulumi, against the floor of Pulumi's
own dynamic-provider machinery (a no-op provider). `python -m bench` writes bench/results.md."""
