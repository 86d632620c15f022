"""JSON Schemas of the front matter, so editors can check fields while typing.

They mirror the field readers in generator.model (a test keeps the two in step).
"""

from __future__ import annotations

from typing import Any

from generator.model import (
    ACTOR_FIELDS,
    ACTOR_KINDS,
    ACTOR_STATUSES,
    EVENT_FIELDS,
    SOURCE_FIELDS,
    STATUSES,
)

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"
DATE = {"description": "YYYY, YYYY-MM or YYYY-MM-DD", "type": ["string", "integer"],
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"}
TEXT = {"type": "string"}
IDS = {"type": "array", "items": ID}
TEXTS = {"type": "array", "items": {"type": "string"}}


def _schema(name: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"$schema": SCHEMA_URL, "$id": f"chronicle-{name}.schema.json",
            "title": f"Chronicle {name} front matter", "type": "object",
            "properties": properties, "required": required, "additionalProperties": False}


EVENT = _schema("event", {
    "title": TEXT, "date": DATE, "date_end": DATE, "circa": {"type": "boolean"},
    "date_basis": {**TEXT, "description": "how the date was established"},
    "actors": {**IDS, "description": "ids of content/actors entries"}, "tags": TEXTS,
    "summary": TEXT, "status": {"enum": list(STATUSES)},
    "aliases": {**IDS, "description": "earlier ids; their URLs redirect here"},
    "sources": {**IDS, "description": "ids of content/sources records"},
    "quotes": {"type": "array", "items": {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": TEXT, "source": ID,
                       "by": {"type": "string", "pattern": r"^([a-z0-9][a-z0-9._-]*)?$",
                              "description": "actor id; empty when the speaker is unknown"},
                       "line": {"type": "integer", "minimum": 1}}}},
    "merged_because": TEXT, "disputed": {"type": ["string", "array"]},
}, ["title", "date"])

SOURCE = _schema("source", {
    "title": TEXT, "publisher": TEXT, "published": DATE, "url": {**TEXT, "format": "uri"},
    "accessed": DATE, "archive_url": {**TEXT, "format": "uri"}, "author": TEXT,
    "original": TEXT, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "language": TEXT,
}, ["title"])

ACTOR = _schema("actor", {
    "name": TEXT, "aliases": TEXTS, "kind": {"enum": list(ACTOR_KINDS)}, "country": TEXT,
    "status": {"enum": list(ACTOR_STATUSES)},
}, ["name"])

SCHEMAS = {"event": EVENT, "source": SOURCE, "actor": ACTOR}
FIELDS = {"event": EVENT_FIELDS, "source": SOURCE_FIELDS, "actor": ACTOR_FIELDS}

# --- the events.json export --------------------------------------------------------------

EVENTS_JSON_VERSION = 1  # raised when a field changes meaning or goes away; adding one keeps it
NULLABLE_TEXT = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_STRICT = {"type": "object", "additionalProperties": False}

EVENTS_JSON = {
    "$schema": SCHEMA_URL, "$id": f"chronicle-events-{EVENTS_JSON_VERSION}.schema.json",
    "title": "Chronicle events.json", **_STRICT,
    "required": ["version", "schema", "title", "base_url", "events"],
    "properties": {
        "version": {"const": EVENTS_JSON_VERSION}, "schema": TEXT, "title": TEXT,
        "base_url": TEXT, "year": {"type": "integer", "description": "in a year's file only"},
        "events": {"type": "array", "items": {
            **_STRICT, "required": ["id", "url", "title", "date", "sources", "quotes"],
            "properties": {
                "id": ID, "url": TEXT, "title": TEXT, "date": DATE, "date_end": NULLABLE_DATE,
                "circa": {"type": "boolean"}, "date_display": TEXT, "date_basis": TEXT,
                "status": {"enum": list(STATUSES)}, "summary": TEXT,
                "disputed": {"type": "array", "items": TEXT},
                "merged_because": NULLABLE_TEXT,
                "actors": {"type": "array", "items": {
                    **_STRICT, "required": ["id", "name"],
                    "properties": {"id": ID, "name": TEXT}}},
                "tags": TEXTS,
                "sources": {"type": "array", "items": {
                    **_STRICT, "required": ["id", "title", "page"],
                    "properties": {"id": ID, "title": TEXT, "publisher": TEXT,
                                   "published": NULLABLE_DATE, "author": NULLABLE_TEXT,
                                   "url": NULLABLE_TEXT, "archive_url": NULLABLE_TEXT,
                                   "page": TEXT}}},
                "quotes": {"type": "array", "items": {
                    **_STRICT, "required": ["text"],
                    "properties": {"text": TEXT, "by": NULLABLE_TEXT, "source": NULLABLE_TEXT,
                                   "line": {"type": ["integer", "null"], "minimum": 1},
                                   "url": NULLABLE_TEXT}}},
            }}},
    },
}
