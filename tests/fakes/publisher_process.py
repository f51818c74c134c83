"""One service process's publisher, run once: ``python publisher_process.py DB_URL
CLAIM_TIMEOUT CALL_TIMEOUT``. It builds the services the way the extension does and runs
the same ``Publisher.run_due`` the extension's loop runs; prints what it ran as JSON."""

from __future__ import annotations

import json
import sys

from jupyter_jms.container import JmsSettings, Services


def main() -> None:
    url, claim_timeout, call_timeout = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    settings = JmsSettings(
        database_url=url, publish_claim_timeout=claim_timeout, publish_timeout=call_timeout
    )
    svc = Services.build(settings)
    try:
        ran = svc.publisher.run_due()
    finally:
        svc.close()
    print(json.dumps({"ran": ran, "worker": svc.publisher.worker}), flush=True)


if __name__ == "__main__":
    main()
