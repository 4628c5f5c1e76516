"""How many examples a property test tries, by hypothesis profile.

``HYPOTHESIS_PROFILE=thorough`` (CI's nightly depth) runs each property test
with the number of examples written beside it; the default ``fast`` profile
runs a fifth of them (at least 20), so the suite a developer runs often stays
quick while every property is still exercised.
"""

from __future__ import annotations

import os

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fast")


def examples(thorough: int) -> int:
    return thorough if PROFILE == "thorough" else max(20, thorough // 5)
