"""Domain types shared by every layer: money, patients, statements, payments.

Import them from their modules (``kiosk.domain.money`` ...); this package file
stays empty so that importing one of them does not import them all (the
kiosk's first paint imports only Money).
"""
