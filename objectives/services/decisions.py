"""Create and edit a decision itself (its header, text and signer) and attach the signed scan."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import Action, recorded_user
from agencies.wording import authority_text_for, head_title_for, heading
from objectives.models import AppendixForm, Decision, DecisionEvent
from objectives.services.base import (
    DECISION_FIELDS,
    LIST_FIELDS,
    _check_version,
    _clean_list,
    _decision_search_key,
    _event,
    _require,
    _require_draft,
    _save,
    _touch,
)
from qms_portal.audit import service
from qms_portal.refusals import WorkflowError


def decision_defaults(*, agency: Agency, year: int) -> dict:
    """Sensible pre-filled text for a new decision of this agency and year (as in the samples)."""
    own = agency.header_own or agency.name.upper()
    # Wording from the agency's data, upper-cased for the heading and the signer block (never lower-cased).
    issuer = agency.authority_text or authority_text_for(agency.kind, agency.name)
    head_title = heading(agency.head_title or head_title_for(agency.kind, agency.name))
    authority = heading(issuer)
    recipients_office = "VP"
    return {
        "header_parent": agency.header_parent,
        "header_own": own,
        "symbol": f"QĐ-{agency.symbol}" if agency.symbol else "QĐ",
        "place": agency.place,
        "doc_type": "QUYẾT ĐỊNH",
        "summary": f"Về việc ban hành Mục tiêu chất lượng năm {year} của {agency.name}",
        "authority": authority,
        "issuer": issuer,
        "legal_bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
            (
                "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng "
                "Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức "
                "thuộc hệ thống hành chính nhà nước;"
            ),
            (
                "Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21 tháng 01 năm 2019 của Bộ Khoa học và Công nghệ về việc công bố "
                "mô hình khung hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 cho các loại hình "
                "cơ quan hành chính nhà nước tại địa phương;"
            ),
        ],
        "proposal": "Theo đề nghị của Chánh Văn phòng HĐND và UBND.",
        "articles": [
            (
                f"Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm {year} của {agency.name} theo Tiêu chuẩn "
                "quốc gia TCVN ISO 9001:2015."
            ),
            (
                f"Thủ trưởng các cơ quan, đơn vị căn cứ Mục tiêu chất lượng năm {year} xây dựng mục tiêu chất lượng của "
                "đơn vị, không thấp hơn mục tiêu chung, và báo cáo kết quả thực hiện hằng quý về Tổ thư ký ISO."
            ),
            "Quyết định này có hiệu lực kể từ ngày ký.",
            (
                "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan chịu trách nhiệm thi hành "
                "Quyết định này./."
            ),
        ],
        "recipients": ["Như Điều 4;", "Sở Khoa học và Công nghệ;", f"Lưu: VT, {recipients_office}."],
        "signer_prefix": "",
        "signer_authority": "",
        "signer_title": head_title,
        "signer_name": agency.head_name,
        "appendix_title": f"MỤC TIÊU CHẤT LƯỢNG NĂM {year}",
        "appendix_form": AppendixForm.TABLE,
    }


def _apply_decision_fields(decision: Decision, fields: dict) -> None:
    for name, value in fields.items():
        if name not in DECISION_FIELDS:
            raise TypeError(f"unexpected decision field {name!r}")
        if name in LIST_FIELDS:
            value = _clean_list(value, name=name)
        setattr(decision, name, value)


@service
def decision_create(*, agency: Agency, year: int, user, **fields) -> Decision:
    _require(user, Action.EDIT, agency)
    if Decision.objects.filter(agency=agency, year=year).open().exists():
        raise ValidationError(
            _("%(agency)s already has a decision for %(year)d in preparation; continue that one instead.")
            % {"agency": agency, "year": year}
        )
    if Decision.objects.filter(agency=agency, year=year).in_force().exists():
        raise ValidationError(
            _("%(agency)s already has an issued decision for %(year)d; to change it, open it and start an amendment.")
            % {"agency": agency, "year": year}
        )
    values = decision_defaults(agency=agency, year=year)
    values.update(fields)
    decision = Decision(agency=agency, year=year, created_by=recorded_user(user))
    _apply_decision_fields(decision, values)
    decision.search_key = _decision_search_key(decision)
    try:
        _save(decision, exclude=["search_key"])
    except IntegrityError:
        raise ValidationError(_("A decision for this agency and year is already being prepared.")) from None
    _event(decision, DecisionEvent.Action.CREATE, user)
    return decision


@service
def decision_update(*, decision: Decision, user, lock_version: int | None = None, **fields) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    _require_draft(decision)
    _check_version(decision, lock_version)
    _apply_decision_fields(decision, fields)
    decision.search_key = _decision_search_key(decision)
    _touch(decision)
    _save(decision, exclude=["search_key", "lock_version"])
    return decision


@service
def decision_attach_scan(*, decision: Decision, user, scan) -> Decision:
    """Attach (or replace) the scan of the signed paper of an issued decision: a PDF, checked by content.
    Only the secretariat or a leader may; the change is kept in the history."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.SIGN_OFF, decision)
    if not decision.is_issued:
        raise WorkflowError(_("A scan can only be attached to an issued decision."), "not-issued")
    head = scan.read(5)
    scan.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"scan": _("The scan must be a PDF file.")})
    previous = decision.scan.name
    decision.scan.save(scan.name, scan, save=False)
    decision.save(update_fields=["scan", "updated_at"])  # one history row, credited to `user` by @service
    if previous:
        storage = decision.scan.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return decision
