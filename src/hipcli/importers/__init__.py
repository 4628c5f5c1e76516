"""Converters from foreign exercise datasets to hipcli catalogue files, one module per format.

Each converter is core code: it reads its input and returns data, and never
prints, writes or imports typer or rich. The command line writes the result.
"""
