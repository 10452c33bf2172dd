"""Load content/*.yaml into the model, collecting every error before raising."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kneepdf import model
from kneepdf.errors import ContentError, ContentErrors, Place

if TYPE_CHECKING:  # PyYAML is imported only when a file is read
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

ITEM_KINDS = ("advice", "exercise")


def default_content_dir() -> Path:
    """The content shipped with kneepdf (inside the wheel, or beside the package in a checkout)."""
    packaged = Path(str(resources.files("kneepdf"))) / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def source_files(folder: Path) -> list[Path]:
    """Every file a content folder is read from."""
    steps = folder / "steps"
    return sorted(folder.glob("*.yaml")) + (sorted(steps.glob("*.yaml")) if steps.is_dir() else [])


def load_content(folder: Path | None = None, display: str | None = None) -> model.Content:
    """Read and check a content folder; raise ContentErrors listing every problem."""
    if folder is None:
        folder, display = default_content_dir(), "content"
    shown = display if display is not None else str(folder)
    if not folder.is_dir():
        raise ContentErrors([ContentError(Place(shown, 1, 1), "no such content folder")])
    from kneepdf.load.poses import attach, load_poses

    loader = _Loader(folder, shown)
    content = loader.run()
    try:
        poses = load_poses(folder, shown)
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

    def run(self) -> model.Content | None:
        handout = self._handout()
        safety = self._safety()
        conditions = self._conditions()
        steps = self._steps()
        stages = self._stages(steps)
        if handout is None or safety is None or conditions is None or stages is None:
            return None
        title, how_to_use = handout
        cond_title, cond_intro, conds, other = conditions
        return model.Content(
            title=title, how_to_use=how_to_use, safety=safety, conditions_title=cond_title,
            conditions_intro=cond_intro, conditions=conds, other_causes=other,
            stages=stages, steps=steps,
        )

    def _handout(self) -> tuple[str, tuple[str, ...]] | None:
        got = self._read("handout.yaml")
        if got is None:
            return None
        r, node = got
        f = r.fields(node, "handout.yaml", ("title", "how_to_use"))
        if f is None or len(f) < 2:
            return None
        return r.text(f["title"], "title"), r.texts(f["how_to_use"], "how_to_use")

    def _safety(self) -> model.Safety | None:
        got = self._read("safety.yaml")
        if got is None:
            return None
        r, node = got
        f = r.fields(node, "safety.yaml", ("red_flags", "pain_scale", "disclaimer"))
        if f is None or len(f) < 3:
            return None
        flags = r.fields(f["red_flags"], "red_flags", ("title", "intro", "items"))
        pain = r.fields(f["pain_scale"], "pain_scale", ("intro", "bands"))
        disc = r.fields(f["disclaimer"], "disclaimer", ("short", "full"))
        if not flags or len(flags) < 3 or not pain or len(pain) < 2 or not disc or len(disc) < 2:
            return None
        red_flags = r.texts(flags["items"], "red_flags.items")
        if not red_flags:
            r.error(flags["items"], "red_flags.items must list at least one sign")
        bands = r.items(pain["bands"], "pain_scale.bands", lambda n: self._band(r, n))
        if len(bands) != 3:
            r.error(pain["bands"], f"pain_scale.bands must have exactly 3 bands, got {len(bands)}")
            return None
        return model.Safety(
            red_flag_title=r.text(flags["title"], "red_flags.title"),
            red_flag_intro=r.text(flags["intro"], "red_flags.intro"),
            red_flags=red_flags,
            pain_intro=r.text(pain["intro"], "pain_scale.intro"),
            pain_bands=(bands[0], bands[1], bands[2]),
            disclaimer_short=r.text(disc["short"], "disclaimer.short"),
            disclaimer_full=r.text(disc["full"], "disclaimer.full"),
            place=r.place(flags["items"]),
        )

    def _band(self, r: Reader, node: Node) -> model.PainBand | None:
        f = r.fields(node, "a pain band", ("range", "label", "text"))
        if f is None or len(f) < 3:
            return None
        return model.PainBand(
            range=r.text(f["range"], "range"), label=r.text(f["label"], "label"),
            text=r.text(f["text"], "text"),
        )

    def _conditions(
        self,
    ) -> tuple[str, str, tuple[model.Condition, ...], str] | None:
        got = self._read("conditions.yaml")
        if got is None:
            return None
        r, node = got
        keys = ("title", "intro", "conditions", "other_causes")
        f = r.fields(node, "conditions.yaml", keys)
        if f is None or len(f) < len(keys):
            return None
        seen: dict[str, Place] = {}

        def one(n: Node) -> model.Condition | None:
            c = r.fields(n, "a condition", ("id", "name", "text"))
            if c is None or len(c) < 3:
                return None
            cid = r.ident(c["id"], "id")
            if cid in seen:
                r.error(c["id"], f"the id '{cid}' is used twice (first at {seen[cid]})")
            seen[cid] = r.place(c["id"])
            return model.Condition(cid, r.text(c["name"], "name"), r.text(c["text"], "text"))

        conds = tuple(r.items(f["conditions"], "conditions", one))
        return (
            r.text(f["title"], "title"), r.text(f["intro"], "intro"), conds,
            r.text(f["other_causes"], "other_causes"),
        )

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
            step = self._step(*got) if got is not None else None
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

    def _step(self, r: Reader, node: Node) -> model.Step | None:
        f = r.fields(node, "a step", ("step", "id", "title", "items"), ("intro", "points", "note"))
        if f is None or len(f.keys() & {"step", "id", "title", "items"}) < 4:
            return None
        number = r.whole(f["step"], "step", 1, 99)
        items = tuple(r.items(f["items"], "items", lambda n: self._item(r, n)))
        if not items and isinstance(f["items"].value, list) and not f["items"].value:
            r.error(f["items"], "items must list at least one advice item or exercise")
        if number is None:
            return None
        return model.Step(
            number=number, id=r.ident(f["id"], "id"), title=r.text(f["title"], "title"),
            place=r.place(f["id"]), items=items,
            intro=r.text(f["intro"], "intro") if "intro" in f else "",
            points=r.texts(f["points"], "points") if "points" in f else (),
            note=r.text(f["note"], "note") if "note" in f else "",
        )

    def _item(self, r: Reader, node: Node) -> model.Item | None:
        f = r.fields(node, "an item", ("id", "type", "name"), (
            "text", "purpose", "details", "equipment", "instructions", "dose", "cautions",
            "progressions", "load",
        ))
        if f is None or len(f.keys() & {"id", "type", "name"}) < 3:
            return None
        item_id = r.ident(f["id"], "id")
        place = r.place(f["id"])
        if item_id in self.item_places:
            r.error(f["id"], f"the item id '{item_id}' is used twice "
                    f"(first at {self.item_places[item_id]})")
        self.item_places.setdefault(item_id, place)
        kind = r.choice(f["type"], "type", ITEM_KINDS)
        if kind == "exercise":
            for key in ("purpose", "instructions"):
                if key not in f:
                    r.error(node, f"the exercise '{item_id}' is missing the key '{key}'")
        elif kind == "advice" and "text" not in f:
            r.error(node, f"the advice item '{item_id}' is missing the key 'text'")
        load_level = r.choice(f["load"], "load", ("normal", "high")) if "load" in f else "normal"

        def texts(key: str) -> tuple[str, ...]:
            return r.texts(f[key], key) if key in f else ()

        def text(key: str) -> str:
            return r.text(f[key], key) if key in f else ""

        return model.Item(
            id=item_id, kind=kind or "advice", name=r.text(f["name"], "name"), place=place,
            text=text("text"), purpose=text("purpose"), details=texts("details"),
            equipment=texts("equipment"), instructions=texts("instructions"),
            dose=self._dose(r, f["dose"]) if "dose" in f else model.Dose(),
            cautions=texts("cautions"), progressions=texts("progressions"),
            high_load=load_level == "high",
        )

    def _dose(self, r: Reader, node: Node) -> model.Dose:
        f = r.fields(node, "dose", (), model.DOSE_FIELDS)
        if f is None:
            return model.Dose()
        values: dict[str, model.Amount | None] = {}
        for key, value in f.items():
            if key != "side":
                values[key] = self._amount(r, value, f"dose.{key}")
        side = r.choice(f["side"], "dose.side", model.SIDES) if "side" in f else None
        v = values.get
        return model.Dose(
            sets=v("sets"), reps=v("reps"), hold_seconds=v("hold_seconds"), seconds=v("seconds"),
            minutes=v("minutes"), times_per_day=v("times_per_day"), days=v("days"), side=side,
        )

    def _amount(self, r: Reader, node: Node, what: str) -> model.Amount | None:
        if getattr(node, "id", None) == "mapping":
            r.error(node, f"{what} must be a number or a range [low, high], got a mapping")
            return None
        if getattr(node, "id", None) == "sequence":
            parts = [r.whole(n, what, 1) for n in node.value]
            if len(parts) != 2:
                r.error(node, f"{what} must be a number or a range [low, high], "
                        f"got a list of {len(parts)}")
                return None
            low, high = parts
            if low is None or high is None:
                return None
            if low >= high:
                r.error(node, f"{what} range must go from low to high, got [{low}, {high}]")
                return None
            return (low, high)
        number = r.whole(node, what, 1)
        return None if number is None else (number, number)

    def _stages(self, steps: tuple[model.Step, ...]) -> tuple[model.Stage, ...] | None:
        got = self._read("stages.yaml")
        if got is None:
            return None
        r, node = got
        f = r.fields(node, "stages.yaml", ("stages",))
        if f is None or "stages" not in f:
            return None
        by_id = {s.id: s for s in steps}
        seen: dict[str, Place] = {}
        stages = tuple(r.items(f["stages"], "stages", lambda n: self._stage(r, n, by_id, seen)))
        numbers = sorted(s.number for s in stages if s.number is not None)
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            r.error(f["stages"], f"stage numbers must run 1, 2, 3 ... without gaps, got {numbers}")
        return stages

    def _stage(
        self, r: Reader, node: Node, steps: dict[str, model.Step], seen: dict[str, Place]
    ) -> model.Stage | None:
        f = r.fields(node, "a stage", ("id", "name", "goal", "steps", "move_on"),
                     ("number", "high_load"))
        if f is None or len(f.keys() & {"id", "name", "goal", "steps", "move_on"}) < 5:
            return None
        stage_id = r.ident(f["id"], "id")
        if stage_id in seen:
            r.error(f["id"], f"the stage id '{stage_id}' is used twice (first at {seen[stage_id]})")
        seen.setdefault(stage_id, r.place(f["id"]))
        high_load = r.flag(f["high_load"], "high_load") if "high_load" in f else False
        number = r.whole(f["number"], "number", 1, 9) if "number" in f else None
        listed: dict[str, Place] = {}

        def one(n: Node) -> model.StageStep | None:
            s = r.fields(n, "a stage step", ("step",), ("progressions",))
            if s is None or "step" not in s:
                return None
            step_id = r.ident(s["step"], "step")
            step = steps.get(step_id)
            if step is None:
                if step_id and not self.broken_steps:
                    r.error(s["step"], f"no step has the id '{step_id}'; known steps: "
                            + ", ".join(steps))
                return None
            if step_id in listed:
                r.error(s["step"], f"the step '{step_id}' is listed twice in the stage "
                        f"'{stage_id}' (first at {listed[step_id]})")
                return None
            listed[step_id] = r.place(s["step"])
            if not high_load:
                for item in step.items:
                    if item.high_load:
                        r.error(s["step"], f"the stage '{stage_id}' does not allow high-load "
                                f"items, but step '{step_id}' has '{item.id}' ({item.place})")
            progressions = (
                r.flag(s["progressions"], "progressions") if "progressions" in s else False
            )
            return model.StageStep(step_id, r.place(s["step"]), progressions)

        return model.Stage(
            id=stage_id, name=r.text(f["name"], "name"), goal=r.text(f["goal"], "goal"),
            place=r.place(f["id"]), steps=tuple(r.items(f["steps"], "steps", one)),
            move_on=r.texts(f["move_on"], "move_on"), number=number, high_load=high_load,
        )
