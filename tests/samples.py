"""Small content files the tests write into a copy of the content."""

# steps/05-massage.yaml (line numbers on the right are what the tests count on)
MASSAGE = """\
step: 5
id: massage
title: Massage the sore spot
items:
  - id: sore-spot-massage
    type: exercise
    name: Sore spot massage
    purpose: Eases the sore spot.
    instructions:
      - Press on it.
    dose:
      reps: 20
"""
#  1 step / 2 id / 3 title / 4 items / 5 "  - id:" (value at col 9) / 6 type (col 11)
#  7 name (col 11) / 8 purpose / 9 instructions / 10 "- Press" / 11 dose / 12 "reps:" (col 13)
