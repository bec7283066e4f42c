"""The demo's pictures, drawn with Pillow shapes only: knots, buns, farm goods, fabric crafts, the
community station and the mama bus. Deterministic for a given (motif, variant, seed, zoom), so a
reseed draws the same bytes."""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

SIZE = 1200
RED, RED_DARK, RED_LIGHT = (200, 16, 46), (118, 10, 28), (240, 96, 96)
GOLD, GOLD_DARK = (224, 165, 38), (168, 112, 20)
DOUGH, DOUGH_SHADE = (252, 246, 234), (226, 212, 188)
PINK, YELLOW, GREEN = (238, 120, 150), (246, 196, 64), (92, 158, 74)
BROWN, BROWN_DARK = (176, 118, 62), (120, 74, 34)
BACKGROUNDS = [
    ((255, 244, 224), (246, 217, 184)),
    ((252, 235, 213), (239, 201, 164)),
    ((255, 241, 230), (244, 199, 176)),
    ((251, 233, 208), (233, 199, 154)),
]
SKIES = [((255, 233, 199), (255, 209, 161)), ((255, 240, 214), (250, 200, 170))]
Point = tuple[float, float]


def picture_jpeg(*, motif: str, variant: str, seed: int, zoom: float = 1.0) -> bytes:
    """A SIZE×SIZE JPEG of ``motif`` in ``variant``; the same arguments give the same bytes."""
    rng = random.Random(seed)
    outdoor = motif in {"station", "bus"}
    image = _gradient(*rng.choice(SKIES if outdoor else BACKGROUNDS))
    draw = ImageDraw.Draw(image, "RGBA")
    if not outdoor:
        _paper_flowers(draw, rng)
        _table(draw)
    scene = Scene(draw=draw, rng=rng, cx=SIZE / 2, cy=SIZE / 2, size=SIZE * 0.62 * zoom)
    MOTIFS[motif](scene, variant)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


@dataclass
class Scene:
    """Where to draw: a Pillow draw, a seeded random source, a centre and a size in pixels."""

    draw: ImageDraw.ImageDraw
    rng: random.Random
    cx: float
    cy: float
    size: float

    def at(self, dx: float, dy: float, scale: float = 1.0) -> "Scene":
        """A scene moved by (dx, dy) sizes and scaled, sharing the draw and the random source."""
        return Scene(
            self.draw,
            self.rng,
            self.cx + dx * self.size,
            self.cy + dy * self.size,
            self.size * scale,
        )


def _gradient(top: tuple, bottom: tuple) -> Image.Image:
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask
    )


def _table(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, SIZE * 0.74, SIZE, SIZE), fill=(150, 90, 40, 46))
    draw.line((0, SIZE * 0.74, SIZE, SIZE * 0.74), fill=(150, 90, 40, 70), width=4)


def _paper_flowers(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(14):
        x, y = rng.uniform(0, SIZE), rng.uniform(0, SIZE * 0.7)
        colour = (*rng.choice([RED, GOLD, PINK]), 34)
        _flower(draw, x, y, rng.uniform(18, 40), colour, colour, petals=rng.choice((5, 6, 8)))


def _oval(cx: float, cy: float, a: float, b: float, angle: float = 0.0, n: int = 48) -> list:
    ca, sa = math.cos(angle), math.sin(angle)
    steps = (2 * math.pi * k / n for k in range(n))
    return [
        (
            cx + a * math.cos(t) * ca - b * math.sin(t) * sa,
            cy + a * math.cos(t) * sa + b * math.sin(t) * ca,
        )
        for t in steps
    ]


def _leaf(x: float, y: float, length: float, width: float, angle: float) -> list:
    """An almond shape from (x, y) pointing along ``angle`` (radians)."""
    return _oval(
        x + math.cos(angle) * length / 2,
        y + math.sin(angle) * length / 2,
        length / 2,
        width / 2,
        angle,
        n=24,
    )


def _flower(
    draw, x: float, y: float, r: float, colour, centre, *, petals: int = 5, turn: float = 0.0
) -> None:
    for k in range(petals):
        angle = turn + 2 * math.pi * k / petals
        draw.polygon(_leaf(x, y, r, r * 0.6, angle), fill=colour)
    draw.ellipse((x - r * 0.22, y - r * 0.22, x + r * 0.22, y + r * 0.22), fill=centre)


def _shadow(s: Scene, width: float, y: float) -> None:
    s.draw.ellipse(
        (s.cx - width / 2, y - width * 0.06, s.cx + width / 2, y + width * 0.06),
        fill=(90, 50, 20, 50),
    )


def _disc(draw, x: float, y: float, r: float, fill, outline=None, width: int = 0) -> None:
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width)


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


def _knot(s: Scene, *, colour=RED, tassel: bool = True, plaque: bool = False) -> None:
    """An endless knot (盘长结): a woven diamond with looped ears, a hanging cord and a tassel."""
    r, w = s.size / 2, max(4.0, s.size * 0.04)
    n = 4 if plaque else s.rng.choice((3, 4, 5))
    ts = [-1 + 2 * (i + 0.5) / n for i in range(n)]
    unit = r / math.sqrt(2)

    def at(u: float, v: float) -> Point:
        return (s.cx + (u - v) * r / 2, s.cy + (u + v) * r / 2)

    top, bottom = at(-1, -1), at(1, 1)
    _cord(s.draw, [(top[0], top[1] - r * 0.5), top], w * 0.8, colour)
    _disc(s.draw, top[0], top[1] - r * 0.62, r * 0.1, None, RED_DARK, int(w * 0.6))
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
    _disc(s.draw, x, y + bead * 2.2, bead, GOLD, GOLD_DARK, 4)
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


def _knots(s: Scene, variant: str) -> None:
    KNOT_VARIANTS.get(variant, _knot_single)(s)


def _knot_single(s: Scene) -> None:
    _shadow(s, s.size * 0.9, SIZE * 0.9)
    _knot(s.at(0, -0.18, 0.62))


def _knot_fu(s: Scene) -> None:
    _shadow(s, s.size, SIZE * 0.92)
    _knot(s.at(0, -0.2, 0.72), plaque=True)


def _knot_car(s: Scene) -> None:
    s.draw.line((s.cx, 0, s.cx, s.cy - s.size * 0.25), fill=RED_DARK, width=10)
    for k in range(3):
        _disc(s.draw, s.cx, s.cy - s.size * (0.62 - k * 0.13), s.size * 0.045, BROWN, BROWN_DARK, 4)
    _knot(s.at(0, 0.0, 0.42))


def _knot_pair(s: Scene) -> None:
    _shadow(s, s.size * 1.4, SIZE * 0.92)
    for dx in (-0.36, 0.36):
        _knot(s.at(dx, -0.2, 0.46), plaque=True)


def _knot_bracelet(s: Scene) -> None:
    r = s.size * 0.38
    for k in range(44):
        angle = 2 * math.pi * k / 44
        x, y = s.cx + r * math.cos(angle), s.cy + r * 0.62 * math.sin(angle)
        s.draw.polygon(
            _oval(x, y, s.size * 0.04, s.size * 0.024, angle + 0.9, n=16),
            fill=RED,
            outline=RED_DARK,
            width=3,
        )
    _disc(s.draw, s.cx, s.cy + r * 0.62, s.size * 0.06, GOLD, GOLD_DARK, 5)


def _knot_grid(s: Scene, *, rows: int = 3, cols: int = 3, ring: bool = True) -> None:
    colours = [RED, (214, 60, 110), GOLD_DARK]
    for row in range(rows):
        for col in range(cols):
            dx, dy = (col - (cols - 1) / 2) * 0.46, (row - (rows - 1) / 2) * 0.44 - 0.04
            cell = s.at(dx, dy, 0.2)
            if ring:
                _disc(
                    s.draw,
                    cell.cx,
                    cell.cy - cell.size * 0.95,
                    cell.size * 0.22,
                    None,
                    (150, 150, 160),
                    8,
                )
            _knot(cell, colour=s.rng.choice(colours), tassel=not ring)


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
        knot = s.at(dx, -0.3 + drop, 0.34)
        s.draw.line((knot.cx, rod_y, knot.cx, knot.cy - knot.size), fill=RED_DARK, width=8)
        _knot(knot, colour=s.rng.choice([RED, RED, (214, 60, 110)]))


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
        _disc(draw, x, y - r * 0.15, r * 0.12, dot)


def _peach(draw, x: float, y: float, r: float) -> None:
    body = _oval(x, y, r, r * 0.92)
    tip = [(x - r * 0.55, y - r * 0.7), (x, y - r * 1.35), (x + r * 0.55, y - r * 0.7)]
    draw.polygon(body, fill=DOUGH, outline=DOUGH_SHADE, width=3)
    draw.polygon(tip, fill=DOUGH)
    draw.polygon(_oval(x, y - r * 0.72, r * 0.5, r * 0.5), fill=(*PINK, 90))
    draw.polygon(_oval(x, y - r * 0.85, r * 0.3, r * 0.34), fill=(*PINK, 150))
    draw.line((x, y - r * 1.2, x, y + r * 0.4), fill=DOUGH_SHADE, width=3)
    for side in (-1, 1):
        draw.polygon(_leaf(x, y + r * 0.7, r * 0.8, r * 0.36, math.pi / 2 + side * 1.0), fill=GREEN)


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


def _buns(s: Scene, variant: str) -> None:
    BUN_VARIANTS.get(variant, _bun_flower)(s)


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


def _bun_flower(s: Scene) -> None:
    _shadow(s, s.size * 1.2, s.cy + s.size * 0.45)
    r = s.size * 0.42
    colours = [PINK, YELLOW, (236, 90, 80)]
    for ring, radius in enumerate((r * 1.05, r * 0.75)):
        for k in range(12):
            angle = 2 * math.pi * (k + ring / 2) / 12
            s.draw.polygon(
                _leaf(s.cx, s.cy, radius, radius * 0.32, angle),
                fill=colours[(k + ring) % 3],
                outline=DOUGH_SHADE,
                width=2,
            )
    _bun(s.draw, s.cx, s.cy, r * 0.55, dot=None)
    _flower(s.draw, s.cx, s.cy - r * 0.05, r * 0.3, PINK, RED, petals=6)
    for k in range(8):
        angle = 2 * math.pi * k / 8 + 0.2
        s.draw.polygon(
            _leaf(
                s.cx + math.cos(angle) * r * 1.02,
                s.cy + math.sin(angle) * r * 1.02,
                r * 0.3,
                r * 0.14,
                angle,
            ),
            fill=GREEN,
        )


def _bun_fish(s: Scene) -> None:
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.32)
    length, height = s.size * 0.55, s.size * 0.3
    x, y = s.cx - s.size * 0.08, s.cy
    for side in (-1, 1):
        s.draw.polygon(
            _leaf(x + length * 0.9, y, length * 0.5, height * 0.7, side * 0.55),
            fill=DOUGH,
            outline=DOUGH_SHADE,
            width=3,
        )
        s.draw.polygon(
            _leaf(
                x + length * 1.25,
                y + side * height * 0.28,
                length * 0.14,
                height * 0.2,
                side * 0.55,
            ),
            fill=(*RED, 170),
        )
    s.draw.polygon(_oval(x, y, length, height), fill=DOUGH, outline=DOUGH_SHADE, width=4)
    for col in range(5):
        for row in range(-1, 2):
            sx, sy = x - length * 0.3 + col * length * 0.22, y + row * height * 0.5
            s.draw.arc((sx - 30, sy - 30, sx + 30, sy + 30), 300, 60, fill=DOUGH_SHADE, width=5)
    _disc(s.draw, x - length * 0.68, y - height * 0.2, height * 0.09, (40, 30, 30))
    s.draw.polygon(
        _leaf(x - length * 0.1, y - height * 0.9, length * 0.4, height * 0.4, -2.6),
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
    _shadow(s, s.size * 1.4, s.cy + s.size * 0.36)
    box = (s.cx - s.size * 0.02, s.cy - s.size * 0.42, s.cx + s.size * 0.6, s.cy + s.size * 0.34)
    s.draw.rectangle(box, fill=RED, outline=RED_DARK, width=8)
    middle = (box[0] + box[2]) / 2
    s.draw.rectangle((middle - s.size * 0.05, box[1], middle + s.size * 0.05, box[3]), fill=GOLD)
    _flower(s.draw, middle, box[1], s.size * 0.12, GOLD, GOLD_DARK, petals=4, turn=math.pi / 4)
    for dx, dy, r in ((-0.38, 0.1, 0.22), (-0.02, 0.2, 0.17)):
        x, y = s.cx + dx * s.size, s.cy + dy * s.size
        _bun(s.draw, x, y, s.size * r, dot=None)
        _flower(s.draw, x, y - s.size * r * 0.25, s.size * r * 0.4, RED, GOLD)


def _bun_mini(s: Scene) -> None:
    _steamer(s, s.size * 0.72)
    r = s.size * 0.1
    colours = [PINK, YELLOW, (236, 90, 80), GREEN, (160, 110, 200)]
    for row in range(3):
        for col in range(4):
            x = s.cx + (col - 1.5) * r * 2.6
            y = s.cy + (row - 1) * r * 2.2
            _bun(s.draw, x, y, r, dot=None)
            _flower(
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
    "flower": _bun_flower,
    "fish": _bun_fish,
    "wedding": _bun_wedding,
    "mini": _bun_mini,
}


# --- farm goods ----------------------------------------------------------------------------------


def _basket(s: Scene, fill) -> None:
    """A woven basket; ``fill(scene, top_y, half_width)`` draws what is heaped in it."""
    half, top, depth = s.size * 0.6, s.cy - s.size * 0.02, s.size * 0.5
    s.draw.arc(
        (s.cx - half * 0.9, top - s.size * 0.75, s.cx + half * 0.9, top + s.size * 0.2),
        190,
        350,
        fill=BROWN_DARK,
        width=22,
    )
    fill(s, top, half)
    body = [
        (s.cx - half, top),
        (s.cx + half, top),
        (s.cx + half * 0.78, top + depth),
        (s.cx - half * 0.78, top + depth),
    ]
    s.draw.polygon(body, fill=BROWN, outline=BROWN_DARK, width=6)
    for k in range(1, 6):
        y = top + depth * k / 6
        inset = half * 0.22 * k / 6
        s.draw.line((s.cx - half + inset, y, s.cx + half - inset, y), fill=BROWN_DARK, width=5)
    for k in range(-8, 9):
        s.draw.line(
            (s.cx + k * half / 9, top, s.cx + k * half * 0.78 / 9, top + depth),
            fill=(150, 96, 48),
            width=3,
        )
    s.draw.rounded_rectangle(
        (s.cx - half * 1.04, top - 18, s.cx + half * 1.04, top + 18),
        16,
        fill=(196, 138, 78),
        outline=BROWN_DARK,
        width=5,
    )


def _heap(s: Scene, top: float, half: float, item, count: int) -> None:
    spots = []
    for _ in range(count):
        dx = s.rng.uniform(-0.9, 0.9)
        lift = s.size * 0.3 * math.sqrt(1 - dx * dx) * s.rng.uniform(0.0, 1.0)
        spots.append((s.cx + dx * half, top + 12 - lift))
    for k, (x, y) in enumerate(sorted(spots, key=lambda spot: spot[1])):
        item(s, x, y, k)


def _peanut(s: Scene, x: float, y: float, _k: int) -> None:
    angle, r = s.rng.uniform(0, math.pi), s.size * 0.05
    shell, line = (222, 190, 140), (176, 140, 96)
    for sign in (-1, 1):
        px, py = x + math.cos(angle) * r * 0.8 * sign, y + math.sin(angle) * r * 0.8 * sign
        s.draw.polygon(_oval(px, py, r, r * 0.8, angle), fill=shell, outline=line, width=3)
    _disc(s.draw, x + r * 0.3, y - r * 0.2, 3, line)


def _egg(s: Scene, x: float, y: float, _k: int) -> None:
    colour = s.rng.choice([(246, 232, 210), (222, 176, 130), (236, 206, 170)])
    s.draw.polygon(
        _oval(x, y, s.size * 0.07, s.size * 0.09, s.rng.uniform(-0.5, 0.5)),
        fill=colour,
        outline=(190, 150, 110),
        width=3,
    )


def _sweet_potato(s: Scene, x: float, y: float, _k: int) -> None:
    angle = s.rng.uniform(-0.6, 0.6)
    s.draw.polygon(
        _oval(x, y, s.size * 0.15, s.size * 0.06, angle),
        fill=(160, 50, 80),
        outline=(110, 30, 55),
        width=4,
    )
    s.draw.line((x - s.size * 0.05, y - 4, x + s.size * 0.04, y + 3), fill=(120, 40, 60), width=3)


def _grapes(s: Scene, x: float, y: float, _k: int) -> None:
    r = s.size * 0.035
    s.draw.polygon(_leaf(x, y - r * 3, r * 4, r * 2.4, -0.5), fill=GREEN)
    for row in range(5):
        for col in range(5 - row):
            gx, gy = x + (col - (4 - row) / 2) * r * 1.8, y + row * r * 1.6
            _disc(s.draw, gx, gy, r, (92, 44, 110), (60, 24, 76), 2)
            _disc(s.draw, gx - r * 0.35, gy - r * 0.35, r * 0.22, (190, 160, 210, 180))


def _farm(s: Scene, variant: str) -> None:
    if variant == "giftbox":
        _gift_box(s)
        return
    items = {
        "peanut": (_peanut, 110),
        "egg": (_egg, 40),
        "potato": (_sweet_potato, 26),
        "grape": (_grapes, 9),
        "mixed": (_mixed_item, 60),
    }
    item, count = items.get(variant, items["mixed"])
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.5)
    _basket(s.at(0, 0.08), lambda scene, top, half: _heap(scene, top, half, item, count))


def _mixed_item(s: Scene, x: float, y: float, k: int) -> None:
    (_peanut, _egg, _sweet_potato)[k % 3](s, x, y, k)


def _gift_box(s: Scene) -> None:
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.42)
    box = (s.cx - s.size * 0.35, s.cy - s.size * 0.2, s.cx + s.size * 0.35, s.cy + s.size * 0.4)
    s.draw.rectangle(box, fill=RED, outline=RED_DARK, width=8)
    s.draw.rectangle(
        (box[0] - 16, box[1] - 40, box[2] + 16, box[1] + 20),
        fill=(214, 30, 56),
        outline=RED_DARK,
        width=8,
    )
    s.draw.rectangle((s.cx - 26, box[1] - 40, s.cx + 26, box[3]), fill=GOLD)
    for side in (-1, 1):
        s.draw.polygon(
            _leaf(s.cx, box[1] - 44, s.size * 0.2, s.size * 0.1, -math.pi / 2 + side),
            fill=GOLD,
            outline=GOLD_DARK,
            width=4,
        )
    for k in range(12):
        spread = s.rng.uniform(-0.12, 0.12) * s.size
        _peanut(s, s.cx - s.size * 0.52 + spread, s.cy + s.size * (0.3 + s.rng.uniform(0, 0.1)), k)
    for k in range(5):
        _egg(s, s.cx + s.size * (0.46 + k % 3 * 0.1), s.cy + s.size * (0.3 + k // 3 * 0.08), k)


# --- fabric crafts -------------------------------------------------------------------------------


def _cloth(s: Scene) -> None:
    top = SIZE * 0.62
    s.draw.rectangle((0, top, SIZE, SIZE), fill=(60, 110, 170, 200))
    for row in range(6):
        for col in range(14):
            _flower(
                s.draw,
                col * 92 + (row % 2) * 46,
                top + 40 + row * 92,
                22,
                (255, 255, 255, 150),
                (250, 210, 90, 200),
                petals=5,
            )


def _fabric(s: Scene, variant: str) -> None:
    _cloth(s)
    {"tiger": _tiger, "sachet": _sachets, "insole": _insoles}.get(variant, _tiger)(s)


def _tiger(s: Scene) -> None:
    orange, dark = (236, 128, 36), (40, 30, 30)
    x, y, r = s.cx, s.cy, s.size * 0.26
    s.draw.line(
        [(x + r * 2.0, y + r * 0.2), (x + r * 2.4, y - r * 0.6), (x + r * 2.2, y - r)],
        fill=orange,
        width=int(r * 0.2),
        joint="curve",
    )
    s.draw.polygon(
        _oval(x + r * 0.9, y + r * 0.5, r * 1.35, r * 0.85), fill=orange, outline=dark, width=4
    )
    for k in range(4):
        sx = x + r * (0.3 + k * 0.45)
        s.draw.line((sx, y - r * 0.2, sx + r * 0.12, y + r * 0.35), fill=dark, width=int(r * 0.1))
    for side in (-1, 1):
        _disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.32, orange, dark, 4)
        _disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.16, PINK)
    _disc(s.draw, x - r * 0.3, y - r * 0.1, r, orange, dark, 5)
    for side in (-1, 1):
        ex = x - r * 0.3 + side * r * 0.38
        _disc(s.draw, ex, y - r * 0.28, r * 0.22, (255, 255, 255), dark, 4)
        _disc(s.draw, ex, y - r * 0.24, r * 0.11, dark)
        for k in range(3):
            s.draw.line(
                (
                    ex + side * r * 0.3,
                    y + r * 0.12 + k * 12,
                    ex + side * r * 0.75,
                    y + r * 0.02 + k * 22,
                ),
                fill=dark,
                width=4,
            )
    _disc(s.draw, x - r * 0.3, y + r * 0.1, r * 0.12, RED)
    for k in (-1, 0, 1):
        s.draw.line(
            (x - r * 0.3 + k * r * 0.25, y - r * 1.0, x - r * 0.3 + k * r * 0.2, y - r * 0.72),
            fill=dark,
            width=int(r * 0.08),
        )
    s.draw.arc(
        (x - r * 0.55, y + r * 0.05, x - r * 0.05, y + r * 0.45), 20, 160, fill=dark, width=5
    )


def _sachet(s: Scene, x: float, y: float, r: float, colour) -> None:
    s.draw.line((x, y - r * 1.6, x, y - r * 0.6), fill=RED, width=6)
    _disc(s.draw, x, y - r * 1.75, r * 0.15, None, RED, 5)
    body = _oval(x, y + r * 0.2, r * 0.85, r) + [
        (x - r * 0.3, y - r * 0.7),
        (x + r * 0.3, y - r * 0.7),
    ]
    s.draw.polygon(_oval(x, y + r * 0.2, r * 0.85, r), fill=colour, outline=(90, 40, 40), width=4)
    s.draw.polygon(
        body[-2:] + [(x + r * 0.6, y - r * 0.3), (x - r * 0.6, y - r * 0.3)], fill=colour
    )
    _flower(s.draw, x, y + r * 0.2, r * 0.5, (255, 240, 220), YELLOW, petals=5)
    for k in range(14):
        s.draw.line(
            (x + (k - 7) * 3, y + r * 1.2, x + (k - 7) * 5, y + r * 2.1), fill=colour, width=3
        )


def _sachets(s: Scene) -> None:
    colours = [(214, 40, 70), (236, 120, 160), (70, 150, 110), (90, 110, 200), (240, 170, 40)]
    s.rng.shuffle(colours)
    for k, colour in enumerate(colours):
        dx = (k - 2) * 0.3
        _sachet(s, s.cx + dx * s.size, s.cy - s.size * 0.1 + abs(k - 2) * 40, s.size * 0.12, colour)


def _insoles(s: Scene) -> None:
    for side in (-1, 1):
        x, angle = s.cx + side * s.size * 0.26, side * 0.12
        sole = _oval(x, s.cy, s.size * 0.2, s.size * 0.6, angle)
        s.draw.polygon(sole, fill=(250, 240, 222), outline=(140, 90, 60), width=6)
        s.draw.polygon(_oval(x, s.cy, s.size * 0.16, s.size * 0.54, angle), outline=RED, width=3)
        for dy, colour in ((-0.3, RED), (0.0, PINK), (0.3, RED)):
            _flower(
                s.draw,
                x - math.sin(angle) * dy * s.size,
                s.cy + dy * s.size,
                s.size * 0.08,
                colour,
                YELLOW,
                petals=6,
            )
            s.draw.polygon(
                _leaf(x, s.cy + dy * s.size + 30, s.size * 0.1, s.size * 0.04, 1.2), fill=GREEN
            )


# --- places: the community station and the mama bus --------------------------------------------


def _ground(s: Scene, y: float, colour=(150, 190, 110)) -> None:
    s.draw.rectangle((0, y, SIZE, SIZE), fill=colour)
    _disc(s.draw, SIZE * 0.82, SIZE * 0.16, 70, (255, 200, 90))


def _tree(s: Scene, x: float, y: float, r: float) -> None:
    s.draw.rectangle((x - r * 0.12, y - r * 0.2, x + r * 0.12, y + r * 0.9), fill=BROWN_DARK)
    for dx, dy in ((-0.4, 0), (0.4, 0), (0, -0.45)):
        _disc(s.draw, x + dx * r, y - r * 0.4 + dy * r, r * 0.6, (86, 150, 80))


def _person(s: Scene, x: float, y: float, h: float, colour) -> None:
    s.draw.polygon(
        [
            (x - h * 0.22, y),
            (x + h * 0.22, y),
            (x + h * 0.1, y - h * 0.62),
            (x - h * 0.1, y - h * 0.62),
        ],
        fill=colour,
    )
    _disc(s.draw, x, y - h * 0.78, h * 0.15, (246, 210, 180))
    s.draw.pieslice(
        (x - h * 0.16, y - h * 0.95, x + h * 0.16, y - h * 0.66), 180, 360, fill=(40, 30, 30)
    )


def _station(s: Scene, _variant: str) -> None:
    ground = SIZE * 0.78
    _ground(s, ground)
    left, right, top = SIZE * 0.18, SIZE * 0.82, SIZE * 0.3
    s.draw.rectangle(
        (left, top, right, ground), fill=(250, 236, 214), outline=(150, 110, 80), width=6
    )
    s.draw.rectangle((left - 20, top - 70, right + 20, top), fill=(190, 60, 50))
    s.draw.rectangle((left + 60, top - 52, right - 60, top - 18), fill=(250, 220, 120))
    for floor in range(2):
        for col in range(4):
            wx, wy = left + 50 + col * 150, top + 40 + floor * 170
            s.draw.rectangle(
                (wx, wy, wx + 90, wy + 100), fill=(170, 210, 230), outline=(120, 90, 70), width=5
            )
    s.draw.rectangle((SIZE / 2 - 55, ground - 170, SIZE / 2 + 55, ground), fill=(160, 100, 60))
    _heart(s.draw, SIZE / 2, top - 120, 40, RED)
    for x in (SIZE * 0.08, SIZE * 0.93):
        _tree(s, x, ground - 120, 110)
    colours = [(214, 60, 90), (240, 150, 60), (90, 120, 200), (120, 170, 90)]
    for k in range(5):
        height = 230 if k % 2 == 0 else 130
        _person(s, SIZE * (0.24 + k * 0.13), ground + 150, height, s.rng.choice(colours))


def _heart(draw, x: float, y: float, r: float, colour) -> None:
    _disc(draw, x - r * 0.5, y, r * 0.56, colour)
    _disc(draw, x + r * 0.5, y, r * 0.56, colour)
    draw.polygon(
        [(x - r * 1.02, y + r * 0.15), (x + r * 1.02, y + r * 0.15), (x, y + r * 1.3)], fill=colour
    )


def _bus(s: Scene, _variant: str) -> None:
    road = SIZE * 0.72
    _ground(s, road - 40)
    s.draw.rectangle((0, road, SIZE, road + 220), fill=(110, 110, 120))
    for k in range(8):
        s.draw.rectangle((k * 160, road + 100, k * 160 + 90, road + 116), fill=(250, 250, 250))
    for x in (SIZE * 0.1, SIZE * 0.3, SIZE * 0.72):
        _tree(s, x, road - 200, 90)
    left, right, top = SIZE * 0.12, SIZE * 0.88, road - 330
    s.draw.rounded_rectangle(
        (left, top, right, road + 40), 60, fill=(244, 140, 100), outline=(150, 70, 50), width=8
    )
    s.draw.rectangle((left, road - 70, right, road - 40), fill=(250, 220, 120))
    for k in range(5):
        wx = left + 40 + k * 150
        s.draw.rounded_rectangle(
            (wx, top + 40, wx + 120, top + 160),
            18,
            fill=(200, 230, 245),
            outline=(150, 70, 50),
            width=5,
        )
        if k < 4:
            _disc(s.draw, wx + 60, top + 120, 30, (246, 210, 180))
            s.draw.pieslice((wx + 28, top + 82, wx + 92, top + 140), 180, 360, fill=(40, 30, 30))
    _heart(s.draw, SIZE / 2, top + 220, 36, RED)
    _disc(s.draw, right - 20, road - 10, 20, (255, 240, 160))
    for x in (left + 140, right - 140):
        _disc(s.draw, x, road + 40, 62, (50, 50, 55))
        _disc(s.draw, x, road + 40, 26, (180, 180, 190))


def _hero(s: Scene, _variant: str) -> None:
    """Knot, basket, bun and tiger in a row across the middle: the hero is cropped to 2:1."""
    _knot(s.at(-0.62, -0.06, 0.26))
    _basket(
        s.at(-0.2, 0.0, 0.36), lambda scene, top, half: _heap(scene, top, half, _mixed_item, 30)
    )
    _bun_flower(s.at(0.22, 0.02, 0.38))
    _tiger(s.at(0.52, 0.06, 0.34))


MOTIFS = {
    "knot": _knots,
    "bun": _buns,
    "farm": _farm,
    "fabric": _fabric,
    "station": _station,
    "bus": _bus,
    "hero": _hero,
}
