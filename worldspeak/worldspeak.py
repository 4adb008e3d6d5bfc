"""The Reflex app. Pages register themselves when `worldspeak.pages` is imported."""

import reflex as rx

from worldspeak import pages  # noqa: F401  (registers every @rx.page)
from worldspeak.api import with_api_routes

app = rx.App(api_transformer=with_api_routes)
