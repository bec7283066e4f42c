"""The demo's pictures, drawn with Pillow shapes only: knots, buns, farm goods, fabric crafts, the
community station and the mama bus. Deterministic for a given (motif, variant, seed, zoom), so a
reseed draws the same bytes. One module per kind of motif; ``scene`` holds what they share."""

import io
import random

from PIL import ImageDraw

from showcase.demo.pictures.crafts import buns, knots
from showcase.demo.pictures.goods import fabric, farm
from showcase.demo.pictures.places import bus, hero, station
from showcase.demo.pictures.scene import (
    BACKGROUNDS,
    SIZE,
    SKIES,
    Scene,
    gradient,
    paper_flowers,
    table,
)


def picture_jpeg(*, motif: str, variant: str, seed: int, zoom: float = 1.0) -> bytes:
    """A SIZE×SIZE JPEG of ``motif`` in ``variant``; the same arguments give the same bytes."""
    rng = random.Random(seed)
    outdoor = motif in {"station", "bus"}
    image = gradient(*rng.choice(SKIES if outdoor else BACKGROUNDS))
    draw = ImageDraw.Draw(image, "RGBA")
    if not outdoor:
        paper_flowers(draw, rng)
        table(draw)
    scene = Scene(draw=draw, rng=rng, cx=SIZE / 2, cy=SIZE / 2, size=SIZE * 0.62 * zoom)
    MOTIFS[motif](scene, variant)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


MOTIFS = {
    "knot": knots,
    "bun": buns,
    "farm": farm,
    "fabric": fabric,
    "station": station,
    "bus": bus,
    "hero": hero,
}
