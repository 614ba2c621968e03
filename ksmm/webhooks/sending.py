"""One HTTP POST of a signed webhook message to a checked endpoint.

The connection goes to the address addresses.check_endpoint resolved and checked, while the
request names the host (Host header, TLS SNI and certificate check), so DNS cannot swap the
address between the check and the send. No redirect is followed (a 3xx is a failure), no proxy
from the environment is used, and at most a few KB of the answer are read and dropped: its
content is neither stored nor logged.
"""

import time
from dataclasses import dataclass

import certifi
import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from .addresses import Endpoint, RefusedEndpoint, check_endpoint

CONNECT_TIMEOUT = 3.0
TOTAL_TIMEOUT = 10.0
READ_AT_MOST = 4096
USER_AGENT = "ksmm-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: a status code, or the class of error (no content)."""

    status_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pool(endpoint: Endpoint) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(total=TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT)
    if endpoint.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            endpoint.address, endpoint.port, timeout=timeout, retries=False, maxsize=1,
            cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(), assert_hostname=endpoint.host,
            server_hostname=endpoint.host,
        )  # fmt: skip
    return urllib3.HTTPConnectionPool(endpoint.address, endpoint.port, timeout=timeout, retries=False, maxsize=1)


def error_class(error: BaseException) -> str:
    """A word for what went wrong, for the log: never the exception's text."""
    if isinstance(error, NewConnectionError):  # a subclass of ConnectTimeoutError: first
        return "connection"
    if isinstance(error, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return "timeout"
    if isinstance(error, SSLError):
        return "tls"
    if isinstance(error, ProtocolError | OSError):
        return "connection"
    return "http"


def post(*, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POSTs `body` to `url`, checked again now; never raises for what the endpoint does."""
    started = time.monotonic()

    def outcome(status_code: int | None = None, error: str = "") -> Outcome:
        return Outcome(status_code=status_code, error=error, duration_ms=int((time.monotonic() - started) * 1000))

    try:
        endpoint = check_endpoint(url)
    except RefusedEndpoint:
        return outcome(error="refused_address")
    pool = _pool(endpoint)
    request_headers = {
        **headers,
        "Host": endpoint.host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    try:
        response = pool.urlopen(
            "POST", endpoint.path, body=body, headers=request_headers, redirect=False, retries=False,
            preload_content=False, assert_same_host=False,
        )  # fmt: skip
        try:
            response.read(READ_AT_MOST)
        finally:
            response.release_conn()
            response.close()
    except (HTTPError, OSError) as error:
        return outcome(error=error_class(error))
    finally:
        pool.close()
    status = int(response.status)
    return outcome(status_code=status, error="" if 200 <= status < 300 else "status")
