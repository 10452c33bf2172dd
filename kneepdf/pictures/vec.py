"""Small 3-D vector and rotation helpers (tuples of floats, centimetres and degrees)."""

from __future__ import annotations

import math

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows

IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vec) -> Vec:
    n = norm(a)
    return (0.0, 0.0, 0.0) if n == 0 else scale(a, 1.0 / n)


def lerp(a: Vec, b: Vec, t: float) -> Vec:
    return add(a, scale(sub(b, a), t))


def apply(m: Mat, v: Vec) -> Vec:
    x, y, z = v
    (a, b, c), (d, e, f), (g, h, i) = m
    return (a * x + b * y + c * z, d * x + e * y + f * z, g * x + h * y + i * z)


def mul(m: Mat, n: Mat) -> Mat:
    if m is IDENTITY:
        return n
    if n is IDENTITY:
        return m
    (a, b, c), (d, e, f), (g, h, i) = m
    (p, q, r), (s, t, u), (v, w, x) = n
    return ((a * p + b * s + c * v, a * q + b * t + c * w, a * r + b * u + c * x),
            (d * p + e * s + f * v, d * q + e * t + f * w, d * r + e * u + f * x),
            (g * p + h * s + i * v, g * q + h * t + i * w, g * r + h * u + i * x))


def rot_x(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def rotation_between(a: Vec, b: Vec) -> Mat:
    """The smallest rotation taking direction `a` to direction `b` (Rodrigues)."""
    a, b = unit(a), unit(b)
    axis = cross(a, b)
    s, c = norm(axis), dot(a, b)
    if s < 1e-9:
        return IDENTITY  # parallel (or opposite, which two-bone solving never asks for)
    k = scale(axis, 1.0 / s)
    kx, ky, kz = k
    t = 1.0 - c
    return (
        (c + kx * kx * t, kx * ky * t - kz * s, kx * kz * t + ky * s),
        (ky * kx * t + kz * s, c + ky * ky * t, ky * kz * t - kx * s),
        (kz * kx * t - ky * s, kz * ky * t + kx * s, c + kz * kz * t),
    )


def column(m: Mat, i: int) -> Vec:
    return (m[0][i], m[1][i], m[2][i])
