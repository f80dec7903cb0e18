"""A plain HTML form that really posts: Reflex's own form always prevents the default submit,
and the login must be an HTTP request so the answer can set the HttpOnly session cookie."""

from __future__ import annotations

from reflex_base.components.component import field
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.base import BaseHTML


class NativeForm(BaseHTML):
    tag = "form"

    action: Var[str] = field(doc="URL the form posts to")
    method: Var[str] = field(doc="HTTP method")
    no_validate: Var[bool] = field(doc="No browser validation bubbles: the server answers in Japanese")


native_form = NativeForm.create
