"""The embedded demo PMS: a synthetic clinic in its own SQLite file.

It lets the product run out of the box and gives tests a PMS whose failures
(down, slow, errors, rejections, garbage) can be scripted.
"""

from kiosk.pms.demo.adapter import DemoPms
from kiosk.pms.demo.generator import SHOWCASE, generate_clinic

__all__ = ["SHOWCASE", "DemoPms", "generate_clinic"]
