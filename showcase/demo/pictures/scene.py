"""What every demo picture is drawn on and with: the size, the palette, the backgrounds, a
``Scene`` (where to draw) and the shapes the motifs share (ovals, leaves, flowers, shadows)."""

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


def gradient(top: tuple, bottom: tuple) -> Image.Image:
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask
    )


def table(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, SIZE * 0.74, SIZE, SIZE), fill=(150, 90, 40, 46))
    draw.line((0, SIZE * 0.74, SIZE, SIZE * 0.74), fill=(150, 90, 40, 70), width=4)


def paper_flowers(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(14):
        x, y = rng.uniform(0, SIZE), rng.uniform(0, SIZE * 0.7)
        colour = (*rng.choice([RED, GOLD, PINK]), 34)
        flower(draw, x, y, rng.uniform(18, 40), colour, colour, petals=rng.choice((5, 6, 8)))


def oval(cx: float, cy: float, a: float, b: float, angle: float = 0.0, n: int = 48) -> list:
    ca, sa = math.cos(angle), math.sin(angle)
    steps = (2 * math.pi * k / n for k in range(n))
    return [
        (
            cx + a * math.cos(t) * ca - b * math.sin(t) * sa,
            cy + a * math.cos(t) * sa + b * math.sin(t) * ca,
        )
        for t in steps
    ]


def leaf(x: float, y: float, length: float, width: float, angle: float) -> list:
    """An almond shape from (x, y) pointing along ``angle`` (radians)."""
    return oval(
        x + math.cos(angle) * length / 2,
        y + math.sin(angle) * length / 2,
        length / 2,
        width / 2,
        angle,
        n=24,
    )


def flower(
    draw, x: float, y: float, r: float, colour, centre, *, petals: int = 5, turn: float = 0.0
) -> None:
    for k in range(petals):
        angle = turn + 2 * math.pi * k / petals
        draw.polygon(leaf(x, y, r, r * 0.6, angle), fill=colour)
    draw.ellipse((x - r * 0.22, y - r * 0.22, x + r * 0.22, y + r * 0.22), fill=centre)


def shadow(s: Scene, width: float, y: float) -> None:
    s.draw.ellipse(
        (s.cx - width / 2, y - width * 0.06, s.cx + width / 2, y + width * 0.06),
        fill=(90, 50, 20, 50),
    )


def disc(draw, x: float, y: float, r: float, fill, outline=None, width: int = 0) -> None:
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width)
