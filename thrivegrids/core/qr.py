"""QR codes drawn on the server as inline SVG: no script, no third party."""

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_code_svg(address, *, size=None):
    """The address as an inline SVG QR code.

    On a page (no `size`): with a quiet border, marked decorative for assistive technology,
    since the same address is always shown as text beside it. In print (`size`, e.g. "16mm"):
    no border and a fixed size however long the address.
    """
    if size:
        image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, border=0)
        svg = re.sub(
            r'^<svg width="[^"]*" height="[^"]*"',
            f'<svg width="{size}" height="{size}"',
            image.to_string(encoding="unicode"),
        )
    else:
        image = qrcode.make(
            address, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
        )
        svg = image.to_string(encoding="unicode").replace(
            "<svg ", '<svg class="tg-qr" aria-hidden="true" focusable="false" ', 1
        )
    return Markup(svg)  # noqa: S704 (qrcode's own markup around our own address)
