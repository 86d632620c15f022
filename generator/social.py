"""The picture a shared link shows (og:image): the shape of the chronology in time.

One PNG per site, drawn from the same marks as the visual timeline, with no text but the
axis years: platforms print the page's title and description beside it, in the reader's
script, which a picture drawn here with one font could not do for every language.
"""

from __future__ import annotations

import io

from generator.timeline import Timeline

SIZE = (1200, 630)  # what Open Graph and Twitter's large card expect
LEFT, RIGHT, AXIS = 80, 1120, 500  # the timeline's ends and its axis line, in pixels
TALLEST = 360  # the tallest bar
DOT = 16  # an event mark's radius
PAPER, INK, MARK, RULE = "#fdfcfa", "#1d2329", "#8a2b0e", "#d8dde2"


def social_image(timeline: Timeline | None) -> bytes:
    # Imported here: 25 ms of every build's start, and most rebuilds draw no picture.
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, SIZE[0], 24), fill=MARK)
    draw.line((LEFT, AXIS, RIGHT, AXIS), fill=INK, width=4)
    width = RIGHT - LEFT
    for mark in timeline.marks if timeline else ():
        x = LEFT + mark.start * width
        if mark.event is not None:
            y = AXIS - 2 * DOT - mark.level % 5 * (2 * DOT + 6)
            draw.ellipse((x - DOT, y - DOT, x + DOT, y + DOT), fill=MARK)
        else:
            top = AXIS - 8 - TALLEST * mark.height
            draw.rectangle((x, top, x + max(mark.width * width - 2, 4), AXIS - 4), fill=MARK)
    font = ImageFont.load_default(size=30)
    for tick in timeline.ticks if timeline else ():
        x = LEFT + tick.at * width
        draw.line((x, AXIS, x, AXIS + 14), fill=INK, width=3)
        draw.text((x, AXIS + 22), tick.label, fill=INK, font=font, anchor="mt")
    draw.line((0, SIZE[1] - 2, SIZE[0], SIZE[1] - 2), fill=RULE, width=4)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()
