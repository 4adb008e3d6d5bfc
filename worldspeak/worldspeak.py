"""The Reflex app. Pages register themselves when `worldspeak.pages` is imported."""

import reflex as rx

from worldspeak import pages  # noqa: F401  (registers every @rx.page)
from worldspeak.api import with_api_routes
from worldspeak.scheduler import run_scheduler

app = rx.App(api_transformer=with_api_routes)
# Local mode's maintenance jobs, in every worker (an advisory lock per job runs each once).
app.register_lifespan_task(run_scheduler)
