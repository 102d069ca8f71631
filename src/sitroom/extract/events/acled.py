"""ACLED event type and sub-event type for a PLOVER-coded event."""

from __future__ import annotations

from sitroom.model import Event

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

_REMOTE_MODES = {
    "air": "Air/drone strike",
    "drone": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack",
    "rocket": "Shelling/artillery/missile attack",
    "artillery": "Shelling/artillery/missile attack",
    "mortar": "Shelling/artillery/missile attack",
    "suicide": "Suicide bomb",
    "grenade": "Grenade",
    "explosives": "Remote explosive/landmine/IED",
    "chemical": "Chemical weapon",
}
_VAC_MODES = {
    "abduction": "Abduction/forced disappearance",
    "sexual": "Sexual violence",
}
_ONE_SIDED_MODES = frozenset(
    {"", "massacre", "execution", "torture", "beat", "assassination", "small-arms", "raid"}
)


def _assault_label(e: Event) -> tuple[str, str]:
    mode = e.mode
    if mode in _REMOTE_MODES:
        return REMOTE, _REMOTE_MODES[mode]
    if mode in _VAC_MODES:
        return VAC, _VAC_MODES[mode]
    if mode in {"arson", "looting"}:
        return STRATEGIC, "Looting/property destruction"
    if mode == "territorial-control":
        rebels = any(a.sector == "REB" or a.group for a in e.source)
        if rebels:
            return BATTLES, "Non-state actor overtakes territory"
        return BATTLES, "Government regains territory"
    civilians = e.casualties.victim_sector == "CVL" or (
        bool(e.target) and all(a.sector == "CVL" for a in e.target)
    )
    if civilians and mode in _ONE_SIDED_MODES:
        return VAC, "Attack"
    return BATTLES, "Armed clash"


def acled_label(event: Event) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type); ("", "") for events outside ACLED's scope."""
    t, mode = event.type, event.mode
    if t == "ASSAULT":
        return _assault_label(event)
    if t == "PROTEST":
        if mode == "riot":
            return RIOTS, "Violent demonstration"
        if mode == "mob":
            return RIOTS, "Mob violence"
        return PROTESTS, "Peaceful protest"
    if t == "COERCE":
        if mode == "crowd-control":
            return PROTESTS, "Protest with intervention"
        if mode == "arrest":
            return STRATEGIC, "Arrests"
        if mode == "destroy":
            return STRATEGIC, "Looting/property destruction"
        if mode == "confiscate":
            return STRATEGIC, "Disrupted weapons use"
        return STRATEGIC, "Other"
    if t == "AGREE" and mode in {"ceasefire", "agreement", "peace-plan"}:
        return STRATEGIC, "Agreement"
    if t == "MOBILIZE":
        return STRATEGIC, "Change to group/activity"
    if t == "RETREAT" and mode == "withdrawal":
        return STRATEGIC, "Non-violent transfer of territory"
    if t == "CONCEDE" and mode == "territory":
        return STRATEGIC, "Non-violent transfer of territory"
    return "", ""
