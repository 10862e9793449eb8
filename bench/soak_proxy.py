"""A loopback TCP proxy to PostgreSQL for the soak, in its own process (so copying bytes never competes
with the clients or the sampler for one interpreter): SIGUSR1 cuts it (refuses new connections, drops the
open ones), SIGUSR2 serves again. The proxy itself is the fault battery's (``tests/support/services.py``).

    python -m bench.soak_proxy --port 6543 --upstream 5432
"""

import argparse
import signal
import threading

from tests.support.services import TcpProxy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", type=int, required=True, help="a port on 127.0.0.1")
    args = parser.parse_args()
    proxy = TcpProxy(("127.0.0.1", args.upstream), port=args.port).start()
    done = threading.Event()
    signal.signal(signal.SIGUSR1, lambda *_: proxy.stop())
    signal.signal(signal.SIGUSR2, lambda *_: proxy.start() if proxy._listener is None else None)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    proxy.stop()


if __name__ == "__main__":
    main()
