"""Commands for user defaults: hipcli config."""

from __future__ import annotations
