"""The trainer's screen, rendered at fixed sizes with colour off."""

from __future__ import annotations

import re

from rich.console import Console

from hipcli.live import big, clock, screen
from hipcli.drills import Drill
from hipcli.trainer import Key, State, Tick, start, step


def drill(**changes: object) -> Drill:
    values: dict[str, object] = dict(
        slug="band-march", name="Band march", unit="reps", low=8, high=12, sets=3, per_side=True, sides=(None,),
        rest=45, tempo="2-1-2", band="light", band_colour="red", placement="Around both feet, over the balls",
        cue="Slow and tall.", effort="OMNI-RES 5-7 (R8)", steps=("Band round the feet.", "March."), mistakes=("Jerking: slow down.",),
        block="Hip flexors",
    )
    values.update(changes)
    return Drill(**values)  # type: ignore[arg-type]


def shown(state: State, width: int = 60, height: int = 30) -> str:
    console = Console(width=width, height=height, no_color=True, force_terminal=False, record=True)
    console.print(screen(state, width=width, height=height))
    return console.export_text()


def test_sixty_columns_show_the_dose_band_colour_and_placement_whole() -> None:
    text = shown(start((drill(),), 0.0))
    assert "3 × 8–12 per side" in text and "light (red)" in text
    assert "Around both feet, over the balls" in " ".join(text.split())
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "exercise 1 of 1" in text and "GET SET" in text
    assert "effort OMNI-RES 5-7 (R8)" in text
    assert "n next exercise" in text and "Enter start now" in text  # keys wrap between pairs, not inside one


def test_the_countdown_is_big_on_a_tall_screen_and_plain_on_a_short_one() -> None:
    state = step(start((drill(),), 0.0), Tick(5.0))
    tall = [line.strip() for line in shown(state, height=30).splitlines()]
    scale = next(k for k in range(6, 0, -1) if all(row.strip() in tall for row in big("25", scale=k).plain.splitlines()))
    assert scale >= 2  # 30 rows leave room for bigger digits than the smallest
    short = shown(state, height=12)
    assert "\n25\n" in short and "███" not in short


def test_the_record_screen_shows_target_effort_and_pain() -> None:
    state = start((drill(),), 0.0)
    for name in ("enter", "enter", "tab", "7"):
        state = step(state, Key(name, 1.0))
    text = shown(state)
    assert "HOW DID IT GO?" in text
    assert "reps done:  12" in text and "target 8–12" in text
    assert "effort:  7" in text and "pain:  -" in text


def test_paused_detail_and_quit_show_on_screen() -> None:
    state = start((drill(),), 0.0)
    for name in ("space", "i"):
        state = step(state, Key(name, 1.0))
    text = shown(state)
    assert "(paused)" in text and "Space resume" in text
    assert "1. Band round the feet." in text and "- Jerking: slow down." in text
    state = step(state, Key("q", 2.0))
    assert "Quit? The 0 sets recorded stay in the log." in shown(state)


def test_one_sided_work_shows_the_side_and_the_switch() -> None:
    state = start((drill(unit="seconds", low=20, high=30, sides=("left", "right"), tempo=None),), 0.0, ready_seconds=5)
    state = step(state, Tick(35.0))
    assert "set 1 of 3   left side" in shown(state) and "HOLD" in shown(state)
    state = step(state, Tick(65.0))
    state = step(state, Key("enter", 65.5))
    assert "SWITCH SIDES: right side next" in shown(state)


def test_pace_shows_the_part_of_the_rep() -> None:
    state = start((drill(),), 0.0, pace=True)
    state = step(state, Key("enter", 0.0))
    state = step(state, Tick(2.5))
    assert "rep 1: PAUSE 1" in shown(state)


def test_elapsed_time_reads_against_the_estimate() -> None:
    state = step(start((drill(),), 0.0), Tick(75.0))
    assert f"elapsed 1:15 of about {state.estimate // 60 + (state.estimate % 60 > 0)} min" in shown(state)
    assert clock(65) == "1:05" and clock(9) == "9" and clock(9, always_minutes=True) == "0:09"


def test_markup_and_control_characters_from_files_show_literally() -> None:
    text = shown(start((drill(name="[bold]Band[/bold] \x1b[2J march", cue="[red]x"),), 0.0))
    assert "[bold]Band[/bold] \\x1b[2J march" in text and "[red]x" in text


def test_an_unknown_colour_name_shows_as_words_only() -> None:
    text = shown(start((drill(band_colour="tan-ish"),), 0.0))
    assert "light (tan-ish)" in text


def short_screens(state: State) -> list[tuple[int, int, str]]:
    return [(width, height, shown(state, width=width, height=height)) for width in (40, 60, 80) for height in range(12, 25)]


def pressed(state: State, *names: str) -> State:
    for name in names:
        state = step(state, Key(name, 1.0))
    return state


def test_a_short_screen_leaves_out_extras_never_the_dose_band_or_countdown() -> None:
    """A phone over SSH or a tmux split (12 rows and up): what to do now is on it, and nothing runs off the bottom."""
    fresh = start((drill(),), 0.0)
    holding = step(start((drill(unit="seconds", low=20, high=30, tempo=None),), 0.0, ready_seconds=5), Tick(35.0))
    states = {"GET SET": fresh, "HOW DID IT GO?": pressed(fresh, "enter", "enter"), "REST": pressed(fresh, "enter", "enter", "enter"),
              "HOLD": holding, "(paused)": pressed(fresh, "space", "i")}
    for title, state in states.items():
        assert state.drill is not None
        for width, height, text in short_screens(state):
            lines = text.rstrip("\n").splitlines()
            assert len(lines) <= height, (title, width, height, text)
            flat = " ".join(text.split())
            assert title in text and state.drill.dose in flat and "light (red)" in flat, (title, width, height, text)
            if title == "HOW DID IT GO?":
                assert "reps done" in text and "pain" in text, (width, height, text)
            if title == "HOLD":
                assert re.search(r"\n\d+(:\d\d)?\n", text) or "███" in text, (width, height, text)  # the countdown
    assert "cue Slow and tall." in shown(fresh, height=24) and "q quit" in shown(fresh, height=24)


def test_the_quit_question_survives_the_shortest_screen() -> None:
    asking = pressed(start((drill(),), 0.0), "q")
    for width, height, text in short_screens(asking):
        assert "Quit?" in text and "y quit" in " ".join(text.split()), (width, height, text)


def test_the_countdown_fills_a_big_screen_centred_and_still_fits_forty_by_twelve() -> None:
    state = step(start((drill(),), 0.0), Tick(5.0))
    text = shown(state, width=100, height=35)
    rows = [line for line in text.splitlines() if "█" in line and "band" not in line]
    assert len(rows) >= 15  # three times the 5-row font
    widest = max(rows, key=lambda line: len(line.strip()))
    left = len(widest) - len(widest.lstrip())
    right = 100 - len(widest.rstrip())
    assert abs(left - right) <= 2 and len(widest.strip()) >= 30  # centred, and wide enough to read across a room
    assert len(text.splitlines()) <= 35 and "3 × 8–12 per side" in text and "light (red)" in text
    small = shown(state, width=40, height=12)
    assert len(small.splitlines()) <= 12 and "25" in small and "light (red)" in small


def test_counts_say_what_they_are_for() -> None:
    state = start((drill(),), 0.0, setup_seconds=20)
    text = " ".join(shown(state).split())
    assert "GET SET put the light band on, get into position (Enter starts now)" in text
    hold = drill(unit="seconds", low=20, high=30, sides=("left", "right"), tempo=None, band=None)
    state = step(start((hold,), 0.0, setup_seconds=0, ready_seconds=4), Tick(0.5))
    assert "the hold starts at 0" in " ".join(shown(state).split())


def test_a_hold_is_recorded_as_seconds_held_and_a_stretch_has_no_omni_res() -> None:
    stretch = drill(unit="seconds", low=20, high=30, tempo=None, band=None, effort=None, effort_scale=None)
    state = start((stretch,), 0.0, setup_seconds=0, ready_seconds=0)
    state = step(state, Tick(31.0))
    text = " ".join(shown(state).split())
    assert "seconds held: 30" in text and "seconds held done" not in text
    assert "OMNI-RES" not in text and "how hard it felt" in text


def test_the_pain_warning_shows_on_the_exercise_and_side_that_hurt_with_its_limit() -> None:
    groin = drill(slug="copenhagen", name="Copenhagen plank", unit="seconds", low=10, high=20,
                  sides=("left", "right"), tempo=None, band=None, pain_limit=3, pain_source="ASP; Harøy 2019")
    state = start((groin, drill()), 0.0, setup_seconds=0, ready_seconds=0)
    state = step(state, Tick(21.0))
    form = " ".join(shown(state).split())
    assert "3 at most (ASP; Harøy 2019)" in form
    for name in ("tab", "tab", "4", "enter"):
        state = step(state, Key(name, 22.0))
    text = " ".join(shown(state).split())
    assert "Copenhagen plank" in text and "left side" in text and "Pain 4/10 on the left side is above the 3/10" in text
    assert "n stop this exercise" in text and "Band march" not in text.split("next")[0]


def test_the_recap_counts_sets_against_plan_and_flags_pain() -> None:
    from hipcli.live import recap_view
    from hipcli.recap import recap

    state = start((drill(sets=2, rest=0), drill(slug="b", name="Bridge", sets=1)), 0.0, setup_seconds=0)
    for name in ("enter", "enter", "enter", "tab", "tab", "6", "enter", "n"):
        state = step(state, Key(name, 1.0))
    done = recap(state)
    assert done.recorded == 2 and done.planned == 3
    console = Console(width=100, no_color=True, record=True)
    console.print(recap_view(done, changes=("band-march: hold (R12)",), next_session="Thu 10 Dec 2026"))
    text = console.export_text()
    assert "2 of 3 sets recorded" in text and "6/10 above 5 (set 2)" in text
    assert "- band-march: hold (R12)" in text and "Next session: Thu 10 Dec 2026" in text


BRAILLE = re.compile("[\u2801-\u28ff]")


def drawn_session(bundled):  # type: ignore[no-untyped-def]
    """A clamshell (a card with a bundled figure) as the trainer runs it, and the shell's drawer for it."""
    from hipcli.figures import terminal_figures

    card = bundled.by_slug["banded-clamshell"]
    clamshell = drill(slug=card.slug, name=card.name, unit="reps")

    def draw(slug: str, width: int, height: int) -> list[str]:
        return terminal_figures(bundled.by_slug[slug], width, height)

    return clamshell, draw


def with_figure(state: State, draw, width: int, height: int) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=width, height=height, no_color=True, force_terminal=False, record=True)
    console.print(screen(state, width=width, height=height, figure=draw))
    return console.export_text()


def test_a_roomy_screen_draws_the_start_and_end_positions_below_the_dose(bundled) -> None:  # type: ignore[no-untyped-def]
    clamshell, draw = drawn_session(bundled)
    counting = step(start((clamshell,), 0.0), Tick(5.0))
    text = with_figure(counting, draw, 100, 35)
    lines = text.splitlines()
    drawing = [number for number, line in enumerate(lines) if BRAILLE.search(line)]
    assert len(drawing) >= 4 and len(lines) <= 35
    labels = lines[drawing[-1] + 1].split()
    assert labels == ["start", "end"]
    dose = next(number for number, line in enumerate(lines) if "3 × 8–12 per side" in line)
    countdown = next(number for number, line in enumerate(lines) if "███" in line and "band" not in line)
    assert dose < drawing[0] and drawing[-1] < countdown  # below the dose, above the countdown
    assert "light (red)" in text and "cue Slow and tall." in text and "q quit" in text
    assert all(len(line) <= 100 for line in lines)


def test_the_drawing_is_the_first_thing_a_short_or_narrow_screen_gives_up(bundled) -> None:  # type: ignore[no-untyped-def]
    """Wherever it is drawn, every line the screen shows without it is still there, and the countdown keeps doubled
    digits; at 60 x 20 and under 60 columns, no drawing."""
    clamshell, draw = drawn_session(bundled)
    fresh = start((clamshell,), 0.0)
    states = {"GET SET": fresh, "countdown": step(fresh, Tick(5.0)), "HOW DID IT GO?": pressed(fresh, "enter", "enter"),
              "GO": pressed(fresh, "enter"), "quit": pressed(fresh, "q"), "detail": pressed(fresh, "i")}
    drawn_somewhere = set()
    for name, state in states.items():
        for width in (40, 59, 60, 80, 100, 140):
            for height in range(12, 48, 3):
                plain = shown(state, width=width, height=height)
                text = with_figure(state, draw, width, height)
                assert len(text.splitlines()) <= height, (name, width, height, text)
                if not BRAILLE.search(text):
                    assert text == plain, (name, width, height)
                    continue
                drawn_somewhere.add(name)
                assert width >= 60, (name, width, height)

                def words(screen: str) -> list[str]:
                    # Everything but the drawing and the block digits, whose size the drawing may change.
                    return [line.strip() for line in screen.splitlines()
                            if line.strip() and not BRAILLE.search(line) and "█" not in line and line.split() != ["start", "end"]]

                kept = words(text)
                assert all(line in kept for line in words(plain)), (name, width, height, text)
                if name == "countdown":
                    assert sum("█" in line for line in text.splitlines()) >= 10 + 1, (width, height, text)  # doubled digits, and the band's swatch
    assert drawn_somewhere == set(states)
    assert not BRAILLE.search(with_figure(step(fresh, Tick(5.0)), draw, 60, 20))


def test_a_card_without_a_figure_leaves_the_screen_as_it_was() -> None:
    """A user's card with no pose description (the drawer finds nothing) changes no line of the screen."""
    asked: list[tuple[str, int, int]] = []

    def nothing(slug: str, width: int, height: int) -> list[str]:
        asked.append((slug, width, height))
        return []

    state = step(start((drill(),), 0.0), Tick(5.0))
    assert with_figure(state, nothing, 100, 35) == shown(state, width=100, height=35)
    assert asked and asked[0][0] == "band-march" and asked[0][1] == 98
