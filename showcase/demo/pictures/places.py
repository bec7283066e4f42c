"""Places: the community station, the mama bus and the home page's hero picture."""

from showcase.demo.pictures.crafts import bun_flower, knot
from showcase.demo.pictures.goods import basket, heap, mixed_item, tiger
from showcase.demo.pictures.scene import BROWN_DARK, RED, SIZE, Scene, disc

# --- places: the community station and the mama bus --------------------------------------------


def _ground(s: Scene, y: float, colour=(150, 190, 110)) -> None:
    s.draw.rectangle((0, y, SIZE, SIZE), fill=colour)
    disc(s.draw, SIZE * 0.82, SIZE * 0.16, 70, (255, 200, 90))


def _tree(s: Scene, x: float, y: float, r: float) -> None:
    s.draw.rectangle((x - r * 0.12, y - r * 0.2, x + r * 0.12, y + r * 0.9), fill=BROWN_DARK)
    for dx, dy in ((-0.4, 0), (0.4, 0), (0, -0.45)):
        disc(s.draw, x + dx * r, y - r * 0.4 + dy * r, r * 0.6, (86, 150, 80))


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
    disc(s.draw, x, y - h * 0.78, h * 0.15, (246, 210, 180))
    s.draw.pieslice(
        (x - h * 0.16, y - h * 0.95, x + h * 0.16, y - h * 0.66), 180, 360, fill=(40, 30, 30)
    )


def station(s: Scene, _variant: str) -> None:
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
    disc(draw, x - r * 0.5, y, r * 0.56, colour)
    disc(draw, x + r * 0.5, y, r * 0.56, colour)
    draw.polygon(
        [(x - r * 1.02, y + r * 0.15), (x + r * 1.02, y + r * 0.15), (x, y + r * 1.3)], fill=colour
    )


def bus(s: Scene, _variant: str) -> None:
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
            disc(s.draw, wx + 60, top + 120, 30, (246, 210, 180))
            s.draw.pieslice((wx + 28, top + 82, wx + 92, top + 140), 180, 360, fill=(40, 30, 30))
    _heart(s.draw, SIZE / 2, top + 220, 36, RED)
    disc(s.draw, right - 20, road - 10, 20, (255, 240, 160))
    for x in (left + 140, right - 140):
        disc(s.draw, x, road + 40, 62, (50, 50, 55))
        disc(s.draw, x, road + 40, 26, (180, 180, 190))


def hero(s: Scene, _variant: str) -> None:
    """Knot, basket, bun and tiger in a row across the middle: the hero is cropped to 2:1."""
    knot(s.at(-0.62, -0.06, 0.26))
    basket(s.at(-0.2, 0.0, 0.36), lambda scene, top, half: heap(scene, top, half, mixed_item, 30))
    bun_flower(s.at(0.22, 0.02, 0.38))
    tiger(s.at(0.52, 0.06, 0.34))
