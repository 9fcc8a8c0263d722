"""Cloud Tasks queue (real client; the emulator through an insecure gRPC channel).

Queueing is best-effort and quick: the record a task is about is written first, a task that
cannot be created (one call of at most `deadline_seconds`, transient errors tried again for
RETRY_SECONDS) is a ProviderError (the caller keeps the record and the reminders sweep queues it
again), and after such a failure the queue is not tried again for
`pause_seconds` (a caller's turn never waits on a queue that is down). The sweep calls `resume()`
first: it is the recovery path and may wait the deadline.
"""

from __future__ import annotations

import json
import logging
import threading
import time

from shared.config import GoogleSettings
from shared.errors import ProviderError

log = logging.getLogger(__name__)
RETRY_SECONDS = 0.3
# The emulator's channel reconnects within a second of its return (gRPC's default backoff grows to 2 min).
EMULATOR_CHANNEL_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 100), ("grpc.min_reconnect_backoff_ms", 100),
                            ("grpc.max_reconnect_backoff_ms", 1000)]


class CloudTasksQueue:
    def __init__(self, settings: GoogleSettings, queue: str | None = None, deadline_seconds: float = 2.0,
                 pause_seconds: float = 30.0, clock=time.monotonic):
        import grpc
        from google.cloud import tasks_v2
        from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

        if settings.cloud_tasks_emulator_host:
            channel = grpc.insecure_channel(settings.cloud_tasks_emulator_host, options=EMULATOR_CHANNEL_OPTIONS)
            self.client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
        else:
            self.client = tasks_v2.CloudTasksClient()
        self.parent = self.client.queue_path(settings.google_cloud_project, settings.region,
                                             queue or settings.tasks_queue)
        self.service_account = settings.tasks_service_account
        self.deadline_seconds = deadline_seconds
        self.pause_seconds = pause_seconds
        self._clock = clock
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def resume(self) -> None:
        """Try the queue again on the next enqueue, even within the pause after a failure, once its
        channel is connected again (waited for up to `deadline_seconds`: the sweep can wait)."""
        import grpc

        with self._lock:
            self._paused_until = 0.0
        try:
            grpc.channel_ready_future(self.client.transport.grpc_channel).result(timeout=self.deadline_seconds)
        except (grpc.FutureTimeoutError, AttributeError):
            pass  # still down: the enqueues say so

    def enqueue(self, name: str, url: str, payload: dict) -> bool:
        """Create the task named `name` once; False if it already existed (a repeat is harmless)."""
        from google.api_core import exceptions as gexc
        from google.api_core.retry import Retry, if_transient_error
        from google.cloud import tasks_v2

        if self._clock() < self._paused_until:
            raise ProviderError("Cloud Tasks failed moments ago; not tried again yet.", retryable=True)
        request = {"http_method": tasks_v2.HttpMethod.POST, "url": url,
                   "headers": {"Content-Type": "application/json"},
                   "body": json.dumps(payload).encode()}
        if self.service_account:
            request["oidc_token"] = {"service_account_email": self.service_account, "audience": url}
        task = {"name": f"{self.parent}/tasks/{name}", "http_request": request}
        try:
            # A refused connection or a blip is tried again for a moment only: the sweep recovers the rest.
            self.client.create_task(parent=self.parent, task=task, timeout=self.deadline_seconds,
                                    retry=Retry(predicate=if_transient_error, initial=0.05, maximum=0.1,
                                                timeout=RETRY_SECONDS))
        except gexc.AlreadyExists:
            return False
        except gexc.GoogleAPICallError as exc:
            retryable = isinstance(exc, gexc.ServiceUnavailable | gexc.DeadlineExceeded | gexc.TooManyRequests
                                   | gexc.InternalServerError)
            if retryable:
                self._pause()
            raise ProviderError(f"Cloud Tasks refused the task: {exc.message}", retryable=retryable) from exc
        except Exception as exc:  # RetryError at the deadline, a channel error: the queue is unreachable
            self._pause()
            raise ProviderError(f"Cloud Tasks unreachable: {type(exc).__name__}", retryable=True) from exc
        return True

    def _pause(self) -> None:
        with self._lock:
            self._paused_until = self._clock() + self.pause_seconds
        log.warning("Cloud Tasks failed; queueing paused for %.0f s (records stay queued for the sweep)",
                    self.pause_seconds)
