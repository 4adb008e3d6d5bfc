import reflex as rx

from worldspeak.settings import get_settings

settings = get_settings()

config = rx.Config(
    app_name="worldspeak",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    # One port in prod: the frontend, /_event and /api all share it.
    frontend_port=settings.app_port,
    backend_port=settings.app_port,
    api_url=settings.app_url,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="large"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
