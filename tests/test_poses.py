"""Pose files: strict loading with file:line:col errors, joint ranges, contacts, shipped poses."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kneepdf.errors import ContentErrors
from kneepdf.load.content import default_content_dir, load_content
from kneepdf.load.poses import load_poses
from kneepdf.pictures.frames import solve_pose, solved_errors
from kneepdf.pictures.reach import part_point, target_point
from kneepdf.pose import JOINTS

GOOD = """\
view: side
posture: sitting
props: [chair]
arrows:
  - {kind: arc, part: right_ankle, about: right_knee}
frames:
  - step: 1
    label: Sit
    contacts:
      - {part: right_foot, to: floor}
  - step: 2
    label: Straighten
    angles: {right_knee: 0}
"""

NEW_IDS = ("ball-squeeze", "heel-raises", "knee-to-wall", "short-foot", "bridge", "clamshell",
           "bouncing", "hopping", "jog-or-run", "change-direction", "thigh-tightening")


def write(folder: Path, text: str, name: str = "knee-straightening") -> Path:
    pictures = folder / "pictures"
    pictures.mkdir(parents=True, exist_ok=True)
    file = pictures / f"{name}.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    return file


def errors(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_poses(folder, "content", check=solved_errors)
    return caught.value.lines()


def test_good_file_loads(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    pose = load_poses(tmp_path, "content")["knee-straightening"]
    assert (pose.view, pose.posture) == ("side", "sitting")
    assert [(f.step, f.label) for f in pose.frames] == [(1, "Sit"), (2, "Straighten")]
    first, second = (dict(f.angles) for f in pose.frames)
    assert first["right_knee"] == 90 and second["right_knee"] == 0  # from the posture, changed
    assert second["left_knee"] == 90  # carried over from the frame before
    assert [c.part for c in pose.frames[0].contacts] == ["right_foot"]
    assert pose.frames[1].contacts == ()
    assert hash(pose) == hash(load_poses(tmp_path, "content")["knee-straightening"])


def test_no_pictures_folder_means_no_poses(tmp_path: Path) -> None:
    assert load_poses(tmp_path, "content") == {}


# One fixture per defect: (what to replace in GOOD, the replacement, the exact error).
DEFECTS = [
    ("view: side", "view: sideways",
     "1:7: view must be one of side, side-high, front, front-high, top, close-up, "
     "got 'sideways'"),
    ("posture: sitting", "posture: kneeling", "2:10: posture must be one of standing, "
     "sitting, long-sitting, lying-back, lying-front, lying-side, got 'kneeling'"),
    ("props: [chair]", "props: [trampoline]", "3:9: prop must be one of chair, chair-back, "
     "step, wall, rail, roller, ball, band, ankle-weight, marker, got 'trampoline'"),
    ("angles: {right_knee: 0}", "angles: {right_knee: 160}",
     "13:26: right_knee 160 degrees is outside its normal range -5 to 150"),
    ("angles: {right_knee: 0}", "angles: {right_knee: -20}",
     "13:26: right_knee -20 degrees is outside its normal range -5 to 150"),
    ("angles: {right_knee: 0}", "angles: {right_elbow: 170}",
     "13:27: right_elbow 170 degrees is outside its normal range 0 to 150"),
    ("angles: {right_knee: 0}", "angles: {right_knees: 0}",
     "13:14: unknown key 'right_knees' in angles; expected one of: "),
    ("angles: {right_knee: 0}", "angles: {right_knee: ten}",
     "13:26: right_knee must be a number, got 'ten'"),
    ("kind: arc", "kind: spiral", "5:12: arrow kind must be one of arc, slide, up, down, "
     "turn, inward, got 'spiral'"),
    ("part: right_foot, to: floor", "part: right_foot, to: trampoline",
     "10:32: to must be one of floor, chair, chair-back, step, wall, rail, roller, ball, "),
    ("  - step: 2\n", "  - step: 1\n",
     "7:3: frame steps must rise from frame to frame (a step shown twice needs mark: right "
     "and mark: wrong), got [1, 1]"),
    ("    label: Sit\n", "    label: Sit\n    mark: maybe\n",
     "9:11: mark must be one of right, wrong, got 'maybe'"),
    ("    label: Sit\n", "    label: Sit\n    mark: wrong\n",
     "7:3: a frame marked wrong needs a frame marked right beside it"),
    ("part: right_foot, to: floor", "part: right_foot, to: step",
     "10:9: the contact's target 'step' is not in props"),
    ("part: right_foot, to: floor", "part: right_foot, on: floor",
     "10:28: a contact: keys must be plain words"),
    ("view: side\n", "view: side\ncolour: blue\n",
     "2:1: unknown key 'colour' in a picture; expected one of: view, posture, frames, camera, "
     "focus, span, hand, props, arrows"),
    ("view: side\n", "view: side\nhand: fist\n", "2:7: 'hand' is only for a close-up view"),
    ("view: side\n", "view: side\nview: front\n",
     "2:1: duplicate key 'view' (first given at line 1)"),
    ("view: side", "view: close-up", "1:1: a close-up needs the key 'camera'"),
    ("    label: Sit\n", "    label: Sit\n    rest: step\n",
     "7:5: the frame rests on the step, which is not in props"),
]


@pytest.mark.parametrize(("old", "new", "expected"), DEFECTS,
                         ids=[d[2].split(": ", 1)[1][:40] for d in DEFECTS])
def test_defect_is_reported_at_its_place(tmp_path: Path, old: str, new: str,
                                         expected: str) -> None:
    assert GOOD.count(old) == 1
    write(tmp_path, GOOD.replace(old, new))
    lines = errors(tmp_path)
    assert any(line.startswith(f"content/pictures/knee-straightening.yaml:{expected}")
               for line in lines), lines


def test_every_problem_is_reported_once_together(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("right_knee: 0", "right_knee: 200").replace(
        "view: side", "view: up"))
    write(tmp_path, GOOD.replace("posture: sitting", "posture: flying"), "step-up")
    assert errors(tmp_path) == [
        "content/pictures/knee-straightening.yaml:1:7: view must be one of side, side-high, "
        "front, front-high, top, close-up, got 'up'",
        "content/pictures/knee-straightening.yaml:13:26: right_knee 200 degrees is outside its "
        "normal range -5 to 150",
        "content/pictures/step-up.yaml:2:10: posture must be one of standing, sitting, "
        "long-sitting, lying-back, lying-front, lying-side, got 'flying'",
    ]


def test_a_contact_out_of_reach_is_an_error_at_the_contact(tmp_path: Path) -> None:
    write(tmp_path, """\
        view: side
        posture: standing
        props:
          - {kind: wall, x: 120}
        frames:
          - step: 1
            label: Hands on the wall
            contacts:
              - {part: right_hand, to: wall}
        """)
    [line] = errors(tmp_path)
    assert line.startswith("content/pictures/knee-straightening.yaml:9:9: frame 1: the right "
                           "hand misses the wall by ")
    assert line.endswith(" cm; change the angles so it can reach")
    missed = int(line.split("by ")[1].split(" cm")[0])
    assert 55 <= missed <= 75  # 120 cm away, an arm of about 61 cm


def test_a_body_through_the_floor_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, """\
        view: side
        posture: lying-back
        frames:
          - step: 1
            label: Lie down
          - step: 2
            label: Lift the hips
            angles: {tilt: -60}
            contacts:
              - {part: right_foot, to: floor}
        """)
    lines = errors(tmp_path)
    assert any("frame 2: the right ankle would bend" in line or "below the floor" in line
               or "misses the floor" in line for line in lines), lines


def test_an_arc_needs_two_frames(tmp_path: Path) -> None:
    text = GOOD.split("  - step: 2")[0]
    write(tmp_path, text)
    assert errors(tmp_path) == [
        "content/pictures/knee-straightening.yaml:5:5: an arrow of kind 'arc' shows a "
        "movement: it needs two frames"]


def test_yaml_surprises_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("label: Sit", "label: yes"))
    assert errors(tmp_path) == [
        "content/pictures/knee-straightening.yaml:8:12: label must be text, got 'yes', which "
        "YAML reads as true/false; put it in quotes"]


def test_joint_ranges_are_normal_ones() -> None:
    assert JOINTS["right_knee"] == (-5, 150)
    assert JOINTS["left_elbow"] == (0, 150)
    assert JOINTS["right_ankle"] == (-50, 30)


def test_every_shipped_exercise_has_a_pose_that_loads() -> None:
    content = load_content()
    exercises = [i for s in content.steps for i in s.items if i.is_exercise]
    assert len(exercises) >= 20
    missing = [i.id for i in exercises if i.pose is None]
    assert missing == []
    for item in exercises:
        assert item.pose is not None and item.pose.id == item.id
        assert all(1 <= f.step <= len(item.instructions) for f in item.pose.frames), item.id
    poses = load_poses(default_content_dir(), "content")
    assert set(NEW_IDS) <= set(poses)
    assert len(poses) == len(exercises) + len(set(NEW_IDS) - {i.id for i in exercises})


def test_every_shipped_contact_is_met_within_one_centimetre() -> None:
    poses = load_poses(default_content_dir(), "content")
    checked = 0
    for pose in poses.values():
        for frame, fig in zip(pose.frames, solve_pose(pose), strict=True):
            assert fig.problems == (), (pose.id, frame.step)
            for contact in frame.contacts:
                here, standoff = part_point(fig.points, contact.part)
                target = target_point(fig.points, fig.frames, contact, fig.props, here,
                                      standoff)
                assert target is not None
                if contact.part.endswith("_thigh"):
                    continue  # the thigh touches anywhere along its length: checked by solve
                gap = sum((a - b) ** 2 for a, b in zip(here, target, strict=True)) ** 0.5
                assert gap <= 1.0, (pose.id, frame.step, contact.part, gap)
                checked += 1
    assert checked >= 60


def test_shipped_knees_never_bend_backwards() -> None:
    poses = load_poses(default_content_dir(), "content")
    for pose in poses.values():
        for fig in solve_pose(pose):
            for side in ("right", "left"):
                hip, knee, ankle = (fig.points[f"{side}_{j}"] for j in ("hip", "knee", "ankle"))
                thigh = [k - h for k, h in zip(knee, hip, strict=True)]
                shin = [a - k for a, k in zip(ankle, knee, strict=True)]
                forward = fig.frames[f"{side}_thigh"]
                # the shin never swings in front of the thigh's line (a backward knee)
                ahead = sum(s * forward[i][0] for i, s in enumerate(shin))
                along = sum(a * b for a, b in zip(thigh, shin, strict=True))
                assert ahead <= 0.1 * (along ** 2) ** 0.5 + 1.0, (pose.id, side)


def test_an_arm_through_the_trunk_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, """\
        view: front
        posture: standing
        frames:
          - step: 1
            label: Lean over
            angles: {trunk_side: -30, right_shoulder_out: -10}
        """)
    assert errors(tmp_path) == [
        "content/pictures/knee-straightening.yaml:1:1: frame 1: the right forearm passes "
        "through the trunk"]


def test_a_close_up_hand_is_a_known_shape(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("view: side\n", "view: close-up\ncamera: side\n"
                                 "focus: right_knee\nspan: 60\nhand: claw\n"))
    assert errors(tmp_path) == ["content/pictures/knee-straightening.yaml:5:7: hand must be "
                                "one of open, fist, fingers, got 'claw'"]


def test_a_standing_foot_stays_where_the_first_frame_put_it() -> None:
    poses = load_poses(default_content_dir(), "content")
    for name in ("lean-back-squat", "knee-to-wall", "inner-thigh-slides"):
        first, last = solve_pose(poses[name])[0], solve_pose(poses[name])[-1]
        side = next(c.part.split("_")[0] for c in poses[name].frames[0].contacts
                    if c.part.endswith("_foot") and c.target == "floor")
        assert abs(first.points[f"{side}_heel"][0] - last.points[f"{side}_heel"][0]) < 1.0, name
        assert first.points["pelvis"] != last.points["pelvis"], name  # the body moved instead


def test_standing_on_a_step_puts_the_whole_foot_on_it() -> None:
    poses = load_poses(default_content_dir(), "content")
    for name in ("step-up", "step-down"):
        for frame, fig in zip(poses[name].frames, solve_pose(poses[name]), strict=True):
            if frame.rest != "step":
                continue
            step = next(p for p in fig.props if p.kind == "step")
            for point in ("right_heel", "right_ball"):
                assert step.x <= fig.points[point][0] <= step.x + 38.0, (name, point)


def test_a_build_poses_only_what_it_draws_and_stops_at_a_broken_picture(
        content_copy: Path, tmp_path: Path) -> None:
    """A build checks the contacts of the pictures it draws (check poses every one)."""
    from click.testing import CliRunner

    from kneepdf.cli import cli

    (content_copy / "pictures" / "knee-straightening.yaml").write_text(textwrap.dedent("""\
        view: side
        posture: standing
        props:
          - {kind: wall, x: 120}
        frames:
          - step: 1
            label: Hands on the wall
            contacts:
              - {part: right_hand, to: wall}
        """), encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        done = runner.invoke(cli, [*args, "--content", str(content_copy)])
        return done.exit_code, done.stderr

    acute = tmp_path / "acute.pdf"  # stage 1 has no knee straightening: it builds
    assert run("build", "--stage", "acute", "-o", str(acute))[0] == 0 and acute.exists()
    target = tmp_path / "subacute.pdf"
    code, stderr = run("build", "--stage", "subacute", "-o", str(target))
    assert code == 1 and not target.exists()
    [line] = stderr.splitlines()
    assert line.startswith(f"Error: {content_copy}/pictures/knee-straightening.yaml:9:9: "
                           "frame 1: the right hand misses the wall by ")
    code, stderr = run("check")
    assert code == 1 and "knee-straightening.yaml:9:9: frame 1" in stderr
