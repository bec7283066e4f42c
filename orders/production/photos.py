"""The renditions of production's photos that the pages show, in one place.

The template tag that draws them (orders.templatetags.photo_tags) and the task that makes them
when a photo is uploaded (orders.production.services.photos) both read these: a page then finds its
rendition ready and never opens the original, whose decoding costs a worker four bytes a pixel.
"""

# The photo of an order's model piece.
ORDER_PHOTO = {
    "work-thumb": "fill-160x160|format-webp",  # her open work, /work/
    "work-order": "fill-720x360|format-webp",  # the order she claims on, /work/orders/<id>/
    "desk": "fill-320x200|format-webp",  # the coordinator's order page
}
# The photo of an inspection's rejected pieces: small, and never cropped (the fault may be at
# the edge).
INSPECTION_PHOTO = {
    "inspection": "max-240x240|format-webp",  # her claim page, /work/claims/<id>/
}
RENDITIONS = ORDER_PHOTO | INSPECTION_PHOTO
