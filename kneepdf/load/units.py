"""The words of the content as translation units: read out of the English, put back in another
language. A unit is one id's words (an item, a step, a stage, a picture's frame labels ...) as
text, lists and mappings; its fingerprint is a short hash of that English."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kneepdf import model
from kneepdf.errors import Place

Words = Any  # str | list[Words] | dict[str, Words]; JSON-like, checked by shape
Unit = tuple[Place, Words]  # where the English is, and its words


def fingerprint(words: Words) -> str:
    """Eight hex digits that change whenever the English words change."""
    text = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def relative(path: str) -> str:
    """A content file's name within its folder: "steps/06-strengthen.yaml", "safety.yaml"."""
    parts = path.replace("\\", "/").split("/")
    keep = 2 if len(parts) > 1 and parts[-2] in ("steps", "pictures") else 1
    return "/".join(parts[-keep:])


def _some(**fields: Words) -> dict[str, Words]:
    """The fields that hold words (empty texts and lists left out)."""
    return {k: v for k, v in fields.items() if v}


def _item(item: model.Item) -> dict[str, Words]:
    return _some(name=item.name, text=item.text, purpose=item.purpose,
                 details=list(item.details), equipment=list(item.equipment),
                 instructions=list(item.instructions), cautions=list(item.cautions),
                 progressions=list(item.progressions), start_test=item.start_test,
                 table=[list(row) for row in item.table])


def _step(step: model.Step) -> dict[str, Words]:
    return _some(title=step.title, intro=step.intro, points=list(step.points), note=step.note)


def _stage(stage: model.Stage) -> dict[str, Words]:
    timeline = stage.timeline._asdict() if stage.timeline is not None else {}
    return _some(name=stage.name, goal=stage.goal, move_on=[m.text for m in stage.move_on],
                 timeline=timeline, flare_up=list(stage.flare_up),
                 how_to_use_first=stage.how_to_use_first, high_load_label=stage.high_load_label)


def _change(change: model.ItemChange) -> dict[str, Words]:
    return _some(cautions=list(change.cautions), instructions=list(change.instructions),
                 progressions=list(change.progressions))


def _flags(flags: model.FlagList) -> dict[str, Words]:
    return {"intro": flags.intro, "items": list(flags.items)}


def units(content: model.Content) -> dict[str, dict[str, Unit]]:
    """Every unit of the content, by the English file's name (as `content.steps[0].place`
    names it, less the content folder) and id, in file order."""
    out: dict[str, dict[str, Unit]] = {}

    def add(place: Place, unit_id: str, words: Words) -> None:
        out.setdefault(relative(place.path), {})[unit_id] = (place, words)

    s = content.safety
    handout = s.place._replace(path=s.place.path.rpartition("/")[0] + "/handout.yaml", line=1,
                               col=1)
    add(handout, "handout", {"title": content.title, "how_to_use": list(content.how_to_use)})
    add(s.place, "red_flags", {
        "title": s.red_flag_title, "call_urgent": s.call_urgent,
        "call_emergency": s.call_emergency, "before": _flags(s.before),
        "same_day": _flags(s.same_day), "emergency": _flags(s.emergency)})
    add(s.place, "pain_scale", {"intro": s.pain_intro, "rule": s.pain_rule,
                                "bands": [b._asdict() for b in s.pain_bands]})
    add(s.place, "flare_up", {"title": s.flare_up_title, "steps": list(s.flare_up)})
    add(s.place, "disclaimer", {"short": s.disclaimer_short, "full": s.disclaimer_full})
    for step in content.steps:
        add(step.place, step.id, _step(step))
        for item in step.items:
            add(item.place, item.id, _item(item))
            if item.pose is not None:
                labels = [frame.label for frame in item.pose.frames]
                add(item.pose.place, item.id, {"labels": labels})
    for stage in content.stages:
        add(stage.place, stage.id, _stage(stage))
    if content.stages:
        where = content.stages[0].place
        conditions = where._replace(path=where.path.rpartition("/")[0] + "/conditions.yaml",
                                    line=1, col=1)
        add(conditions, "conditions", {"title": content.conditions_title,
                                       "intro": content.conditions_intro,
                                       "other_causes": content.other_causes})
        for c in content.conditions:
            changes = [_change(ch) for ch in c.changes if _change(ch)]
            add(conditions, c.id, _some(name=c.name, text=c.text, changes=changes))
    return out


def translated(content: model.Content, words: dict[str, dict[str, Words]],
               translation: model.Translation) -> model.Content:
    """The content with every unit's words replaced by `words` (by file and id, complete
    and of the English shape: see `load.lang`); ids, doses, stages and poses unchanged."""
    def unit(place: Place, unit_id: str) -> dict[str, Words]:
        got: dict[str, Words] = words[relative(place.path)][unit_id]
        return got

    def item(it: model.Item) -> model.Item:
        w = unit(it.place, it.id)
        pose = it.pose
        if pose is not None:
            labels = unit(pose.place, it.id)["labels"]
            pose = pose._replace(frames=tuple(f._replace(label=label) for f, label
                                              in zip(pose.frames, labels, strict=True)))
        return it._replace(
            name=w["name"], text=w.get("text", ""), purpose=w.get("purpose", ""),
            details=tuple(w.get("details", ())), equipment=tuple(w.get("equipment", ())),
            instructions=tuple(w.get("instructions", ())), cautions=tuple(w.get("cautions", ())),
            progressions=tuple(w.get("progressions", ())), start_test=w.get("start_test", ""),
            table=tuple(tuple(row) for row in w.get("table", ())), pose=pose)

    def step(st: model.Step) -> model.Step:
        w = unit(st.place, st.id)
        return st._replace(title=w["title"], intro=w.get("intro", ""),
                           points=tuple(w.get("points", ())), note=w.get("note", ""),
                           items=tuple(item(i) for i in st.items))

    def stage(sg: model.Stage) -> model.Stage:
        w = unit(sg.place, sg.id)
        timeline = model.Timeline(**w["timeline"]) if sg.timeline is not None else None
        move_on = tuple(m._replace(text=text) for m, text
                        in zip(sg.move_on, w.get("move_on", ()), strict=True))
        return sg._replace(name=w["name"], goal=w["goal"], move_on=move_on, timeline=timeline,
                           flare_up=tuple(w.get("flare_up", ())),
                           how_to_use_first=w.get("how_to_use_first", ""),
                           high_load_label=w.get("high_load_label", ""))

    cw = words["conditions.yaml"]

    def condition(c: model.Condition) -> model.Condition:
        w = cw[c.id]
        texts = iter(w.get("changes", ()))
        changes = []
        for ch in c.changes:
            if _change(ch):
                t = next(texts)
                ch = ch._replace(cautions=tuple(t.get("cautions", ())),
                                 instructions=tuple(t.get("instructions", ())),
                                 progressions=tuple(t.get("progressions", ())))
            changes.append(ch)
        return c._replace(name=w["name"], text=w["text"], changes=tuple(changes))

    s = content.safety
    sw = words["safety.yaml"]
    low, mid, high = (model.PainBand(**b) for b in sw["pain_scale"]["bands"])
    flags, pain = sw["red_flags"], sw["pain_scale"]

    def fl(w: dict[str, Words]) -> model.FlagList:
        return model.FlagList(w["intro"], tuple(w["items"]))

    safety = s._replace(
        red_flag_title=flags["title"], call_urgent=flags["call_urgent"],
        call_emergency=flags["call_emergency"], before=fl(flags["before"]),
        same_day=fl(flags["same_day"]), emergency=fl(flags["emergency"]),
        pain_intro=pain["intro"], pain_rule=pain["rule"],
        pain_bands=(low, mid, high),
        flare_up_title=sw["flare_up"]["title"], flare_up=tuple(sw["flare_up"]["steps"]),
        disclaimer_short=sw["disclaimer"]["short"], disclaimer_full=sw["disclaimer"]["full"])
    head = words["handout.yaml"]["handout"]
    return content._replace(
        title=head["title"], how_to_use=tuple(head["how_to_use"]), safety=safety,
        conditions_title=cw["conditions"]["title"], conditions_intro=cw["conditions"]["intro"],
        other_causes=cw["conditions"]["other_causes"],
        conditions=tuple(condition(c) for c in content.conditions),
        stages=tuple(stage(sg) for sg in content.stages),
        steps=tuple(step(st) for st in content.steps), translation=translation)
