"""Health, the OpenAPI document, and errors always in the errors shape."""

from __future__ import annotations

import re

from aiohttp import web
from jsonschema import Draft202012Validator, RefResolver

from backend.api.app import create_app
from backend.api.errors import error_middleware
from backend.openapi import openapi_document, schema_problems
from tests.backend.conftest import SERVICE

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


async def test_health_checks_the_database(client):
    response = await client.get("/api/health")

    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_health_is_503_when_the_database_does_not_answer(aiohttp_client, settings, tmp_path):
    from dataclasses import replace

    unopenable = tmp_path / "a-directory-not-a-database"
    unopenable.mkdir()
    client = await aiohttp_client(
        create_app(replace(settings, database_url=f"sqlite:///{unopenable}"))
    )

    response = await client.get("/api/health")

    assert response.status == 503
    assert (await response.json())["errors"][0]["code"] == "database_unavailable"


async def test_an_unknown_address_is_a_json_404(client):
    response = await client.get("/api/nothing-here", headers=SERVICE)

    assert response.status == 404
    assert response.content_type == "application/json"
    assert (await response.json())["errors"][0]["code"] == "not_found"


async def test_a_wrong_method_is_a_json_405(client):
    response = await client.delete("/api/claims", headers=SERVICE)

    assert response.status == 405
    assert (await response.json())["errors"][0]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


async def test_an_unexpected_failure_is_a_500_without_a_stack_trace(aiohttp_client):
    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("secret internals: /srv/claims/db.py line 12")

    app = web.Application(middlewares=[error_middleware])
    app.router.add_get("/boom", broken)
    client = await aiohttp_client(app)

    response = await client.get("/boom")

    assert response.status == 500
    text = await response.text()
    assert "secret internals" not in text and "Traceback" not in text
    assert (await response.json())["errors"][0]["code"] == "internal_error"


async def test_the_openapi_document_is_served_as_json(client):
    response = await client.get("/api/openapi.json")

    assert response.status == 200
    document = await response.json()
    assert document["openapi"].startswith("3.1")
    assert document == openapi_document()


def _documented_operations(document):
    return {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def _routed_operations(app):
    """The API's routes; the web pages (``/``, ``/chat``, ``/agent``, ``/static/``) are HTML."""
    return {
        (route.resource.canonical, route.method)
        for route in app.router.routes()
        if route.method != "HEAD"  # aiohttp adds HEAD to every GET
        and route.resource.canonical.startswith("/api/")
    }


def test_the_document_describes_exactly_the_routes_the_app_has(settings):
    app = create_app(settings)

    assert _routed_operations(app) == _documented_operations(openapi_document())


def test_every_path_parameter_is_declared(settings):
    document = openapi_document()
    resolver = RefResolver.from_schema(document)
    for path, operations in document["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            parameters = [
                resolver.resolve(parameter["$ref"])[1] if "$ref" in parameter else parameter
                for parameter in operation.get("parameters", [])
            ]
            declared = {parameter["name"] for parameter in parameters if parameter["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"


def test_every_schema_is_valid_json_schema_and_every_reference_resolves():
    document = openapi_document()
    resolver = RefResolver.from_schema(document)

    def references(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for reference in set(references(document)):
        assert resolver.resolve(reference)[1] is not None, reference


def test_every_operation_documents_its_responses():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method.upper()} {path}"
            assert operation.get("operationId"), f"{method.upper()} {path}"


def test_the_errors_shape_is_the_documented_one():
    problems = schema_problems(
        "Errors", {"errors": [{"code": "order_not_found", "field": "order_id", "message": "x"}]}
    )
    assert problems == []
