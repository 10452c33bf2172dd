"""Load content/*.yaml into the model, collecting every error before raising."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kneepdf import model
from kneepdf.errors import ContentError, ContentErrors, Place
from kneepdf.load.stages import read_stages
from kneepdf.load.steps import read_step

# The red-flag box: its title, what to call, and its three parts.
FLAG_KEYS = ("title", "call_urgent", "call_emergency", "before", "same_day", "emergency")
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")

if TYPE_CHECKING:  # PyYAML is imported only when a file is read
    from yaml.nodes import Node

    from kneepdf.load.poses import PoseCheck
    from kneepdf.load.yamlio import Reader


def default_content_dir() -> Path:
    """The content shipped with kneepdf (inside the wheel, or beside the package in a checkout)."""
    packaged = Path(str(resources.files("kneepdf"))) / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def load_content(folder: Path | None = None, display: str | None = None, *,
                 check_pose: PoseCheck | None = None) -> model.Content:
    """Read and check a content folder; raise ContentErrors listing every problem.

    Pictures are read and checked as data; `check_pose` (see `load.poses.load_poses`) also
    poses each one and checks its contacts and limits (`kneepdf check`), which a build does
    for the pictures it draws.
    """
    if folder is None:
        folder, display = default_content_dir(), "content"
    shown = display if display is not None else str(folder)
    if not folder.is_dir():
        raise ContentErrors([ContentError(Place(shown, 1, 1), "no such content folder")])
    from kneepdf.load.poses import attach, load_poses

    loader = _Loader(folder, shown)
    content = loader.run()
    try:
        poses = load_poses(folder, shown, check=check_pose)
    except ContentErrors as exc:
        loader.errors += exc.errors
        poses = {}
    if loader.errors or content is None:
        raise ContentErrors(loader.errors)
    return attach(content, poses)  # each exercise's picture, from pictures/<id>.yaml


class _Loader:
    """Reads each file of one content folder."""

    def __init__(self, folder: Path, shown: str) -> None:
        self.folder = folder
        self.shown = shown
        self.errors: list[ContentError] = []
        self.item_places: dict[str, Place] = {}
        self.broken_steps = False  # a step file failed to load: its id is unknown

    def _read(self, relative: str) -> tuple[Reader, Node] | None:
        from kneepdf.load.yamlio import Reader, load

        path = f"{self.shown}/{relative}"
        file = self.folder / relative
        if not file.is_file():
            self.errors.append(ContentError(Place(path, 1, 1), "the file is missing"))
            return None
        try:
            node = load(file, path)
        except ContentError as exc:
            self.errors.append(exc)
            return None
        return Reader(path, self.errors), node

    def _required(self, name: str, keys: tuple[str, ...]) -> tuple[Reader, dict[str, Node]] | None:
        """A top-level file that must hold exactly `keys`, or None (its errors recorded)."""
        got = self._read(name)
        if got is None:
            return None
        r, node = got
        f = r.fields(node, name, keys)
        if f is None or len(f) < len(keys):
            return None
        return r, f

    def run(self) -> model.Content | None:
        handout = self._handout()
        safety = self._safety()
        steps = self._steps()
        items = {item.id: item for step in steps for item in step.items}
        stages = self._stages(steps, items)
        conditions = self._conditions(items, stages)
        if handout is None or safety is None or conditions is None or stages is None:
            return None
        title, version, reviewed, how_to_use = handout
        cond_title, cond_intro, conds, other = conditions
        return model.Content(
            title=title, how_to_use=how_to_use, safety=safety, conditions_title=cond_title,
            conditions_intro=cond_intro, conditions=conds, other_causes=other,
            stages=stages, steps=steps, version=version, reviewed=reviewed,
        )

    def _handout(self) -> tuple[str, str, dt.date | None, tuple[str, ...]] | None:
        got = self._required("handout.yaml", ("title", "version", "reviewed", "how_to_use"))
        if got is None:
            return None
        r, f = got
        return (r.text(f["title"], "title"), r.text(f["version"], "version"),
                r.date(f["reviewed"], "reviewed"), r.texts(f["how_to_use"], "how_to_use"))

    def _safety(self) -> model.Safety | None:
        got = self._required("safety.yaml", ("red_flags", "pain_scale", "flare_up", "disclaimer"))
        if got is None:
            return None
        r, f = got
        flags = r.fields(f["red_flags"], "red_flags", FLAG_KEYS)
        pain = r.fields(f["pain_scale"], "pain_scale", ("intro", "bands", "rule"))
        flare = r.fields(f["flare_up"], "flare_up", ("title", "steps"))
        disc = r.fields(f["disclaimer"], "disclaimer", ("short", "full"))
        if (not flags or len(flags) < len(FLAG_KEYS) or not pain or len(pain) < 3 or not disc
                or len(disc) < 2 or not flare or len(flare) < 2):
            return None
        parts = [self._flags(r, flags[key], f"red_flags.{key}")
                 for key in ("before", "same_day", "emergency")]
        bands = r.items(pain["bands"], "pain_scale.bands", lambda n: self._band(r, n))
        if len(bands) != 3:
            r.error(pain["bands"], f"pain_scale.bands must have exactly 3 bands, got {len(bands)}")
            return None
        plan = r.texts(flare["steps"], "flare_up.steps")
        if not plan:
            r.error(flare["steps"], "flare_up.steps must list at least one thing to do")
        before, same_day, emergency = parts
        if before is None or same_day is None or emergency is None:
            return None
        return model.Safety(
            red_flag_title=r.text(flags["title"], "red_flags.title"),
            before=before, same_day=same_day, emergency=emergency,
            call_urgent=r.text(flags["call_urgent"], "red_flags.call_urgent"),
            call_emergency=r.text(flags["call_emergency"], "red_flags.call_emergency"),
            pain_intro=r.text(pain["intro"], "pain_scale.intro"),
            pain_bands=(bands[0], bands[1], bands[2]),
            pain_rule=r.text(pain["rule"], "pain_scale.rule"),
            flare_up_title=r.text(flare["title"], "flare_up.title"), flare_up=plan,
            disclaimer_short=r.text(disc["short"], "disclaimer.short"),
            disclaimer_full=r.text(disc["full"], "disclaimer.full"),
            place=r.place(f["red_flags"]),
        )

    def _flags(self, r: Reader, node: Node, what: str) -> model.FlagList | None:
        f = r.fields(node, what, ("intro", "items"))
        if f is None or len(f) < 2:
            return None
        items = r.texts(f["items"], f"{what}.items")
        if not items:
            r.error(f["items"], f"{what}.items must list at least one sign")
        intro = r.text(f["intro"], f"{what}.intro")
        lines = [(f["intro"], intro), *zip(getattr(f["items"], "value", ()), items,
                                           strict=False)]
        for where, line in lines:
            for name in _PLACEHOLDER.findall(line):
                if name not in ("urgent", "emergency"):
                    r.error(where, f"'{{{name}}}' is not something to call; write "
                            "{urgent} or {emergency}")
            if _PLACEHOLDER.sub("", line).count("{") or _PLACEHOLDER.sub("", line).count("}"):
                r.error(where, "a brace must be part of {urgent} or {emergency}")
        return model.FlagList(intro, items)

    def _band(self, r: Reader, node: Node) -> model.PainBand | None:
        f = r.fields(node, "a pain band", ("range", "label", "text"))
        if f is None or len(f) < 3:
            return None
        return model.PainBand(
            range=r.text(f["range"], "range"), label=r.text(f["label"], "label"),
            text=r.text(f["text"], "text"),
        )

    def _conditions(
        self, items: dict[str, model.Item], stages: tuple[model.Stage, ...] | None,
    ) -> tuple[str, str, tuple[model.Condition, ...], str] | None:
        got = self._required("conditions.yaml", ("title", "intro", "conditions", "other_causes"))
        if got is None:
            return None
        r, f = got
        seen: dict[str, Place] = {}
        stage_ids = [s.id for s in stages or ()]

        def one(n: Node) -> model.Condition | None:
            c = r.fields(n, "a condition", ("id", "name", "text"), ("changes",))
            if c is None or len(c.keys() & {"id", "name", "text"}) < 3:
                return None
            cid = r.ident(c["id"], "id")
            if cid in seen:
                r.error(c["id"], f"the id '{cid}' is used twice (first at {seen[cid]})")
            seen[cid] = r.place(c["id"])
            changes = tuple(r.items(c["changes"], "changes",
                                    lambda m: self._change(r, m, items, stage_ids))
                            ) if "changes" in c else ()
            return model.Condition(cid, r.text(c["name"], "name"), r.text(c["text"], "text"),
                                   changes)

        conds = tuple(r.items(f["conditions"], "conditions", one))
        return (
            r.text(f["title"], "title"), r.text(f["intro"], "intro"), conds,
            r.text(f["other_causes"], "other_causes"),
        )

    def _change(self, r: Reader, node: Node, items: dict[str, model.Item],
                stage_ids: list[str]) -> model.ItemChange | None:
        keys = ("item", "add", "stages", "instead", "cautions", "instructions", "progressions")
        f = r.fields(node, "a change", (), keys)
        if f is None:
            return None
        if "add" in f:
            return self._addition(r, node, f, items, stage_ids)
        if "item" not in f:
            r.error(node, "a change must name the item it changes (item: ID) or the variant "
                    "item it adds (add: ID)")
            return None
        if not f.keys() & {"instead", "cautions", "instructions", "progressions"}:
            r.error(node, "a change must give at least one of: instead, cautions, "
                    "instructions, progressions")
        item_id = self._known_item(r, f["item"], "item", items)
        stages = self._change_stages(r, f, stage_ids)
        instead = self._known_item(r, f["instead"], "instead", items) if "instead" in f else ""
        if instead and instead in items and not items[instead].variant:
            r.error(f["instead"], f"'{instead}' must be a variant item (variant: true) to "
                    "stand in for another")

        def texts(key: str) -> tuple[str, ...]:
            return r.texts(f[key], key) if key in f else ()

        return model.ItemChange(
            item=item_id, place=r.place(f["item"]), stages=stages, instead=instead,
            cautions=texts("cautions"), instructions=texts("instructions"),
            progressions=texts("progressions"),
        )

    def _addition(self, r: Reader, node: Node, f: dict[str, Node],
                  items: dict[str, model.Item], stage_ids: list[str]) -> model.ItemChange | None:
        """`add: ID` (with `stages`): a variant item the condition puts in the handout."""
        for key in f.keys() - {"add", "stages"}:
            r.error(f[key], f"a change that adds an item takes only 'stages', not '{key}'")
        item_id = self._known_item(r, f["add"], "add", items)
        item = items.get(item_id)
        if item is not None and not item.variant:
            r.error(f["add"], f"'{item_id}' must be a variant item (variant: true) to be "
                    "added by a condition")
        if item is not None and item.high_load:
            r.error(f["add"], f"'{item_id}' is high-load work; a condition cannot add it")
        return model.ItemChange(item="", place=r.place(f["add"]), add=item_id,
                                stages=self._change_stages(r, f, stage_ids))

    def _change_stages(self, r: Reader, f: dict[str, Node],
                       stage_ids: list[str]) -> tuple[str, ...]:
        if "stages" not in f:
            return ()
        node = f["stages"]
        if getattr(node, "id", "") != "sequence":
            r.error(node, "stages must be a list of stage ids")
            return ()
        stages = tuple(r.ident(n, "stages item") for n in node.value)
        for n, sid in zip(node.value, stages, strict=False):
            if stage_ids and sid and sid not in stage_ids:
                r.error(n, f"no stage has the id '{sid}'; known stages: " + ", ".join(stage_ids))
        return stages

    def _known_item(self, r: Reader, node: Node, what: str,
                    items: dict[str, model.Item]) -> str:
        item_id = r.ident(node, what)
        if item_id and item_id not in items and not self.broken_steps:
            r.error(node, f"no item has the id '{item_id}'")
        return item_id

    def _steps(self) -> tuple[model.Step, ...]:
        folder = self.folder / "steps"
        files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        if not files:
            where = Place(f"{self.shown}/steps", 1, 1)
            self.errors.append(ContentError(where, "no step files (steps/NN-name.yaml) found"))
            return ()
        steps: list[model.Step] = []
        numbers: dict[int, Place] = {}
        ids: dict[str, Place] = {}
        for file in files:
            got = self._read(f"steps/{file.name}")
            step = read_step(*got, self.item_places) if got is not None else None
            if step is None:
                self.broken_steps = True
                continue
            if step.number in numbers:
                self.errors.append(ContentError(step.place, f"step number {step.number} is used "
                                                f"twice (first at {numbers[step.number]})"))
            if step.id in ids:
                self.errors.append(ContentError(
                    step.place, f"the step id '{step.id}' is used twice (first at {ids[step.id]})"))
            numbers.setdefault(step.number, step.place)
            ids.setdefault(step.id, step.place)
            steps.append(step)
        return tuple(sorted(steps, key=lambda s: s.number))

    def _stages(
        self, steps: tuple[model.Step, ...], items: dict[str, model.Item]
    ) -> tuple[model.Stage, ...] | None:
        got = self._read("stages.yaml")
        if got is None:
            return None
        return read_stages(*got, steps, items, self.broken_steps)
