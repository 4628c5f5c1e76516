"""Commands for importing foreign exercise catalogues."""

from __future__ import annotations
