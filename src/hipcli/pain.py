"""The pain-monitoring limits: one set of numbers for the rule a plan prints and the rules the log applies.

Data only, so the planner can print the rule without loading the log's
machinery (``adapt`` imports these, and so do the handouts and the review chart).
"""

PAIN_LIMIT = 5  # COACHING.md section 3: 4-5 acceptable, above 5 too much
GROIN_PAIN_LIMIT = 3  # COACHING.md section 1: the ASP steps down a level above 3/10
GROIN_PAUSE = 6  # COACHING.md section 5: squeeze pain 6+ is clearly impaired function (Thorborg 2017)
SAFE_PAIN = 3  # COACHING.md section 3: 0-3 "safe"
