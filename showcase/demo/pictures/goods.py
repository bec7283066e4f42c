"""Farm goods (peanuts, eggs, sweet potatoes, grapes, gift boxes) and fabric crafts (tiger,
sachets, insoles)."""

import math

from showcase.demo.pictures.scene import (
    BROWN,
    BROWN_DARK,
    GOLD,
    GOLD_DARK,
    GREEN,
    PINK,
    RED,
    RED_DARK,
    SIZE,
    YELLOW,
    Scene,
    disc,
    flower,
    leaf,
    oval,
    shadow,
)

# --- farm goods ----------------------------------------------------------------------------------


def basket(s: Scene, fill) -> None:
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


def heap(s: Scene, top: float, half: float, item, count: int) -> None:
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
        s.draw.polygon(oval(px, py, r, r * 0.8, angle), fill=shell, outline=line, width=3)
    disc(s.draw, x + r * 0.3, y - r * 0.2, 3, line)


def _egg(s: Scene, x: float, y: float, _k: int) -> None:
    colour = s.rng.choice([(246, 232, 210), (222, 176, 130), (236, 206, 170)])
    s.draw.polygon(
        oval(x, y, s.size * 0.07, s.size * 0.09, s.rng.uniform(-0.5, 0.5)),
        fill=colour,
        outline=(190, 150, 110),
        width=3,
    )


def _sweet_potato(s: Scene, x: float, y: float, _k: int) -> None:
    angle = s.rng.uniform(-0.6, 0.6)
    s.draw.polygon(
        oval(x, y, s.size * 0.15, s.size * 0.06, angle),
        fill=(160, 50, 80),
        outline=(110, 30, 55),
        width=4,
    )
    s.draw.line((x - s.size * 0.05, y - 4, x + s.size * 0.04, y + 3), fill=(120, 40, 60), width=3)


def _grapes(s: Scene, x: float, y: float, _k: int) -> None:
    r = s.size * 0.035
    s.draw.polygon(leaf(x, y - r * 3, r * 4, r * 2.4, -0.5), fill=GREEN)
    for row in range(5):
        for col in range(5 - row):
            gx, gy = x + (col - (4 - row) / 2) * r * 1.8, y + row * r * 1.6
            disc(s.draw, gx, gy, r, (92, 44, 110), (60, 24, 76), 2)
            disc(s.draw, gx - r * 0.35, gy - r * 0.35, r * 0.22, (190, 160, 210, 180))


def farm(s: Scene, variant: str) -> None:
    if variant == "giftbox":
        _gift_box(s)
        return
    items = {
        "peanut": (_peanut, 110),
        "egg": (_egg, 40),
        "potato": (_sweet_potato, 26),
        "grape": (_grapes, 9),
        "mixed": (mixed_item, 60),
    }
    item, count = items.get(variant, items["mixed"])
    shadow(s, s.size * 1.3, s.cy + s.size * 0.5)
    basket(s.at(0, 0.08), lambda scene, top, half: heap(scene, top, half, item, count))


def mixed_item(s: Scene, x: float, y: float, k: int) -> None:
    (_peanut, _egg, _sweet_potato)[k % 3](s, x, y, k)


def _gift_box(s: Scene) -> None:
    shadow(s, s.size * 1.3, s.cy + s.size * 0.42)
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
            leaf(s.cx, box[1] - 44, s.size * 0.2, s.size * 0.1, -math.pi / 2 + side),
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
            flower(
                s.draw,
                col * 92 + (row % 2) * 46,
                top + 40 + row * 92,
                22,
                (255, 255, 255, 150),
                (250, 210, 90, 200),
                petals=5,
            )


def fabric(s: Scene, variant: str) -> None:
    _cloth(s)
    {"tiger": tiger, "sachet": _sachets, "insole": _insoles}.get(variant, tiger)(s)


def tiger(s: Scene) -> None:
    orange, dark = (236, 128, 36), (40, 30, 30)
    x, y, r = s.cx, s.cy, s.size * 0.26
    s.draw.line(
        [(x + r * 2.0, y + r * 0.2), (x + r * 2.4, y - r * 0.6), (x + r * 2.2, y - r)],
        fill=orange,
        width=int(r * 0.2),
        joint="curve",
    )
    s.draw.polygon(
        oval(x + r * 0.9, y + r * 0.5, r * 1.35, r * 0.85), fill=orange, outline=dark, width=4
    )
    for k in range(4):
        sx = x + r * (0.3 + k * 0.45)
        s.draw.line((sx, y - r * 0.2, sx + r * 0.12, y + r * 0.35), fill=dark, width=int(r * 0.1))
    for side in (-1, 1):
        disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.32, orange, dark, 4)
        disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.16, PINK)
    disc(s.draw, x - r * 0.3, y - r * 0.1, r, orange, dark, 5)
    for side in (-1, 1):
        ex = x - r * 0.3 + side * r * 0.38
        disc(s.draw, ex, y - r * 0.28, r * 0.22, (255, 255, 255), dark, 4)
        disc(s.draw, ex, y - r * 0.24, r * 0.11, dark)
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
    disc(s.draw, x - r * 0.3, y + r * 0.1, r * 0.12, RED)
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
    disc(s.draw, x, y - r * 1.75, r * 0.15, None, RED, 5)
    body = oval(x, y + r * 0.2, r * 0.85, r) + [
        (x - r * 0.3, y - r * 0.7),
        (x + r * 0.3, y - r * 0.7),
    ]
    s.draw.polygon(oval(x, y + r * 0.2, r * 0.85, r), fill=colour, outline=(90, 40, 40), width=4)
    s.draw.polygon(
        body[-2:] + [(x + r * 0.6, y - r * 0.3), (x - r * 0.6, y - r * 0.3)], fill=colour
    )
    flower(s.draw, x, y + r * 0.2, r * 0.5, (255, 240, 220), YELLOW, petals=5)
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
        sole = oval(x, s.cy, s.size * 0.2, s.size * 0.6, angle)
        s.draw.polygon(sole, fill=(250, 240, 222), outline=(140, 90, 60), width=6)
        s.draw.polygon(oval(x, s.cy, s.size * 0.16, s.size * 0.54, angle), outline=RED, width=3)
        for dy, colour in ((-0.3, RED), (0.0, PINK), (0.3, RED)):
            flower(
                s.draw,
                x - math.sin(angle) * dy * s.size,
                s.cy + dy * s.size,
                s.size * 0.08,
                colour,
                YELLOW,
                petals=6,
            )
            s.draw.polygon(
                leaf(x, s.cy + dy * s.size + 30, s.size * 0.1, s.size * 0.04, 1.2), fill=GREEN
            )
