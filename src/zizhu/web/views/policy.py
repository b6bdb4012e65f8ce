"""政策与学期 (CITY): the city and its counties, the terms, the policy catalogue's versions;
load a 行政区划 file or a catalogue, add a term, read the catalogue in force for a term, and
price a draft catalogue against today's lists (the what-if, a background job)."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.aid.catalogue_words import program_views, shares_words, term_words
from zizhu.aid.selectors import (
    catalogue_in_force_or_none,
    catalogue_text,
    catalogue_version,
    catalogue_versions,
)
from zizhu.aid.services import catalogue_load, term_add
from zizhu.core.errors import Code, Refused
from zizhu.registry.selectors import city_of, county_names, term_list
from zizhu.registry.services import region_load
from zizhu.web.access import role_required
from zizhu.web.forms import CatalogueForm, RegionsForm, TermForm, WhatIfForm
from zizhu.web.jobs import whatif_job_start
from zizhu.web.views.common import int_or_404, viewer_of

POLICY_ROLES = ("CITY",)  # load places, terms and catalogues
READERS = ("CITY", "COUNTY", "AUDITOR")  # read the policy in force
REGION_SUFFIXES = {".csv", ".xlsx", ".xls"}
MAX_REGIONS_BYTES = 256 * 1024  # a city's counties are a few dozen rows
MAX_CATALOGUE_BYTES = 1_000_000  # a catalogue is a few kilobytes


def _uploaded(upload: UploadedFile, suffixes: set[str], limit: int, folder: Path) -> Path:
    """The upload written to a folder of this request's own, once its name and size pass."""
    name = Path(upload.name or "upload").name
    if Path(name).suffix.lower() not in suffixes:
        raise Refused(Code.FILE_NOT_SPREADSHEET, f"只接受 {'、'.join(sorted(suffixes))} 文件")
    if (upload.size or 0) > limit:
        raise Refused(Code.FILE_TOO_LARGE, f"文件超过 {limit // 1024} KB，不能上传")
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@role_required(*POLICY_ROLES)
def policy(request: HttpRequest) -> HttpResponse:
    return _page(request, RegionsForm(), TermForm(), CatalogueForm(), WhatIfForm(terms=_terms()))


def _terms() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in term_list()]


def _page(
    request: HttpRequest,
    regions: RegionsForm,
    term: TermForm,
    catalogue: CatalogueForm,
    whatif: WhatIfForm,
) -> HttpResponse:
    terms = term_list()
    return render(
        request,
        "web/policy.html",
        {
            "city": city_of(), "counties": county_names(), "terms": terms,
            "in_force": {t.code: catalogue_in_force_or_none(term=t.code) for t in terms},
            "versions": catalogue_versions(), "regions_form": regions, "term_form": term,
            "catalogue_form": catalogue, "whatif_form": whatif,
        },
    )  # fmt: skip


@require_POST
@role_required(*POLICY_ROLES)
def regions_load(request: HttpRequest) -> HttpResponse:
    form = RegionsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = _uploaded(
                    form.cleaned_data["file"], REGION_SUFFIXES, MAX_REGIONS_BYTES, Path(folder)
                )
                done = region_load(path=path, actor=viewer_of(request).actor)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.info(
                request,
                f"已载入 {done.name}：区县 {done.counties} 个（新增 {done.added}，改名 "
                f"{done.renamed}，未变 {done.unchanged}，删除 {done.removed}）",
            )
            return redirect("web:policy")
    return _page(request, form, TermForm(), CatalogueForm(), WhatIfForm(terms=_terms()))


@require_POST
@role_required(*POLICY_ROLES)
def term_create(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = term_add(
                code=data["code"].strip(), name=data["name"], actor=viewer_of(request).actor,
                reference_date=data["reference_date"], payment_due=data["payment_due"],
            )  # fmt: skip
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            words = {"added": "已添加", "changed": "已修改", "unchanged": "未变"}[done.status]
            messages.info(request, f"学期 {done.term} {done.name}：{words}")
            return redirect("web:policy")
    return _page(request, RegionsForm(), form, CatalogueForm(), WhatIfForm(terms=_terms()))


@require_POST
@role_required(*POLICY_ROLES)
def catalogue_upload(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = _uploaded(
                    form.cleaned_data["file"], {".toml"}, MAX_CATALOGUE_BYTES, Path(folder)
                )
                done = catalogue_load(path=path, actor=viewer_of(request).actor)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            words = "已载入为" if done.status == "added" else "与现行版本相同，未变："
            messages.info(request, f"{done.name}：{words}第{done.version}版")
            query = urllib.parse.urlencode({"version": done.version})
            return redirect(reverse("web:catalogue") + "?" + query)
    return _page(request, RegionsForm(), TermForm(), form, WhatIfForm(terms=_terms()))


@require_POST
@role_required(*POLICY_ROLES)
def whatif_start(request: HttpRequest) -> HttpResponse:
    form = WhatIfForm(request.POST, request.FILES, terms=_terms())
    if form.is_valid():
        try:
            job = whatif_job_start(
                user=request.user, term=form.cleaned_data["term"],
                upload=form.cleaned_data["file"],
            )  # fmt: skip
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("web:job", job_id=job.pk)
    return _page(request, RegionsForm(), TermForm(), CatalogueForm(), form)


@role_required(*READERS)
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue in force for a term (?term=), or one version (?version=), in words."""
    versions = catalogue_versions()
    if "version" in request.GET:
        number = int_or_404(request.GET.get("version"))
        if all(v.version != number for v in versions):
            raise Http404("没有这个版本")
        shown = catalogue_version(version=number)
    else:
        # No term asked for: the newest term that has a catalogue.
        with_one = [v.in_force[-1] for v in versions if v.in_force]
        term = request.GET.get("term", "") or max(with_one, default="")
        if term not in dict(_terms()):
            raise Http404("未知的学期")
        found = catalogue_in_force_or_none(term=term)
        if found is None:
            raise Http404("该学期还没有政策目录")
        shown = found
    info = next(v for v in versions if v.version == shown.version)
    return render(
        request,
        "web/catalogue.html",
        {
            "catalogue": shown, "info": info, "programs": program_views(shown),
            "terms": [(t, term_words(t)) for t in shown.terms],
            "default_funding": shares_words(shown.default_funding),
            "calendars": [
                (c.year, sorted(c.holidays), sorted(c.working_weekends))
                for _, c in sorted(shown.calendars.items())
            ],
        },
    )  # fmt: skip


@role_required(*READERS)
def catalogue_file(request: HttpRequest, version: int) -> HttpResponse:
    """A version's file, exactly as loaded."""
    try:
        name, text = catalogue_text(version=version)
    except Refused as refused:
        raise Http404(refused.message) from refused
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    quoted = urllib.parse.quote(name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted}"
    return response
