"""The OpenAPI description of the API: every answer it can give, every parameter with an example."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from .api import ModelPermissions, PartialDateField, ReferenceField
from .shaping import ShapedViewMixin, shaping_parameters

ERROR = {
    "type": "object",
    "description": str(
        _(
            'What went wrong: {"detail": message}, or for a malformed parameter or field, '
            "{name: [messages]}."
        )
    ),
    "additionalProperties": True,
}

# Examples for query parameters, by name, shown in the documentation.
EXAMPLES = {
    "organization": "unodc",
    "official": "kairat-umarov",
    "member": "kazakhstan",
    "parent": "kazakhstan",
    "member_of": "caricc",
    "observer_of": "caricc",
    "published_after": "2026-01-01",
    "published_before": "2026-12-31",
    "search": "CARICC",
    "ordering": "-published_at",
    "classification": "state",
    "role": "observer",
    "current": "true",
    "lang": "ru",
    "kind": "article",
    "reason": "deleted",
    "format": "ninjs",
}


class ReferenceFieldSchema(OpenApiSerializerFieldExtension):
    """References read as {slug, name}; written as a slug or as {"slug": ...}, as accepted."""

    target_class = ReferenceField

    def map_serializer_field(self, auto_schema, direction):
        slug = {"type": "string", "description": str(_("The related object's slug."))}
        if direction == "request":
            schema = {
                "oneOf": [
                    slug,
                    {"type": "object", "properties": {"slug": slug}, "required": ["slug"]},
                ]
            }
        else:
            properties = {"slug": slug, "name": {"type": "string"}}
            for name in self.target.extra_fields:
                properties[name] = {"type": "string"}
            schema = {"type": "object", "properties": properties, "required": ["slug", "name"]}
        if self.target.allow_null:
            schema["nullable"] = True
        return schema


PARTIAL_DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


class PartialDateFieldSchema(OpenApiSerializerFieldExtension):
    target_class = PartialDateField

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "nullable": True,
            "pattern": PARTIAL_DATE_PATTERN,
            "description": str(
                _("YYYY, YYYY-MM or YYYY-MM-DD, as precisely as it is known; null if unknown.")
            ),
            "example": "2009",
        }


def error_response(description, media_types):
    content = {media_type: {"schema": ERROR} for media_type in media_types}
    return {"description": str(description), "content": content}


class AutoSchema(openapi.AutoSchema):
    def map_renderers(self, attribute):
        # Formats other than JSON (ninjs) are for reading: writes answer in JSON only.
        media_types = super().map_renderers(attribute)
        if self.method not in ("GET", "HEAD"):
            media_types = [m for m in media_types if m == "application/json"]
        return media_types

    def get_auth(self):
        auths = super().get_auth()
        permissions = [p.__class__ for p in self.view.get_permissions()]
        if self.method in ("GET", "HEAD") and ModelPermissions in permissions and {} not in auths:
            # Reading needs no credentials; a key only raises the request limit.
            auths.append({})
        return auths

    def _get_parameters(self):
        parameters = super()._get_parameters()
        if self.method == "GET" and isinstance(self.view, ShapedViewMixin):
            parameters += shaping_parameters(self.view)
        for parameter in parameters:
            if parameter.get("description"):
                continue
            if parameter["name"] == "format":
                parameter["description"] = str(
                    _("json (the default), or ninjs for IPTC ninjs 2.1; Accept works too.")
                )
            elif parameter["in"] == "path":
                parameter["description"] = str(_("The object's %(name)s.") % parameter)
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        for parameter in parameters:
            declared = filterset.base_filters.get(parameter["name"]) if filterset else None
            if declared is not None and not parameter.get("description"):
                parameter["description"] = str(declared.extra.get("help_text") or declared.label)
        return parameters

    def error_media_types(self):
        """Errors come in the negotiated format: JSON, or ninjs where a view offers it."""
        return [
            renderer.media_type
            for renderer in self.view.get_renderers()
            if "json" in renderer.media_type
            and (self.method in ("GET", "HEAD") or renderer.media_type == "application/json")
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        media_types = self.error_media_types()

        def error(description):
            return error_response(description, media_types)

        is_detail = "{" in self.path
        if self.method == "GET":
            responses.setdefault(
                "304",
                {
                    "description": str(
                        _("Not modified: the ETag in If-None-Match (or If-Modified-Since) holds.")
                    )
                },
            )
            responses.setdefault("400", error(_("A malformed parameter; the message names it.")))
        else:
            responses.setdefault("400", error(_("Invalid data; each message names its field.")))
            responses.setdefault("403", error(_("This account may not make this change.")))
            if self.method in ("POST", "PUT", "PATCH"):
                responses.setdefault("415", error(_("Send the body as application/json.")))
        if is_detail:
            responses.setdefault("404", error(_("No such object, or not public.")))
            if self.method == "GET" and getattr(self.view, "lookup_field", "") == "slug":
                responses.setdefault(
                    "301",
                    {
                        "description": str(
                            _("The object has a new slug: Location says where it is now.")
                        )
                    },
                )
            if self.method in ("PUT", "PATCH", "DELETE"):
                responses.setdefault(
                    "412", error(_("If-Match names an old version: fetch it again first."))
                )
        elif self.method == "GET" and getattr(self.view, "pagination_class", None):
            responses.setdefault("404", error(_("There is no such page.")))
        if self.method == "DELETE":
            responses.setdefault("409", error(_("Other records still refer to it.")))
        responses.setdefault(
            "401", error(_("Unknown, revoked or expired API key, or sign-in needed."))
        )
        responses.setdefault("429", error(_("Too many requests; Retry-After says when to retry.")))
        return responses


def one_of_to_any_of(node):
    """A blank-or-formatted text is `anyOf`: under `oneOf` an empty string matches twice.

    A partial date may also be sent empty (unknown), which spectacular does not know.
    """
    if isinstance(node, dict):
        alternatives = node.get("oneOf")
        if alternatives and any(alt.get("maxLength") == 0 for alt in alternatives):
            node["anyOf"] = node.pop("oneOf")
        if node.get("pattern") == PARTIAL_DATE_PATTERN:
            node.pop("minLength", None)
        for value in node.values():
            one_of_to_any_of(value)
    elif isinstance(node, list):
        for value in node:
            one_of_to_any_of(value)


def describe_parameters(result, generator, request, public):
    """Give every query parameter an example; response fields may be left out (?fields=)."""
    one_of_to_any_of(result)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if "example" not in parameter and "examples" not in parameter:
                    if name in EXAMPLES:
                        parameter["example"] = EXAMPLES[name]
                    elif parameter["in"] == "path":
                        parameter["example"] = "caricc" if name == "slug" else 1
    for name, component in result.get("components", {}).get("schemas", {}).items():
        shaped = not name.endswith("Request") and not name.startswith("Paginated")
        if shaped and name != "NinjsItem":
            # ?fields= may leave any field out, so no response field is promised.
            component.pop("required", None)
    return result
