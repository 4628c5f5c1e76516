"""Commands for the training log: record, history, progress, assessments, backup."""

from __future__ import annotations
