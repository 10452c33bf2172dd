"""Read content/stages.yaml: each stage's steps, timeline, flare-up plan and "Move on" lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf import model
from kneepdf.errors import Place

if TYPE_CHECKING:  # PyYAML is imported only when a file is read
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

STAGE_KEYS = ("id", "name", "goal", "steps", "move_on", "timeline")


def read_stages(
    r: Reader, node: Node, steps: tuple[model.Step, ...], items: dict[str, model.Item],
    broken_steps: bool,
) -> tuple[model.Stage, ...] | None:
    """Every stage; step and item ids are checked against `steps` and `items` unless a step
    file failed to load (`broken_steps`), when they cannot be known."""
    f = r.fields(node, "stages.yaml", ("stages",))
    if f is None or "stages" not in f:
        return None
    reader = _StageReader(r, {s.id: s for s in steps}, items, broken_steps)
    stages = tuple(r.items(f["stages"], "stages", reader.stage))
    numbers = sorted(s.number for s in stages if s.number is not None)
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        r.error(f["stages"], f"stage numbers must run 1, 2, 3 ... without gaps, got {numbers}")
    return stages


class _StageReader:
    """Reads one stage at a time, remembering the ids seen."""

    def __init__(self, r: Reader, steps: dict[str, model.Step], items: dict[str, model.Item],
                 broken_steps: bool) -> None:
        self.r = r
        self.steps = steps
        self.items = items
        self.broken = broken_steps
        self.seen: dict[str, Place] = {}

    def stage(self, node: Node) -> model.Stage | None:
        r = self.r
        f = r.fields(node, "a stage", STAGE_KEYS,
                     ("number", "high_load", "flare_up", "how_to_use_first",
                      "high_load_label"))
        if f is None or len(f.keys() & set(STAGE_KEYS)) < len(STAGE_KEYS):
            return None
        stage_id = r.ident(f["id"], "id")
        if stage_id in self.seen:
            r.error(f["id"], f"the stage id '{stage_id}' is used twice "
                    f"(first at {self.seen[stage_id]})")
        self.seen.setdefault(stage_id, r.place(f["id"]))
        high_load = r.flag(f["high_load"], "high_load") if "high_load" in f else False
        number = r.whole(f["number"], "number", 1, 9) if "number" in f else None
        listed: dict[str, Place] = {}
        stage_steps = tuple(r.items(
            f["steps"], "steps", lambda n: self.stage_step(n, stage_id, high_load, listed)))
        return model.Stage(
            id=stage_id, name=r.text(f["name"], "name"), goal=r.text(f["goal"], "goal"),
            place=r.place(f["id"]), steps=stage_steps,
            move_on=tuple(r.items(f["move_on"], "move_on", self.move_on)),
            number=number, high_load=high_load, timeline=self.timeline(f["timeline"]),
            flare_up=r.texts(f["flare_up"], "flare_up") if "flare_up" in f else (),
            how_to_use_first=(r.text(f["how_to_use_first"], "how_to_use_first")
                              if "how_to_use_first" in f else ""),
            high_load_label=(r.text(f["high_load_label"], "high_load_label")
                             if "high_load_label" in f else ""),
        )

    def stage_step(self, n: Node, stage_id: str, high_load: bool,
                   listed: dict[str, Place]) -> model.StageStep | None:
        r = self.r
        s = r.fields(n, "a stage step", ("step",), ("progressions", "items"))
        if s is None or "step" not in s:
            return None
        step_id = r.ident(s["step"], "step")
        step = self.steps.get(step_id)
        if step is None:
            if step_id and not self.broken:
                r.error(s["step"], f"no step has the id '{step_id}'; known steps: "
                        + ", ".join(self.steps))
            return None
        if step_id in listed:
            r.error(s["step"], f"the step '{step_id}' is listed twice in the stage "
                    f"'{stage_id}' (first at {listed[step_id]})")
            return None
        listed[step_id] = r.place(s["step"])
        only = self.subset(s["items"], step) if "items" in s else ()
        if not high_load:
            for item in step.items:
                if item.high_load and (not only or item.id in only):
                    r.error(s["step"], f"the stage '{stage_id}' does not allow high-load "
                            f"items, but step '{step_id}' has '{item.id}' ({item.place})")
        progressions = r.flag(s["progressions"], "progressions") if "progressions" in s else False
        return model.StageStep(step_id, r.place(s["step"]), progressions, only)

    def subset(self, node: Node, step: model.Step) -> tuple[str, ...]:
        r = self.r
        ids = r.texts(node, "items")
        own = [item.id for item in step.items]
        for child, item_id in zip(getattr(node, "value", ()), ids, strict=False):
            if item_id and item_id not in own:
                r.error(child, f"the step '{step.id}' has no item '{item_id}'; its items: "
                        + ", ".join(own))
        if not ids and getattr(node, "id", "") == "sequence":
            r.error(node, "items must list at least one item id (leave it out for all)")
        return ids

    def move_on(self, node: Node) -> model.MoveOn | None:
        """A line of text, or {text: ..., needs: item-id or [item-ids]}."""
        r = self.r
        if getattr(node, "id", "") != "mapping":
            return model.MoveOn(r.text(node, "move_on item"))
        f = r.fields(node, "a move_on line", ("text",), ("needs",))
        if f is None or "text" not in f:
            return None
        needs: tuple[str, ...] = ()
        if "needs" in f:
            nodes = f["needs"].value if getattr(f["needs"], "id", "") == "sequence" \
                else [f["needs"]]
            needs = tuple(r.ident(n, "needs") for n in nodes)
            for n, item_id in zip(nodes, needs, strict=True):
                if item_id and item_id not in self.items and not self.broken:
                    r.error(n, f"no item has the id '{item_id}'")
        return model.MoveOn(r.text(f["text"], "text"), needs)

    def timeline(self, node: Node) -> model.Timeline | None:
        r = self.r
        keys = ("lasts", "change", "come_back")
        f = r.fields(node, "timeline", keys)
        if f is None or len(f) < len(keys):
            return None
        return model.Timeline(*(r.text(f[k], f"timeline.{k}") for k in keys))
