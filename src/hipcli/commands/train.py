"""Commands for the guided session in the terminal."""

from __future__ import annotations
