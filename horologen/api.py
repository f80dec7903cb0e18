"""HTTP routes mounted on the Reflex app (same port): health, login/logout, the JSON API."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlparse

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from horologen import config, db, login_page
from horologen.errors import report_exception
from horologen.http_context import client_address, token_from_cookie_header
from horologen.logging_setup import set_log_context
from horologen.services.accounts import access, magic_links, sessions, signin
from horologen.services.articles import export_jobs
from horologen.services.articles.export_jobs import ExportFile
from horologen.services.articles.exports import ExportError
from horologen.services.catalogue import search
from horologen.services.operations.health import HealthReport, check_health

log = logging.getLogger("horologen.api")

Endpoint = Callable[[Request], Awaitable[Response]]


def json_errors(endpoint: Endpoint) -> Endpoint:
    """Turn an unexpected exception into a 500 JSON answer carrying the logged error ID."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except HTTPException as exc:
            if exc.status_code >= 500:
                raise
            # The request itself is bad (a form field over 1 MB, too many fields): say so, no error ID.
            return JSONResponse(
                {"error": "bad_request", "message": f"リクエストを処理できません（{exc.detail}）。"},
                status_code=exc.status_code,
            )
        except Exception as exc:
            set_log_context(path=request.url.path)
            error_id = report_exception(exc, where="api", path=request.url.path)
            return JSONResponse(
                {
                    "error": "internal_error",
                    "message": "サーバーエラーが発生しました。",
                    "error_id": error_id,
                },
                status_code=500,
            )

    return wrapper


def _address(request: Request) -> str:
    return client_address(request.headers, request.client.host if request.client else "")


def _token(request: Request) -> str:
    return token_from_cookie_header(request.headers.get("cookie", ""))


def _set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        config.SESSION_COOKIE,
        token,
        max_age=int(config.SESSION_ABSOLUTE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=config.get_settings().is_production,
        path="/",
    )


def _same_origin(request: Request) -> bool:
    """A form posted from another site is refused (login CSRF, forced logout).

    `Origin: null` (a sandboxed iframe, a data: page) is foreign. Without an Origin header, the
    browser's Fetch Metadata decides; a client that sends neither is not a browser (no CSRF)."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin != "null" and urlparse(origin).netloc == request.headers.get("host", "")
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def _health() -> HealthReport:
    with db.session() as session:
        return check_health(session=session)


@json_errors
async def healthz(_request: Request) -> Response:
    """200 when the database answers and the schema is at head; 503 otherwise. No login."""
    report = await run_in_threadpool(_health)
    return JSONResponse(
        report.as_json(),
        status_code=200 if report.ok else 503,
        headers={"Cache-Control": "no-store"},
    )


def _login(email: str, password: str, address: str, agent: str) -> sessions.LoginResult:
    with db.session() as session:
        return signin.login(session=session, email=email, password=password, client_address=address, user_agent=agent)


async def login_submit(request: Request) -> Response:
    """The /login form posts here; the HttpOnly cookie can only be set by an HTTP answer."""
    if not _same_origin(request):
        return RedirectResponse("/login?error=origin", status_code=303)
    form = await request.form(max_files=0, max_fields=10)
    email = str(form.get("email") or "")[:320]
    password = str(form.get("password") or "")[:1024]
    if not email.strip() or not password:
        # An empty field is a slip, not an attempt: the form says what is missing (in Japanese,
        # the form has no browser validation) and nothing counts towards a lock-out.
        code = "empty"
    else:
        agent = request.headers.get("user-agent", "")
        result = await run_in_threadpool(_login, email, password, _address(request), agent)
        if result.ok:
            target = "/password" if result.must_change_password else signin.home_path(result.role)
            response = RedirectResponse(target, status_code=303)
            _set_session_cookie(response, result.token)
            response.delete_cookie(config.LOGIN_EMAIL_COOKIE, path="/")
            response.delete_cookie(signin.ATTEMPTS_COOKIE, path="/")
            return response
        code = "limited" if result.message == signin.ADDRESS_LIMIT_MESSAGE else "invalid"
    attempts = None
    if code == "invalid":
        # This browser's own count for the address (not the account's, which would tell a stranger
        # the address exists): after LOGIN_LOCK_AFTER_FAILURES the page says a lock may be why.
        tried, attempts = signin.note_refused_attempt(request.cookies.get(signin.ATTEMPTS_COOKIE, ""), email)
        code = "locked" if tried.locked_until is not None else code
    failed = RedirectResponse(f"/login?error={code}", status_code=303)
    secure = config.get_settings().is_production
    # The form comes back with the address typed (not in the URL, so not in any log).
    failed.set_cookie(config.LOGIN_EMAIL_COOKIE, quote(email), max_age=300, httponly=True, samesite="strict",
                      secure=secure, path="/")  # fmt: skip
    if attempts is not None:
        failed.set_cookie(signin.ATTEMPTS_COOKIE, attempts, max_age=signin.ATTEMPTS_COOKIE_MAX_AGE, httponly=True,
                          samesite="strict", secure=secure, path="/")  # fmt: skip
    return failed


def _logout(token: str, address: str) -> None:
    with db.session() as session:
        sessions.logout(session=session, token=token, client_address=address)


LOGOUT_PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>ログアウト | HoroloGen</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; padding: 48px; text-align: center">
<p>ログアウトしますか？</p><form method="post" action="/logout"><button type="submit">ログアウト</button></form>
<p><a href="/">戻る</a></p></body></html>"""


async def logout(request: Request) -> Response:
    """POST from the app's own pages signs out; GET only asks (a link elsewhere cannot sign you out)."""
    if request.method == "GET":
        return HTMLResponse(LOGOUT_PAGE, headers={"Cache-Control": "no-store"})
    if not _same_origin(request):
        return RedirectResponse("/", status_code=303)
    await run_in_threadpool(_logout, _token(request), _address(request))
    response = RedirectResponse("/login?logged_out=1", status_code=303)
    response.delete_cookie(config.SESSION_COOKIE, path="/")
    return response


def _use_link(token: str, address: str) -> sessions.LoginResult:
    with db.session() as session:
        return magic_links.use_login_link(session=session, token=token, client_address=address)


async def login_link(request: Request) -> Response:
    """DEBUG_AUTH_LINKS only; the service refuses in production or when the flag is off."""
    result = await run_in_threadpool(_use_link, request.query_params.get("token", ""), _address(request))
    if not result.ok:
        return RedirectResponse("/login?error=link", status_code=303)
    target = "/password" if result.must_change_password else signin.home_path(result.role)
    response = RedirectResponse(target, status_code=303)
    _set_session_cookie(response, result.token)
    response.delete_cookie(config.LOGIN_EMAIL_COOKIE, path="/")
    return response


def _request_link(email: str) -> None:
    with db.session() as session:
        magic_links.create_login_link(session=session, email=email)


async def login_link_request(request: Request) -> Response:
    """DEBUG_AUTH_LINKS only: writes a magic link for the email to the log; same answer for any email."""
    if not config.get_settings().debug_auth_links or not _same_origin(request):
        return RedirectResponse("/login?error=link", status_code=303)
    form = await request.form(max_files=0, max_fields=5)
    await run_in_threadpool(_request_link, str(form.get("email") or "")[:320])
    return RedirectResponse("/login?link_sent=1", status_code=303)


def _refusal(user: sessions.CurrentUser | None, roles: tuple[str, ...]) -> tuple[int, dict[str, object]] | None:
    """401/403 as JSON (never an HTML page or a redirect for API paths), or None when allowed."""
    if user is None:
        return 401, {"error": "unauthenticated", "message": "ログインしてください。"}
    if user.must_change_password:
        return 403, {
            "error": "password_change_required",
            "message": "パスワードを変更してください。",
            "redirect": "/password",
        }
    if roles and user.actor.role not in roles:
        return 403, {"error": "forbidden", "message": "この操作を行う権限がありません。"}
    return None


def _int_param(params: dict[str, str], name: str, default: int) -> int:
    """The parameter as an integer written in ASCII digits (a leading '-' is left for the service to
    refuse by range): int() alone would take `1_0`, `５` and surrounding spaces. SearchInputError else."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    digits = raw[1:] if raw.startswith("-") else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_INT_DIGITS:
        raise search.SearchInputError(f"{name} は半角数字の整数で指定してください。")
    return int(raw)


MAX_INT_DIGITS = 9  # far above every limit and offset, and short of a huge int()


def _references(token: str, params: dict[str, str], path: str, address: str) -> tuple[int, dict[str, object]]:
    """Session check and search in one read session: this route is the hottest path."""
    with db.read_session() as session:
        user = sessions.current_user(session=session, token=token)
        set_log_context(
            path=path,
            tenant_id=user.actor.tenant_id if user else None,
            user_id=user.actor.user_id if user else None,
        )
        refusal = _refusal(user, (access.STAFF, access.ADMIN))
        if refusal is not None:
            if user is not None and refusal[1]["error"] == "forbidden":
                access.record_refusal(session=session, actor=user.actor, what=path, client_address=address)
            return refusal
        assert user is not None
        try:
            page = search.search_references(
                session=session,
                actor=user.actor,
                brand=params.get("brand", ""),
                query=params.get("q", ""),
                limit=_int_param(params, "limit", search.DEFAULT_LIMIT),
                offset=_int_param(params, "offset", 0),
            )
        except search.SearchInputError as exc:
            return 400, {"error": "bad_request", "message": str(exc)}
    return 200, {"count": page.count, "items": [item.as_json() for item in page.items]}


@json_errors
async def staff_references(request: Request) -> Response:
    """The logged-in user's tenant only: {"count": total, "items": [...]}; bad parameters → 400."""
    status, body = await run_in_threadpool(
        _references, _token(request), dict(request.query_params), request.url.path, _address(request)
    )
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _export_file(token: str, export_id: int, path: str, address: str) -> tuple[int, dict[str, object] | ExportFile]:
    """Session check and the stored file, tenant checked in the service (export_jobs.download_file)."""
    with db.session() as session:
        user = sessions.current_user(session=session, token=token)
        set_log_context(path=path, tenant_id=user.actor.tenant_id if user else None,
                        user_id=user.actor.user_id if user else None)  # fmt: skip
        refusal = _refusal(user, (access.ADMIN,))
        if refusal is not None:
            if user is not None and refusal[1]["error"] == "forbidden":
                access.record_refusal(session=session, actor=user.actor, what=path, client_address=address)
            return refusal
        assert user is not None
        try:
            return 200, export_jobs.download_file(session=session, actor=user.actor, export_id=export_id)
        except access.AccessDenied as exc:
            access.record_refusal(session=session, actor=user.actor, what=path, client_address=address)
            return 404, {"error": "not_found", "message": str(exc)}
        except ExportError as exc:
            return 410, {"error": "gone", "message": str(exc)}


@json_errors
async def export_file(request: Request) -> Response:
    """An export file of the signed-in shop admin's shop, as an attachment that is never cached."""
    export_id = request.path_params["export_id"]
    if not 0 < export_id < 2**31:
        return JSONResponse({"error": "not_found", "message": "出力ファイルが見つかりません。"}, status_code=404)
    status, body = await run_in_threadpool(_export_file, _token(request), export_id, request.url.path,
                                           _address(request))  # fmt: skip
    if not isinstance(body, ExportFile):
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
    ascii_name = body.filename.encode("ascii", "replace").decode().replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(body.filename)}"
    return Response(
        body.content,
        media_type=body.media_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store, private"},
    )


async def platform_home(_request: Request) -> Response:
    """/platform: the platform admin's screen is /platform/tenants (its page refuses anyone else)."""
    return RedirectResponse("/platform/tenants", status_code=307)


EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def json_only(methods: tuple[str, ...], endpoint: Endpoint) -> Endpoint:
    """`endpoint` for `methods`; any other method gets the API's JSON error shape with status 405
    and an Allow header (Starlette's own 405 is plain text)."""
    allow = ", ".join(methods)

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        if request.method not in methods:
            return JSONResponse(
                {"error": "method_not_allowed", "message": f"このアドレスは {allow} でのみ使えます。"},
                status_code=405,
                headers={"Allow": allow, "Cache-Control": "no-store"},
            )
        return await endpoint(request)

    return wrapper


routes: list[Route] = [
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
    # Before Reflex's own /login (its bundle is not needed to type into a form): issue 29
    Route("/login", json_errors(login_page.login_form), methods=["GET"]),
    Route("/login/", json_errors(login_page.login_form), methods=["GET"]),
    Route("/auth/login", json_errors(login_submit), methods=["POST"]),
    Route("/platform", platform_home, methods=["GET"]),
    Route("/platform/", platform_home, methods=["GET"]),
    Route("/logout", json_errors(logout), methods=["GET", "POST"]),
    Route("/auth/link", json_errors(login_link), methods=["GET"]),
    Route("/auth/link-request", json_errors(login_link_request), methods=["POST"]),
    # Every method reaches the JSON routes, which answer the others themselves, as JSON (json_only).
    Route("/staff/references", json_only(("GET", "HEAD"), staff_references), methods=EVERY_METHOD),
    Route("/admin/exports/{export_id:int}/file", json_only(("GET", "HEAD"), export_file), methods=EVERY_METHOD),
]
if config.get_settings().bench_routes:
    from horologen.bench_routes import bench_bare, bench_export, bench_floor

    routes.append(Route("/bench/bare", bench_bare, methods=["GET"]))
    routes.append(Route("/bench/floor", bench_floor, methods=["GET"]))
    routes.append(Route("/bench/export", bench_export, methods=["POST"]))


def with_routes(backend: ASGIApp) -> ASGIApp:
    """Our routes in front of Reflex's backend, as Reflex's api_transformer. A callable, not a
    Starlette app: Reflex would add a CORS layer of its own to that one (security.drop_inner_cors)."""
    app = Starlette(routes=routes)
    app.mount("", backend)
    return app
