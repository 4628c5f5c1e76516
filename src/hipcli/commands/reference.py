"""Commands for references and sources: every code a user meets can be looked up."""

from __future__ import annotations
