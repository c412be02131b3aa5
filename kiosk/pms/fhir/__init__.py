"""The FHIR R4 PMS adapter (see :mod:`kiosk.pms.fhir.adapter`)."""

from kiosk.pms.fhir.adapter import FhirPms
from kiosk.pms.fhir.http import FhirEndpoint

__all__ = ["FhirEndpoint", "FhirPms"]
