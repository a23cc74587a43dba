"""The enrolment QR code as an SVG drawn by the server (no script, no outside service), served as a
data: URI that the Content-Security-Policy allows for images."""

from base64 import b64encode

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + b64encode(image.to_string()).decode()
