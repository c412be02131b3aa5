"""QR codes for pay-on-your-phone: what the screen paints decodes to the page's address."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.qr import qr_matrix, qr_png

URL = ("https://checkout.stripe.com/c/pay/cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkf"
       "Ihd6tVY8XB1OLY#fidkdWxOYHwnPyd1blpxYHZxWjA0")


def test_the_png_decodes_to_the_url(tmp_path: Path) -> None:
    """Decoded by zbarimg (Debian's zbar-tools, installed by scripts/test), not by us."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbar-tools is missing: run ./scripts/test to install it"
    image = tmp_path / "code.png"
    image.write_bytes(qr_png(URL, scale=4))
    done = subprocess.run([zbarimg, "--quiet", "--raw", str(image)], capture_output=True,
                          text=True, check=False, timeout=30)
    assert done.stdout.strip() == URL


def test_the_matrix_is_square_with_a_quiet_zone() -> None:
    matrix = qr_matrix(URL, border=4)
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    assert size >= 21 + 8
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # quiet zone is light
    assert matrix[4][4] and matrix[4][10]  # the top-left finder pattern's corners are dark
    assert qr_png(URL, scale=1).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("text", [""])
def test_nothing_to_encode_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        qr_matrix(text)
