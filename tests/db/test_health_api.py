"""GET /api/health reports the mode and the database status."""

from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from worldspeak.api import with_api_routes


async def reflex_stand_in(scope, receive, send):
    await PlainTextResponse("reflex")(scope, receive, send)


def test_health_says_local_mode_and_database_ok(test_db):
    with TestClient(with_api_routes(reflex_stand_in)) as client:
        response = client.get("/api/health")
        passthrough = client.get("/anything-else")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "mode": "local", "database": "ok"}
    assert passthrough.text == "reflex"


def test_health_reports_a_database_outage_as_503(monkeypatch, test_db):
    """A real outage: the real adapter pointed at a port where no database listens."""
    import socket

    from worldspeak import api
    from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    nowhere = LocalPostgres(f"postgresql://authenticator:x@127.0.0.1:{closed_port}/postgres", "s" * 40, wait_seconds=1)
    monkeypatch.setattr(api, "data_gateway", lambda: LocalDataGateway(nowhere))
    with TestClient(with_api_routes(reflex_stand_in)) as client:
        response = client.get("/api/health")
    nowhere.close()
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "mode": "local", "database": "unavailable"}
