"""Runs the plugin: ``python -m provider.plugin ENGINE``, or this file run by a Python
language host from a checkout (PulumiPlugin.yaml)."""

from provider.plugin import main

main()
