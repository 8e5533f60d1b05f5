"""The API documentation pages, /docs (Swagger UI) and /redoc, served with no request to another host.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and Google Fonts, so on a program's offline or
locked-down network they stay blank. The same files ship in the `fastapi-offline` package; the app serves
them under /docs/assets. The schema stays at the app's openapi_url (/openapi.json).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
ASSETS = Path(fastapi_offline.__file__).parent / "static"  # swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js
# Swagger UI otherwise sends the whole schema to validator.swagger.io to draw a badge.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def install(app: FastAPI, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Adds /docs, its OAuth2 redirect page, /redoc and the files they load to an app made with docs_url=None.

    The pages read the app from the request, never from a closure: FastAPI keeps every endpoint it has seen in
    module-level caches (fastapi.dependencies.models, 4,096 entries each), so an endpoint closing over its app
    would keep that app, its index and its database alive after it is gone (each test's app, for one).
    """
    app.state.docs_urls = (
        app.openapi_url or "/openapi.json", app.swagger_ui_oauth2_redirect_url or f"{docs_url}/oauth2-redirect"
    )
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    app.add_api_route(docs_url, swagger_ui, include_in_schema=False)
    app.add_api_route(app.state.docs_urls[1], swagger_ui_oauth2_redirect, include_in_schema=False)
    app.add_api_route(redoc_url, redoc, include_in_schema=False)


async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI, its scripts and styles served by this app."""
    app, root = request.app, request.scope.get("root_path", "")
    openapi_url, oauth2_redirect_url = app.state.docs_urls
    return get_swagger_ui_html(
        openapi_url=f"{root}{openapi_url}",
        title=f"{app.title} - Swagger UI",
        oauth2_redirect_url=f"{root}{oauth2_redirect_url}",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        swagger_ui_parameters={**SWAGGER_UI_PARAMETERS, **(app.swagger_ui_parameters or {})},
    )


async def swagger_ui_oauth2_redirect() -> HTMLResponse:
    """The page Swagger UI's OAuth2 sign-in returns to."""
    return get_swagger_ui_oauth2_redirect_html()


async def redoc(request: Request) -> HTMLResponse:
    """ReDoc, its script served by this app, without Google Fonts."""
    app, root = request.app, request.scope.get("root_path", "")
    return get_redoc_html(
        openapi_url=f"{root}{app.state.docs_urls[0]}",
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        with_google_fonts=False,
    )
