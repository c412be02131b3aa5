"""Run the test server in its own process: ``python -m tests.stripe_server [PORT]``.

Prints ``LISTENING <url>`` once ready, then serves until killed. The crash
tests use this so the "Stripe account" outlives the kiosk processes they kill.
"""

from __future__ import annotations

import sys

from tests.stripe_server.server import StripeServer

if __name__ == "__main__":
    server = StripeServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"LISTENING {server.url}", flush=True)
    server.httpd.serve_forever()
