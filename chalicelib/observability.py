"""What operators see: JSON log lines (Powertools Logger) and CloudWatch metrics (Powertools Metrics, EMF).

Every function logs through the standard `logging` module under the `rendezvous` logger
(modules use `logging.getLogger("rendezvous.<area>")`); `setup()` gives that logger one
Powertools JSON handler, so every line is one JSON object with the level, the message, the
function's keys (correlation id, route, org) and the `extra=` fields of the call.

No line may carry personal data. Our own lines name ids and counts, never an address, a name,
a number, a token or a body; the formatter also scrubs what a third party wrote into a message
or an exception (an SES error naming the address it refused, an SNS error naming the number),
so a stack trace cannot leak either.

Metrics are counted during an invocation and flushed at its end as one EMF line, which
CloudWatch turns into metrics in the `Rendezvous` namespace with the dimension `stage`.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalicelib import config

NAMESPACE = "Rendezvous"
LOGGER_NAME = "rendezvous"

# Third parties that log at INFO or DEBUG what no operator needs (fontTools' subsetting,
# botocore's credential lookups, urllib3's connections): only their warnings and errors pass.
NOISY = ("fontTools", "botocore", "boto3", "urllib3", "s3transfer", "pynamodb", "werkzeug", "PIL")

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+\d[\d ]{6,17}\d")
_LINK_TOKEN = re.compile(r"/(confirm|rate|profile)/[A-Za-z0-9_-]{16,}")
_BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")

_logger: Any = None
_metrics: Any = None


def scrub(text: str) -> str:
    """Personal data a third party may have written into a message: addresses, numbers, link tokens, JWTs."""
    text = _JWT.sub("<token>", text)
    text = _BEARER.sub("Bearer <token>", text)
    text = _LINK_TOKEN.sub(r"/\1/<token>", text)
    text = _EMAIL.sub("<email>", text)
    return _PHONE.sub("<phone>", text)


def as_text(line: str) -> str:
    """The same JSON line for a terminal (`make run`): `07:41:02 INFO request method=GET route=/health ...`."""
    import json

    fields = json.loads(line)
    stamp = str(fields.pop("timestamp", ""))[11:19]
    head = f"{stamp} {fields.pop('level', '')} {fields.pop('message', '')}"
    for key in ("service", "location", "stage"):
        fields.pop(key, None)
    trace = fields.pop("exception", None)
    text = " ".join([head, *(f"{key}={value}" for key, value in fields.items())])
    return f"{text}\n{trace}" if trace else text


def level() -> str:
    return (os.environ.get("LOG_LEVEL") or "INFO").upper()


def logger() -> Any:
    """The Powertools Logger behind `logging.getLogger("rendezvous")`; set up on first use."""
    global _logger
    if _logger is None:
        from aws_lambda_powertools import Logger
        from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

        class ScrubbingFormatter(LambdaPowertoolsFormatter):
            def format(self, record: logging.LogRecord) -> str:
                line = scrub(super().format(record))
                return as_text(line) if os.environ.get("RENDEZVOUS_LOG_FORMAT") == "text" else line

        _logger = Logger(
            service=LOGGER_NAME,
            level=level(),
            logger_formatter=ScrubbingFormatter(utc=True),
            stage=config.stage(),
        )
        for name in NOISY:
            logging.getLogger(name).setLevel(logging.WARNING)
    return _logger


def setup() -> None:
    """Called once when app.py is imported: JSON lines from every `rendezvous.*` logger."""
    logger()


def log() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


@contextmanager
def invocation(**keys: Any) -> Iterator[None]:
    """Keys (correlation id, route, function) on every line logged inside, and the metrics flushed after."""
    log_keys = logger()
    log_keys.thread_safe_append_keys(**keys)  # per thread: `chalice local` serves requests in threads
    try:
        yield
    finally:
        log_keys.thread_safe_remove_keys(list(keys))
        flush()


def correlation_id(candidate: str | None, fallback: str | None) -> str:
    """A client's own X-Correlation-Id when it is a sane id, else API Gateway's request id (or a new one)."""
    if candidate and re.fullmatch(r"[A-Za-z0-9._:-]{8,128}", candidate):
        return candidate
    if fallback and re.fullmatch(r"[A-Za-z0-9._:-]{8,128}", fallback):
        return fallback
    import uuid

    return str(uuid.uuid4())


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


# Metrics -----------------------------------------------------------------------------------


def metrics() -> Any:
    global _metrics
    if _metrics is None:
        from aws_lambda_powertools import Metrics

        _metrics = Metrics(namespace=NAMESPACE)
        _metrics.set_default_dimensions(stage=config.stage())
    return _metrics


def count(name: str, value: int = 1, **dimensions: str) -> None:
    """Count `name` in this invocation; with dimensions (channel, kind, purpose), as a metric of its own."""
    if value <= 0:
        return
    if not dimensions:
        metrics().add_metric(name=name, unit="Count", value=value)
        return
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=value,
        namespace=NAMESPACE,
        default_dimensions={"stage": config.stage()},
    ) as metric:
        for key, dimension in dimensions.items():
            metric.add_dimension(name=key, value=dimension)


def flush() -> None:
    """Print what this invocation counted as one EMF line (nothing when it counted nothing)."""
    if _metrics is not None and _metrics.metric_set:
        _metrics.flush_metrics()
