"""Print each bundled figure's problems and support gaps: a helper for writing poses.

Usage: python tools/figure_gaps.py [slug ...]
"""

import sys

from hipcli.catalogue import find_exercise, load_catalogue
from hipcli.checks import figure_problems
from hipcli.figures import figure_spec
from hipcli.figures.body import gap, place, surface

catalogue = load_catalogue()
for slug in sys.argv[1:] or [e.slug for e in catalogue.exercises]:
    exercise = find_exercise(catalogue, slug)
    spec = figure_spec(exercise)
    if spec is None:
        print(f"{slug}: no figure")
        continue
    scene = place(spec)
    for pose in scene.poses:
        gaps = []
        for support in pose.on:
            part, prop = surface(scene.props, support)
            gaps.append(f"{support}={gap(pose, part, prop) * 100:+.0f}")
        print(f"{slug} [{pose.label}] " + " ".join(gaps))
    for field, message in figure_problems(exercise, spec):
        print(f"  {field}: {message}")
