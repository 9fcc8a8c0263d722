"""Cloud Tasks queue (real client; the emulator through an insecure gRPC channel)."""

from __future__ import annotations

import json

from shared.config import GoogleSettings
from shared.errors import ProviderError


class CloudTasksQueue:
    def __init__(self, settings: GoogleSettings, queue: str | None = None):
        import grpc
        from google.cloud import tasks_v2
        from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

        if settings.cloud_tasks_emulator_host:
            channel = grpc.insecure_channel(settings.cloud_tasks_emulator_host)
            self.client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
        else:
            self.client = tasks_v2.CloudTasksClient()
        self.parent = self.client.queue_path(settings.google_cloud_project, settings.region,
                                             queue or settings.tasks_queue)
        self.service_account = settings.tasks_service_account

    def enqueue(self, name: str, url: str, payload: dict) -> bool:
        """Create the task named `name` once; False if it already existed (a repeat is harmless)."""
        from google.api_core import exceptions as gexc
        from google.api_core.retry import Retry, if_transient_error
        from google.cloud import tasks_v2

        request = {"http_method": tasks_v2.HttpMethod.POST, "url": url,
                   "headers": {"Content-Type": "application/json"},
                   "body": json.dumps(payload).encode()}
        if self.service_account:
            request["oidc_token"] = {"service_account_email": self.service_account, "audience": url}
        task = {"name": f"{self.parent}/tasks/{name}", "http_request": request}
        try:
            self.client.create_task(parent=self.parent, task=task,
                                    retry=Retry(predicate=if_transient_error, initial=0.1, maximum=2.0,
                                                timeout=10.0))
        except gexc.AlreadyExists:
            return False
        except gexc.GoogleAPICallError as exc:
            retryable = isinstance(exc, gexc.ServiceUnavailable | gexc.DeadlineExceeded | gexc.TooManyRequests
                                   | gexc.InternalServerError)
            raise ProviderError(f"Cloud Tasks refused the task: {exc.message}", retryable=retryable) from exc
        return True
