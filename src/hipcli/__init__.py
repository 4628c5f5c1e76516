"""hipcli: hip-training sessions and programmes from a trustworthy exercise catalogue.

The public API, for use as a library::

    import hipcli

    catalogue = hipcli.load_catalogue()
    plan = hipcli.build_plan(catalogue, hipcli.PlanRequest(level="beginner", goal="running", minutes=30))
    # or with the user's defaults (hipcli config) filling in what is not given:
    plan = hipcli.build_plan(catalogue, hipcli.plan_request(goal="running"))

Nothing here imports typer or rich, and nothing prints. Names are imported on
first use so that ``hipcli --version`` does not pay for the planner.
"""

# No imports at module level, not even ``from __future__``, which imports a
# module from disk: everything here runs before the command line's Ctrl-C
# guard (__main__) is in place, so it must take next to no time.

__version__ = "0.1.0"

_PUBLIC = {
    "load_catalogue": "catalogue",
    "check_catalogue": "catalogue",
    "find_exercise": "catalogue",
    "filter_exercises": "catalogue",
    "Catalogue": "models",
    "Exercise": "models",
    "Prescription": "models",
    "PlanRequest": "plans",
    "Plan": "plans",
    "HipcliError": "errors",
    "build_plan": "planner",
    "alternatives": "planner",
    "plan_seconds": "planner",
    "plan_request": "config",
    "programme_request": "config",
}


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'hipcli' has no attribute '{name}'")
    from importlib import import_module

    return getattr(import_module(f"hipcli.{module}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__all__ = ["__version__", *_PUBLIC]
