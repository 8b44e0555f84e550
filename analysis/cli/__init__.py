"""The command line: ``python -m analysis <command>`` (also installed as ``framing-lab``)."""

from analysis.cli.app import main

__all__ = ["main"]
