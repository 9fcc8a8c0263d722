"""Cloud Function entry points. Each one parses and verifies its request, calls one service and
maps typed errors to a response; the work lives in `shared`. Imports stay lazy for cold starts."""

from __future__ import annotations

import functions_framework

from shared import bootstrap, http

# Every function this module deploys; cloudbuild.yaml and the local stack are checked against it.
FUNCTIONS = ("tools",)


@functions_framework.http
def tools(request):
    """`GET /tools` lists the tool schemas; `POST /tools/{name}` runs one (Bearer API key)."""
    from shared.tools import registry
    from shared.tools.base import ToolContext

    def handle():
        business = bootstrap.directory().for_api_key(request.headers.get("Authorization"))
        name = request.path.strip("/")
        if request.method == "GET" and not name:
            return {"tools": registry.http_schemas()}
        if request.method != "POST" or not name or "/" in name:
            raise http.MalformedRequest("Use GET /tools or POST /tools/{tool_name}.", 405)
        registry.get(name)
        args = http.json_object(request)
        context = ToolContext(business, bootstrap.calendar(), bootstrap.crm(), source="api")
        return registry.run(name, args, context)

    return http.respond(handle)
