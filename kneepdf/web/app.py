"""The Flask application: the form page, the handout, the preview and the pictures."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import traceback
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request
from werkzeug.datastructures import MultiDict

from kneepdf.errors import KneepdfError
from kneepdf.model import Content, Stage
from kneepdf.select.selection import UnknownStage, find_stage
from kneepdf.web import fields, guard
from kneepdf.web.fields import (
    DOSE_PREFIX,
    SPECS,
    FieldError,
    Posted,
    extra_cards,
    field_error,
    optional_cards,
    read_form,
    stage_cards,
)
from kneepdf.web.render import Workshop, page_pngs, picture_png

LOG = logging.getLogger("kneepdf.web")


def create_app(token: str, port: int | None = None, content_dir: Path | None = None) -> Flask:
    """The page for one run. Only requests to 127.0.0.1:`port` or localhost:`port` carrying
    `token` are answered; set `app.config["KNEEPDF_PORT"]` once the port is known.

    Raises ContentErrors when the content or the default style has problems.
    """
    workshop = Workshop(content_dir)
    app = Flask(__name__)
    app.config.update(KNEEPDF_PORT=port, MAX_CONTENT_LENGTH=guard.MAX_BODY,
                      MAX_FORM_MEMORY_SIZE=guard.MAX_BODY, SEND_FILE_MAX_AGE_DEFAULT=0)
    guard.install(app, token)

    @app.get("/")
    def page() -> str:
        return _page(workshop.content, read_form(MultiDict()), None)

    @app.post("/")
    def update() -> str:  # a new stage's items, or the form checked (without JavaScript)
        posted, error = _read(guard.posted())
        if error is None:
            try:
                workshop.check(posted.options, dt.date.today())
            except KneepdfError as exc:
                error = field_error(exc)
        return _page(workshop.content, posted, error)

    @app.post("/handout")
    def handout() -> Response | tuple[str, int]:
        posted, error = _read(guard.posted())
        if error is None:
            try:
                data, _, stage = workshop.handout(posted.options, dt.date.today())
            except KneepdfError as exc:
                error = field_error(exc)
            else:
                how = "attachment" if guard.posted().get("download") else "inline"
                answer = Response(data, mimetype="application/pdf")
                name = f"knee-handout-{stage}.pdf"  # never the patient's name
                answer.headers["Content-Disposition"] = f'{how}; filename="{name}"'
                return answer
        if request.accept_mimetypes.best in ("text/html", "application/xhtml+xml"):
            return _page(workshop.content, posted, error), 400
        return Response(error.text(), 400, mimetype="text/plain")

    @app.post("/preview")
    def preview() -> tuple[Response, int]:
        posted, error = _read(guard.posted())
        if error is None:
            try:
                data, pages, _ = workshop.handout(posted.options, dt.date.today())
            except KneepdfError as exc:
                error = field_error(exc)
            else:
                images = [base64.b64encode(png).decode("ascii") for png in page_pngs(data)]
                return jsonify(pages=pages, images=images, errors={}), 200
        return jsonify(pages=0, images=[], errors={error.field: error.message},
                       item=error.item, line=error.text().rstrip("\n")), 400

    @app.get("/picture/<item_id>.png")
    def picture(item_id: str) -> Response:
        item = next((i for s in workshop.content.steps for i in s.items if i.id == item_id),
                    None)
        if item is None or item.pose is None:
            abort(404)
        return Response(picture_png(item.pose, workshop.reuse), mimetype="image/png")

    @app.get("/favicon.ico")
    def icon() -> Response:  # the PDF's tab asks for one; there is none
        return Response(status=204)

    @app.errorhandler(Exception)
    def failed(exc: Exception) -> Response:  # never a traceback, never the form's values
        status = getattr(exc, "code", 500)
        if not isinstance(status, int):
            status = 500
        if status == 500:  # a fault of ours: where it happened, for the log
            _log_fault(exc)
        words = getattr(exc, "description", None) or "the page could not be made"
        return guard.refuse(status, str(words).rstrip("."))

    return app


def _log_fault(exc: Exception) -> None:
    """Log the traceback of an unexpected error: the exception's type and where it was
    raised, never its message or any value (they may hold what the form said)."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    LOG.error("%s while answering %s %s\nTraceback (most recent call last):\n%s",
              type(exc).__name__, request.method, request.path, stack.rstrip("\n"))


def _read(form: Any) -> tuple[Posted, FieldError | None]:
    """The posted form and its first bad field's error (None when all read): the fields
    that read are kept to be shown again, each bad one left out in turn."""
    first: FieldError | None = None
    for _ in range(len(SPECS) + 1):  # each turn leaves one more bad field out
        try:
            return read_form(form), first
        except FieldError as exc:
            first = first or exc
            form = _without(form, exc.field)
    raise AssertionError("every field was left out and the form still did not read")


def _without(form: Any, name: str) -> MultiDict[str, str]:
    """The form less one field, so the rest can still be shown again."""
    return MultiDict([(k, v) for k, v in form.items(multi=True) if k != name])


def _page(content: Content, posted: Posted, error: FieldError | None) -> str:
    values = dict(posted.values)
    if error is not None and error.field in values:
        form = guard.posted() if request.method == "POST" else MultiDict()
        values[error.field] = form.get(error.field, "")
    stage = _stage(content, values["stage"])
    values["stage"] = stage.id if not values["stage"] else values["stage"]
    errors = {error.field: error.message} if error is not None else {}
    return render_template(
        "index.html", specs=fields.SPECS, values=values, errors=errors, content=content,
        choices={s.name: s.choices(content) for s in fields.SPECS if s.choices is not None},
        cards=stage_cards(content, stage, posted), extras=extra_cards(content, stage, posted),
        optional=optional_cards(content, stage, posted),
        dose_prefix=DOSE_PREFIX, stage=stage, error_item=error.item if error else "",
        today=dt.date.today().isoformat())


def _stage(content: Content, name: str) -> Stage:
    try:
        return find_stage(content, name) if name else content.stages[0]
    except UnknownStage:
        return content.stages[0]
