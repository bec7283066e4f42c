"""Handicraft motifs: Chinese knots (single, 福, car charm, pair, bracelet, grid, wall) and
花饽饽 decorative steamed buns."""

import math

from showcase.demo.pictures.scene import (
    BROWN,
    BROWN_DARK,
    DOUGH,
    DOUGH_SHADE,
    GOLD,
    GOLD_DARK,
    GREEN,
    PINK,
    RED,
    RED_DARK,
    RED_LIGHT,
    SIZE,
    YELLOW,
    Point,
    Scene,
    disc,
    flower,
    leaf,
    oval,
    shadow,
)

# --- Chinese knots -----------------------------------------------------------------------------


def _cord(draw, points: list, width: float, colour=RED) -> None:
    draw.line(points, fill=RED_DARK, width=int(width + 6), joint="curve")
    draw.line(points, fill=colour, width=int(width), joint="curve")
    draw.line(
        [(x - width * 0.18, y - width * 0.18) for x, y in points],
        fill=(*RED_LIGHT, 120),
        width=max(2, int(width / 5)),
    )


def _cord_arc(
    draw, cx: float, cy: float, r: float, start: float, end: float, width: float, colour=RED
) -> None:
    box = (cx - r, cy - r, cx + r, cy + r)
    draw.arc(box, start, end, fill=RED_DARK, width=int(width + 6))
    draw.arc(box, start, end, fill=colour, width=int(width))


def knot(s: Scene, *, colour=RED, tassel: bool = True, plaque: bool = False) -> None:
    """An endless knot (盘长结): a woven diamond with looped ears, a hanging cord and a tassel."""
    r, w = s.size / 2, max(4.0, s.size * 0.04)
    n = 4 if plaque else s.rng.choice((3, 4, 5))
    ts = [-1 + 2 * (i + 0.5) / n for i in range(n)]
    unit = r / math.sqrt(2)

    def at(u: float, v: float) -> Point:
        return (s.cx + (u - v) * r / 2, s.cy + (u + v) * r / 2)

    top, bottom = at(-1, -1), at(1, 1)
    _cord(s.draw, [(top[0], top[1] - r * 0.5), top], w * 0.8, colour)
    disc(s.draw, top[0], top[1] - r * 0.62, r * 0.1, None, RED_DARK, int(w * 0.6))
    for side, normal in ((1, 45), (-1, 225)):
        for a, b in zip(ts, ts[1:], strict=False):
            x, y = at(side, (a + b) / 2)
            _cord_arc(
                s.draw, x, y, (b - a) / 2 * unit * 1.15, normal - 100, normal + 100, w, colour
            )
            x, y = at((a + b) / 2, -side)
            _cord_arc(s.draw, x, y, (b - a) / 2 * unit * 1.15, normal - 10, normal + 190, w, colour)
    for sign in (-1, 1):
        _cord_arc(s.draw, s.cx + sign * r * 1.05, s.cy, r * 0.16, 0, 360, w * 0.9, colour)
    for t in ts:
        _cord(s.draw, [at(t, -1), at(t, 1)], w, colour)
        _cord(s.draw, [at(-1, t), at(1, t)], w, colour)
    if plaque:
        _plaque(s.draw, s.cx, s.cy, r * 0.42)
    if tassel:
        _tassel(s, bottom[0], bottom[1], length=r * 1.1, colour=colour)


def _plaque(draw, x: float, y: float, r: float) -> None:
    draw.polygon(
        [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=GOLD, outline=GOLD_DARK, width=6
    )
    inner = r * 0.72
    draw.polygon([(x, y - inner), (x + inner, y), (x, y + inner), (x - inner, y)], fill=RED)
    draw.rectangle((x - r * 0.2, y - r * 0.2, x + r * 0.2, y + r * 0.2), fill=GOLD)


def _tassel(s: Scene, x: float, y: float, *, length: float, colour=RED) -> None:
    bead = length * 0.09
    s.draw.line((x, y, x, y + bead * 2), fill=RED_DARK, width=int(bead * 0.5))
    disc(s.draw, x, y + bead * 2.2, bead, GOLD, GOLD_DARK, 4)
    top, half = y + bead * 3.2, length * 0.12
    for _ in range(46):
        x0 = x + s.rng.uniform(-half, half) * 0.7
        x1 = x0 + (x0 - x) * 0.6 + s.rng.uniform(-6, 6)
        shade = s.rng.choice([colour, RED_DARK, colour, RED_LIGHT])
        s.draw.line(
            (x0, top, x1, top + length * s.rng.uniform(0.86, 1.0)),
            fill=shade,
            width=s.rng.choice((3, 4, 5)),
        )
    s.draw.rectangle(
        (x - half * 0.8, top, x + half * 0.8, top + length * 0.12),
        fill=GOLD,
        outline=GOLD_DARK,
        width=3,
    )


def knots(s: Scene, variant: str) -> None:
    KNOT_VARIANTS.get(variant, _knot_single)(s)


def _knot_single(s: Scene) -> None:
    shadow(s, s.size * 0.9, SIZE * 0.9)
    knot(s.at(0, -0.18, 0.62))


def _knot_fu(s: Scene) -> None:
    shadow(s, s.size, SIZE * 0.92)
    knot(s.at(0, -0.2, 0.72), plaque=True)


def _knot_car(s: Scene) -> None:
    s.draw.line((s.cx, 0, s.cx, s.cy - s.size * 0.25), fill=RED_DARK, width=10)
    for k in range(3):
        disc(s.draw, s.cx, s.cy - s.size * (0.62 - k * 0.13), s.size * 0.045, BROWN, BROWN_DARK, 4)
    knot(s.at(0, 0.0, 0.42))


def _knot_pair(s: Scene) -> None:
    shadow(s, s.size * 1.4, SIZE * 0.92)
    for dx in (-0.36, 0.36):
        knot(s.at(dx, -0.2, 0.46), plaque=True)


def _knot_bracelet(s: Scene) -> None:
    r = s.size * 0.38
    for k in range(44):
        angle = 2 * math.pi * k / 44
        x, y = s.cx + r * math.cos(angle), s.cy + r * 0.62 * math.sin(angle)
        s.draw.polygon(
            oval(x, y, s.size * 0.04, s.size * 0.024, angle + 0.9, n=16),
            fill=RED,
            outline=RED_DARK,
            width=3,
        )
    disc(s.draw, s.cx, s.cy + r * 0.62, s.size * 0.06, GOLD, GOLD_DARK, 5)


def _knot_grid(s: Scene, *, rows: int = 3, cols: int = 3, ring: bool = True) -> None:
    colours = [RED, (214, 60, 110), GOLD_DARK]
    for row in range(rows):
        for col in range(cols):
            dx, dy = (col - (cols - 1) / 2) * 0.46, (row - (rows - 1) / 2) * 0.44 - 0.04
            cell = s.at(dx, dy, 0.2)
            if ring:
                disc(
                    s.draw,
                    cell.cx,
                    cell.cy - cell.size * 0.95,
                    cell.size * 0.22,
                    None,
                    (150, 150, 160),
                    8,
                )
            knot(cell, colour=s.rng.choice(colours), tassel=not ring)


def _knot_wall(s: Scene) -> None:
    rod_y = SIZE * 0.14
    s.draw.rounded_rectangle(
        (SIZE * 0.1, rod_y - 14, SIZE * 0.9, rod_y + 14),
        14,
        fill=BROWN,
        outline=BROWN_DARK,
        width=4,
    )
    for dx, drop in ((-0.5, 0.12), (0.0, 0.3), (0.5, 0.08)):
        spot = s.at(dx, -0.3 + drop, 0.34)
        s.draw.line((spot.cx, rod_y, spot.cx, spot.cy - spot.size), fill=RED_DARK, width=8)
        knot(spot, colour=s.rng.choice([RED, RED, (214, 60, 110)]))


KNOT_VARIANTS = {
    "peace": _knot_single,
    "fu": _knot_fu,
    "car": _knot_car,
    "wedding": _knot_pair,
    "bracelet": _knot_bracelet,
    "keyring": _knot_grid,
    "bulk": lambda s: _knot_grid(s, rows=3, cols=4, ring=False),
    "wall": _knot_wall,
}


# --- 花饽饽 decorative steamed buns -------------------------------------------------------------


def _bun(draw, x: float, y: float, r: float, *, dot=RED) -> None:
    draw.ellipse(
        (x - r, y - r * 0.82, x + r, y + r * 0.82),
        fill=DOUGH,
        outline=DOUGH_SHADE,
        width=max(2, int(r * 0.05)),
    )
    draw.ellipse((x - r * 0.6, y - r * 0.62, x + r * 0.2, y - r * 0.1), fill=(255, 255, 255, 150))
    if dot:
        disc(draw, x, y - r * 0.15, r * 0.12, dot)


def _peach(draw, x: float, y: float, r: float) -> None:
    body = oval(x, y, r, r * 0.92)
    tip = [(x - r * 0.55, y - r * 0.7), (x, y - r * 1.35), (x + r * 0.55, y - r * 0.7)]
    draw.polygon(body, fill=DOUGH, outline=DOUGH_SHADE, width=3)
    draw.polygon(tip, fill=DOUGH)
    draw.polygon(oval(x, y - r * 0.72, r * 0.5, r * 0.5), fill=(*PINK, 90))
    draw.polygon(oval(x, y - r * 0.85, r * 0.3, r * 0.34), fill=(*PINK, 150))
    draw.line((x, y - r * 1.2, x, y + r * 0.4), fill=DOUGH_SHADE, width=3)
    for side in (-1, 1):
        draw.polygon(leaf(x, y + r * 0.7, r * 0.8, r * 0.36, math.pi / 2 + side * 1.0), fill=GREEN)


def _steamer(s: Scene, r: float) -> None:
    s.draw.ellipse(
        (s.cx - r, s.cy - r * 0.7, s.cx + r, s.cy + r * 0.7),
        fill=(214, 170, 104),
        outline=BROWN_DARK,
        width=10,
    )
    inner = r * 0.9
    s.draw.ellipse(
        (s.cx - inner, s.cy - inner * 0.7, s.cx + inner, s.cy + inner * 0.7),
        fill=(232, 200, 140),
        outline=BROWN,
        width=6,
    )
    for k in range(-6, 7):
        x = s.cx + k * inner / 7
        half = inner * 0.7 * math.sqrt(max(0.0, 1 - (k / 7) ** 2))
        s.draw.line((x, s.cy - half, x, s.cy + half), fill=(200, 160, 100), width=3)


def buns(s: Scene, variant: str) -> None:
    BUN_VARIANTS.get(variant, bun_flower)(s)


def _bun_peach(s: Scene) -> None:
    _steamer(s, s.size * 0.72)
    r = s.size * 0.13
    spots = [
        ((col - 1.5) * 2.3 + row * 0.5 - 0.25, (row - 0.5) * 2.2)
        for row in (0, 1)
        for col in range(4)
    ]
    for dx, dy in sorted(spots, key=lambda spot: spot[1]):
        _peach(s.draw, s.cx + dx * r, s.cy + dy * r + r * 0.3, r)


def bun_flower(s: Scene) -> None:
    shadow(s, s.size * 1.2, s.cy + s.size * 0.45)
    r = s.size * 0.42
    colours = [PINK, YELLOW, (236, 90, 80)]
    for ring, radius in enumerate((r * 1.05, r * 0.75)):
        for k in range(12):
            angle = 2 * math.pi * (k + ring / 2) / 12
            s.draw.polygon(
                leaf(s.cx, s.cy, radius, radius * 0.32, angle),
                fill=colours[(k + ring) % 3],
                outline=DOUGH_SHADE,
                width=2,
            )
    _bun(s.draw, s.cx, s.cy, r * 0.55, dot=None)
    flower(s.draw, s.cx, s.cy - r * 0.05, r * 0.3, PINK, RED, petals=6)
    for k in range(8):
        angle = 2 * math.pi * k / 8 + 0.2
        s.draw.polygon(
            leaf(
                s.cx + math.cos(angle) * r * 1.02,
                s.cy + math.sin(angle) * r * 1.02,
                r * 0.3,
                r * 0.14,
                angle,
            ),
            fill=GREEN,
        )


def _bun_fish(s: Scene) -> None:
    shadow(s, s.size * 1.3, s.cy + s.size * 0.32)
    length, height = s.size * 0.55, s.size * 0.3
    x, y = s.cx - s.size * 0.08, s.cy
    for side in (-1, 1):
        s.draw.polygon(
            leaf(x + length * 0.9, y, length * 0.5, height * 0.7, side * 0.55),
            fill=DOUGH,
            outline=DOUGH_SHADE,
            width=3,
        )
        s.draw.polygon(
            leaf(
                x + length * 1.25,
                y + side * height * 0.28,
                length * 0.14,
                height * 0.2,
                side * 0.55,
            ),
            fill=(*RED, 170),
        )
    s.draw.polygon(oval(x, y, length, height), fill=DOUGH, outline=DOUGH_SHADE, width=4)
    for col in range(5):
        for row in range(-1, 2):
            sx, sy = x - length * 0.3 + col * length * 0.22, y + row * height * 0.5
            s.draw.arc((sx - 30, sy - 30, sx + 30, sy + 30), 300, 60, fill=DOUGH_SHADE, width=5)
    disc(s.draw, x - length * 0.68, y - height * 0.2, height * 0.09, (40, 30, 30))
    s.draw.polygon(
        leaf(x - length * 0.1, y - height * 0.9, length * 0.4, height * 0.4, -2.6),
        fill=(*RED, 160),
    )
    s.draw.arc(
        (x - length * 1.0, y - height * 0.2, x - length * 0.6, y + height * 0.4),
        20,
        120,
        fill=RED,
        width=6,
    )


def _bun_wedding(s: Scene) -> None:
    shadow(s, s.size * 1.4, s.cy + s.size * 0.36)
    box = (s.cx - s.size * 0.02, s.cy - s.size * 0.42, s.cx + s.size * 0.6, s.cy + s.size * 0.34)
    s.draw.rectangle(box, fill=RED, outline=RED_DARK, width=8)
    middle = (box[0] + box[2]) / 2
    s.draw.rectangle((middle - s.size * 0.05, box[1], middle + s.size * 0.05, box[3]), fill=GOLD)
    flower(s.draw, middle, box[1], s.size * 0.12, GOLD, GOLD_DARK, petals=4, turn=math.pi / 4)
    for dx, dy, r in ((-0.38, 0.1, 0.22), (-0.02, 0.2, 0.17)):
        x, y = s.cx + dx * s.size, s.cy + dy * s.size
        _bun(s.draw, x, y, s.size * r, dot=None)
        flower(s.draw, x, y - s.size * r * 0.25, s.size * r * 0.4, RED, GOLD)


def _bun_mini(s: Scene) -> None:
    _steamer(s, s.size * 0.72)
    r = s.size * 0.1
    colours = [PINK, YELLOW, (236, 90, 80), GREEN, (160, 110, 200)]
    for row in range(3):
        for col in range(4):
            x = s.cx + (col - 1.5) * r * 2.6
            y = s.cy + (row - 1) * r * 2.2
            _bun(s.draw, x, y, r, dot=None)
            flower(
                s.draw,
                x,
                y - r * 0.1,
                r * 0.5,
                s.rng.choice(colours),
                RED,
                petals=s.rng.choice((4, 5, 6)),
            )


BUN_VARIANTS = {
    "peach": _bun_peach,
    "flower": bun_flower,
    "fish": _bun_fish,
    "wedding": _bun_wedding,
    "mini": _bun_mini,
}
