"""FIT activity files written the way a Garmin watch writes a strength workout, with Garmin's own encoder.

A watch's strength activity holds file_id (type activity), the workout and
its steps it followed, one set message per set (active sets and the rests
between them, each active set naming its workout step in wkt_step_index),
then session and activity summaries (FIT SDK cookbook, "Activity file";
Profile message 225, set).
"""

from __future__ import annotations

import datetime

from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
START = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=datetime.timezone.utc)


def activity(sets, *, steps=(), workout_name="Hip strength beginner", sport="training",
             sub_sport="strength_training", start=START, file_type="activity"):
    """sets: dicts with step (wkt_step_index or None), reps, seconds, category."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": file_type, "manufacturer": "garmin", "product": 3113,
                        "serial_number": 3456789012, "time_created": start})
    encoder.write_mesg({"mesg_num": MESG["EVENT"], "timestamp": start, "event": "timer", "event_type": "start"})
    if steps:
        encoder.write_mesg({"mesg_num": MESG["WORKOUT"], "wkt_name": workout_name, "sport": "training",
                            "sub_sport": "strength_training", "num_valid_steps": len(steps)})
        for index, step in enumerate(steps):
            encoder.write_mesg({"mesg_num": MESG["WORKOUT_STEP"], "message_index": index, **step})
    clock = start
    for index, item in enumerate(sets):
        length = item.get("seconds") or 40
        record = {"mesg_num": MESG["SET"], "timestamp": clock + datetime.timedelta(seconds=length),
                  "start_time": clock, "duration": float(length), "set_type": "active",
                  "message_index": 2 * index}
        if item.get("reps") is not None:
            record["repetitions"] = item["reps"]
        if item.get("category"):
            record["category"] = [item["category"]]
        if item.get("step") is not None:
            record["wkt_step_index"] = item["step"]
        encoder.write_mesg(record)
        clock += datetime.timedelta(seconds=length)
        encoder.write_mesg({"mesg_num": MESG["SET"], "timestamp": clock + datetime.timedelta(seconds=60),
                            "start_time": clock, "duration": 60.0, "set_type": "rest",
                            "message_index": 2 * index + 1})
        clock += datetime.timedelta(seconds=60)
    elapsed = (clock - start).total_seconds()
    encoder.write_mesg({"mesg_num": MESG["SESSION"], "timestamp": clock, "start_time": start,
                        "total_elapsed_time": elapsed, "total_timer_time": elapsed, "sport": sport,
                        "sub_sport": sub_sport, "event": "session", "event_type": "stop"})
    encoder.write_mesg({"mesg_num": MESG["ACTIVITY"], "timestamp": clock, "num_sessions": 1,
                        "type": "manual", "event": "activity", "event_type": "stop"})
    return encoder.close()


def steps_as_recorded(workout_bytes):
    """The workout_step messages of a workout file, as the watch copies them into the activity."""
    import io

    import fitdecode

    found = []
    with fitdecode.FitReader(io.BytesIO(workout_bytes)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                values = {f.name: f.value for f in frame.fields if f.value is not None}
                found.append({key: values[key] for key in ("wkt_step_name", "intensity", "exercise_category",
                                                           "duration_type", "target_type") if key in values})
    return found
