"""/login as a plain HTML page (issue 29): the form can be typed into as soon as the page arrives,
before Reflex's bundle and websocket, and works with JavaScript off. It posts natively to
/auth/login (api.login_submit), which keeps every protection (Origin check, lock-out, equal cost).

What the page says is decided here once: this route and the Reflex page at the same path
(pages/login.py + state/login.py, shown after an in-app redirect, which never asks the server)
both call `login_view`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from horologen import config, db
from horologen.http_context import token_from_cookie_header
from horologen.services.accounts import sessions, signin
from horologen.timezones import to_tokyo

TEXT = {
    "title": "ログイン",
    "email": "メールアドレス",
    "password": "パスワード",
    "submit": "ログイン",
    "help": (
        "パスワードを忘れた場合や、ロックされてログインできない場合は、"
        "店舗の管理者に再発行・ロックの解除を依頼してください。"
    ),
    "debug": "開発用: ログインリンク（DEBUG_AUTH_LINKS）",
    "debug_submit": "ログインリンクをログに出力",
}
LOGIN_MESSAGES = {
    "invalid": signin.LOGIN_FAILED_MESSAGE,
    "locked": signin.LOGIN_FAILED_MESSAGE,  # with this browser's count in its cookie: refusal_message
    "empty": "メールアドレスとパスワードを入力してください。",
    "limited": signin.ADDRESS_LIMIT_MESSAGE,
    "origin": "別のサイトからのログインは受け付けていません。このページから再度ログインしてください。",
    "link": "ログインリンクが無効か、期限切れです。",
}
NOTICES = {
    "logged_out": "ログアウトしました。",
    "link_sent": "登録済みのメールアドレスであれば、ログインリンクをアプリケーションログに出力しました。",
}


@dataclass(frozen=True)
class LoginView:
    """What the login page shows: a refusal, a notice, the address of a failed attempt."""

    error: str = ""
    notice: str = ""
    email: str = ""
    debug_links: bool = False


def cookie_value(cookie_header: str, name: str) -> str:
    """One cookie of a request's Cookie header ("" when absent or unreadable)."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def refusal_message(code: str, *, email: str, attempts_cookie: str) -> str:
    """After this browser's LOGIN_LOCK_AFTER_FAILURES refused attempts for the typed address: what
    a lock would mean and when to retry (from this browser's own count, whatever the account)."""
    if code not in ("invalid", "locked"):
        return LOGIN_MESSAGES.get(code, "")
    tried = signin.read_attempts(attempts_cookie, email)
    if tried.locked_until is None:
        return signin.LOGIN_FAILED_MESSAGE
    retry = to_tokyo(tried.locked_until).strftime("%H:%M")
    return f"{signin.BROWSER_LOCK_MESSAGE}（{retry} 以降に再度お試しいただけます）"


def login_view(*, params: Mapping[str, str], cookie_header: str) -> LoginView:
    """The page for a request's query parameters (?error=…, ?logged_out=1, ?link_sent=1) and its
    cookies (the address of the failed attempt and this browser's count, both HttpOnly)."""
    code = str(params.get("error", ""))
    email = unquote(cookie_value(cookie_header, config.LOGIN_EMAIL_COOKIE))[:320] if code in LOGIN_MESSAGES else ""
    error = refusal_message(code, email=email, attempts_cookie=cookie_value(cookie_header, signin.ATTEMPTS_COOKIE))
    notice = next((NOTICES[flag] for flag in NOTICES if params.get(flag)), "")  # logged_out before link_sent
    return LoginView(error=error, notice=notice, email=email, debug_links=config.get_settings().debug_auth_links)


# The look of the Reflex page (Radix Themes, indigo, light) in the few rules this page needs, inline:
# nothing to fetch before the form shows.
STYLE = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:#1c2024;font:16px/24px -apple-system,BlinkMacSystemFont,"Segoe UI (Custom)",
Roboto,"Helvetica Neue","Open Sans (Custom)",system-ui,sans-serif,"Apple Color Emoji","Segoe UI Emoji";
overflow-wrap:break-word}
header{border-bottom:1px solid #e0e1e6}
.bar{display:flex;align-items:center;padding:12px 16px;min-height:52px}
.brand{font-size:20px;line-height:28px;font-weight:700;letter-spacing:-.005em;color:#002bb7c5;text-decoration:none}
.brand:hover{text-decoration:underline}
main{padding:24px 16px}
.inner{max-width:1136px;margin:0 auto;display:flex;flex-direction:column;align-items:flex-start;gap:16px}
h1{margin:0;font-size:24px;line-height:30px;font-weight:700;letter-spacing:-.00625em}
.callout{width:100%;display:flex;align-items:flex-start;gap:12px;padding:16px;border-radius:8px;font-size:14px;line-height:20px}
.callout p{margin:0}
.callout svg{flex:none;width:24px;height:24px;margin:-2px 0}
.alert{background:#f3000d14;color:#c40006d3}
.status{background:#00a43319;color:#00713fde}
form{width:100%;max-width:420px;margin:0}
.fields{display:flex;flex-direction:column;gap:12px}
label{align-self:flex-start}
input{width:100%;height:40px;margin:0;padding:0 12px;border:0;border-radius:6px;background:#ffffffd9;color:inherit;
font:inherit;box-shadow:inset 0 0 0 1px #00062e32}
input:focus{outline:2px solid #8da4ef;outline-offset:-1px}
button{height:40px;width:100%;border:0;border-radius:6px;padding:0 16px;background:#3e63dd;color:#fff;font:inherit;
font-weight:500}
button:hover{background:#3358d4}
button:focus-visible{outline:2px solid #8da4ef;outline-offset:2px}
.help{margin:0;font-size:14px;line-height:20px;color:#0007149f}
.card{width:100%;max-width:420px;padding:12px;border-radius:8px;box-shadow:inset 0 0 0 1px #00062e32}
.card .fields{gap:8px}
.card strong{font-size:14px;line-height:20px}
.card input{height:32px;font-size:14px}
.card button{width:auto;height:32px;background:#0044ff0f;color:#002bb7c5;font-size:14px}
.card button:hover{background:#0044ff1a}
"""
ALERT_ICON = (
    '<path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3"/>'
    '<path d="M12 9v4"/><path d="M12 17h.01"/>'
)
INFO_ICON = '<circle cx="12" cy="12" r="10"/><path d="M12 16v-4"/><path d="M12 8h.01"/>'
# Reflex keeps a tab's state on the server under the token in this tab's sessionStorage: a new one
# after this page, so whoever signs in next never receives what the last user left (the Reflex
# page resets the state tree in LoginState.on_load for the same reason). Runs after the form.
FORGET_TAB_STATE = '<script>try{sessionStorage.removeItem("token")}catch(e){}</script>'


def _callout(message: str, role: str, icon: str) -> str:
    if not message:
        return ""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">{icon}</svg>'
    )
    return f'<div class="callout {role}" role="{role}">{svg}<p>{html.escape(message)}</p></div>'


def login_html(view: LoginView) -> str:
    """The whole page; every value from the request is escaped."""
    e = html.escape
    focus_email, focus_password = ("", " autofocus") if view.email else (" autofocus", "")
    debug = (
        '<div class="card"><form method="post" action="/auth/link-request" novalidate><div class="fields">'
        f"<strong>{e(TEXT['debug'])}</strong>"
        f'<input name="email" type="email" placeholder="{e(TEXT["email"])}" aria-label="{e(TEXT["email"])}">'
        f'<div><button type="submit">{e(TEXT["debug_submit"])}</button></div></div></form></div>'
        if view.debug_links
        else ""
    )
    return (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(TEXT['title'])} | HoroloGen</title><style>{STYLE}</style></head><body>"
        '<header><div class="bar"><a class="brand" href="/">HoroloGen</a></div></header>'
        f'<main><div class="inner"><h1>{e(TEXT["title"])}</h1>'
        f"{_callout(view.error, 'alert', ALERT_ICON)}{_callout(view.notice, 'status', INFO_ICON)}"
        '<form method="post" action="/auth/login" novalidate><div class="fields">'
        f'<label for="email">{e(TEXT["email"])}</label>'
        f'<input id="email" name="email" type="email" autocomplete="username" spellcheck="false" '
        f'value="{e(view.email)}"{focus_email}>'
        f'<label for="password">{e(TEXT["password"])}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" '
        f'spellcheck="false"{focus_password}>'
        f'<button type="submit">{e(TEXT["submit"])}</button>'
        f'<p class="help">{e(TEXT["help"])}</p></div></form>{debug}</div></main>'
        f"{FORGET_TAB_STATE}</body></html>"
    )


def _signed_in_home(token: str) -> str:
    """Where a visitor who is already signed in belongs, or "" (no session, or an expired one)."""
    if not token:
        return ""
    with db.read_session() as session:
        user = sessions.current_user(session=session, token=token)
    if user is None:
        return ""
    return "/password" if user.must_change_password else signin.home_path(user.actor.role)


async def login_form(request: Request) -> Response:
    """GET /login: the page, or the signed-in visitor's own screen when nothing is to be said."""
    cookie_header = request.headers.get("cookie", "")
    view = login_view(params=request.query_params, cookie_header=cookie_header)
    if not view.error and not view.notice:
        home = await run_in_threadpool(_signed_in_home, token_from_cookie_header(cookie_header))
        if home:
            return RedirectResponse(home, status_code=303)
    # no-store: the page may hold the address of a failed attempt
    return HTMLResponse(login_html(view), headers={"Cache-Control": "no-store"})
