"""The Reflex app. Pages register themselves when `worldspeak.pages` is imported."""

import reflex as rx

from worldspeak import pages  # noqa: F401  (registers every @rx.page)
from worldspeak.api import with_api_routes
from worldspeak.providers import warm_up_speech
from worldspeak.scheduler import run_scheduler

app = rx.App(api_transformer=with_api_routes)
# Local mode's maintenance jobs, in every worker (an advisory lock per job runs each once).
app.register_lifespan_task(run_scheduler)
# Speech models load in a background thread at start, so the first learner does not wait for them.
app.register_lifespan_task(warm_up_speech)
