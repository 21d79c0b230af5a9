"""The API's written contract: an OpenAPI 3.1 document of every /api/v1 endpoint, its
parameters, its answers and its errors, served at /api/v1/openapi.json.

It is built from the same constants the views check against (statuses, audiences, paging
limits, the published modules), so the document cannot drift from what the API accepts;
tests/api/test_contract.py runs Schemathesis against it.
"""

from app.reports.filters import OVERDUE_VALUES, SEARCH_LENGTH, module_slugs
from app.request_input import MAX_ID
from app.services.reporting.filters import STATUSES
from app.vocabulary import Audience, ModuleStatus, codes

PER_PAGE = 100
MAX_PER_PAGE = 200
ERRORS = {
    "400": "A parameter has a value it cannot have; `parameter` names it, `allowed` says "
    "what it may be.",
    "401": "No token, or not a valid one (missing, wrong or revoked).",
    "403": "The token's organisation has been deactivated.",
    "404": "No such endpoint.",
    "405": "Only GET (and HEAD) are answered; the Allow header says so.",
    "429": "Too many requests with this token; wait a minute.",
    "500": "Something went wrong on the server.",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_answer(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _schemas() -> dict:
    date = {"type": "string", "format": "date"}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "code", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"type": "integer", "minimum": 400, "maximum": 599},
                        "code": {"type": "string", "examples": ["bad_request", "unauthorized"]},
                        "message": {
                            "type": "string",
                            "description": "For people, in Japanese.",
                        },
                        "parameter": {
                            "type": "string",
                            "description": "400 only: the parameter that was refused.",
                        },
                        "allowed": {
                            "type": "string",
                            "description": "400 only: what the parameter may be.",
                        },
                    },
                }
            },
        },
        "ModuleCell": {
            "type": "object",
            "required": [
                "module",
                "title",
                "status",
                "score",
                "completed_at",
                "due_date",
                "overdue",
            ],
            "additionalProperties": False,
            "properties": {
                "module": {"type": "string", "description": "The module's slug."},
                "title": {"type": "string"},
                "status": {"type": "string", "enum": list(codes(ModuleStatus))},
                "score": _nullable({"type": "integer", "minimum": 0, "maximum": 100}),
                "completed_at": _nullable(date),
                "due_date": _nullable(date),
                "overdue": {"type": "boolean"},
            },
        },
        "Learner": {
            "type": "object",
            "required": ["username", "display_name", "audience", "modules"],
            "additionalProperties": False,
            "properties": {
                "username": {"type": "string"},
                "display_name": {"type": "string"},
                "audience": {"type": "string", "enum": list(codes(Audience))},
                "modules": {
                    "type": "array",
                    "description": "One entry for each module of the learner's curriculum "
                    "that the filter shows.",
                    "items": _ref("ModuleCell"),
                },
            },
        },
        "CompletionPage": {
            "type": "object",
            "required": ["organisation", "page", "pages", "per_page", "total", "next", "learners"],
            "additionalProperties": False,
            "properties": {
                "organisation": {
                    "type": "object",
                    "required": ["code", "name"],
                    "additionalProperties": False,
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                },
                "page": {"type": "integer", "minimum": 1, "description": "The page asked for."},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "total": {"type": "integer", "minimum": 0, "description": "Learners in all pages."},
                "next": _nullable(
                    {
                        "type": "string",
                        "description": "The next page's path and query; null on the last.",
                    }
                ),
                "learners": {"type": "array", "items": _ref("Learner")},
            },
        },
    }


def _completion_parameters() -> list[dict]:
    slugs = module_slugs()
    module_schema: dict = {"type": "string", "enum": slugs} if slugs else {"type": "string"}
    return [
        _query(
            "audience",
            "Only learners of this audience.",
            {"type": "string", "enum": list(codes(Audience))},
        ),
        _query("module", "Only this module (a published module's slug).", module_schema),
        _query(
            "status",
            "Only learners with a shown module in this state.",
            {"type": "string", "enum": list(STATUSES)},
        ),
        _query(
            "overdue",
            "1: only learners with a shown module past its due date.",
            {"type": "string", "enum": list(OVERDUE_VALUES)},
        ),
        _query(
            "q",
            "Part of a username or display name.",
            # No control characters: a NUL byte is refused (400) before any query runs.
            {
                "type": "string",
                "maxLength": SEARCH_LENGTH,
                "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
            },
        ),
        _query(
            "page",
            "Page number, from 1. A page past the end has no learners.",
            {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": 1},
        ),
        _query(
            "per_page",
            f"Learners a page, 1 to {MAX_PER_PAGE}.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
        ),
    ]


def _errors(*statuses: str) -> dict:
    return {status: _error_answer(ERRORS[status]) for status in statuses}


def openapi_document() -> dict:
    """The OpenAPI 3.1 document, with the modules published now as the `module` values."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Yorisoi API",
            "version": "1.0.0",
            "description": "Read-only access for a municipality's own systems to its training "
            "records. Each token, issued by an administrator at /admin/tokens, reads one "
            "organisation (and the centres and NPOs under it). Every answer is JSON; errors "
            "have one shape (Error).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerToken": []}],
        "paths": {
            "/reports/completion": {
                "get": {
                    "operationId": "completion",
                    "summary": "Who has completed what: one page of learners × modules.",
                    "parameters": _completion_parameters(),
                    "responses": {
                        "200": {
                            "description": "One page of the token's organisation's learners.",
                            "content": {"application/json": {"schema": _ref("CompletionPage")}},
                        },
                        **_errors("400", "401", "403", "404", "405", "429", "500"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_errors("404", "405", "500"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer ysi_…",
                }
            },
            "schemas": _schemas(),
        },
    }
