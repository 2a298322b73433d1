"""One structured form per check type: the fields, how each is read, and what a
finished check means for the criteria. ``read`` never stores anything: it gives
the parsed answers and the errors (each naming its field and value)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from daifa.sources.capture import read_value
from daifa.sources.capture.model import CaptureValueError
from daifa.verification import parsing
from daifa.verification.catalogue import CERTIFICATE_KINDS, CHECKLISTS, TOPICS, checklist
from daifa.verification.parsing import Bad


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    en: str
    kind: str  # text, int, number, datetime, date, yesno, stock, choice, fact
    required: bool = False  # needed to save at all
    needed: bool = False  # needed to finish (else the check is partial)
    choices: tuple[tuple[str, str, str], ...] = ()
    help: tuple[str, str] = ("", "")

    @property
    def pair(self) -> tuple[str, str]:
        return (self.zh, self.en)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def input_type(self) -> str:
        return {"datetime": "datetime-local", "date": "date", "int": "number"}.get(
            self.kind, "text"
        )


YESNO = (("", "未知", "unknown"), ("yes", "是", "yes"), ("no", "否", "no"))
FIELDS: dict[str, tuple[Field, ...]] = {
    "stock_probe": (
        Field("probed_on", "核对日期", "Date asked", "date", required=True),
        Field("quantity_asked", "询问数量（件）", "Quantity asked (pieces)", "int", required=True),
        Field(
            "main_answer",
            "主账号得到的回复",
            "Answer to the main account",
            "stock",
            required=True,
            help=("数量，或“有货/无货”", "a quantity, or 有货 / 无货"),
        ),
        Field(
            "second_answer",
            "小号得到的回复",
            "Answer to the second account",
            "stock",
            needed=True,
            help=("数量，或“有货/无货”", "a quantity, or 有货 / 无货"),
        ),
        Field("tolerance_pct", "允许差异（%）", "Tolerance (%)", "number"),
    ),
    "test_order": (
        Field(
            "order_ref",
            "1688 订单号或采购单",
            "1688 order id or purchase order",
            "text",
            required=True,
        ),
        Field("pieces", "件数（1–2）", "Pieces (1–2)", "int", required=True),
        Field("paid_at", "付款时间", "Paid at", "datetime", required=True),
        Field(
            "picked_up_at",
            "首次揽收扫描时间",
            "First carrier scan (揽收) at",
            "datetime",
            needed=True,
        ),
    ),
    "sample_order": (
        Field("requested_on", "申请样品日期", "Sample requested on", "date", required=True),
        Field("shipped_on", "样品发出日期", "Sample shipped on", "date"),
        Field("received_on", "收到样品日期", "Sample received on", "date", needed=True),
        Field("fee_cny", "样品费（元）", "Sample fee (CNY)", "number"),
        Field(
            "deductible",
            "样品费可在大货中抵扣",
            "Fee deducted from the bulk order",
            "yesno",
            needed=True,
            choices=YESNO,
        ),
    ),
    "sample_test": (
        Field("tested_on", "测试日期", "Tested on", "date", required=True),
        Field(
            "category",
            "测试清单（类目）",
            "Checklist (category)",
            "choice",
            required=True,
            choices=tuple((k, v[0][0], v[0][1]) for k, v in CHECKLISTS.items()),
        ),
    ),
    "certificate": (
        Field(
            "kind",
            "证书类型",
            "Certificate type",
            "choice",
            required=True,
            choices=tuple((k, k, k) for k in CERTIFICATE_KINDS),
        ),
        Field("number", "证书编号", "Certificate number", "text", required=True),
        Field("issuer", "发证机构", "Issued by", "text", required=True),
        Field("valid_until", "有效期至", "Valid until", "date", required=True),
    ),
    "inquiry": (
        Field("sent_at", "发送时间", "Sent at", "datetime", required=True),
        Field("answered_at", "回复时间", "Answered at", "datetime", needed=True),
    ),
}


def fields_of(check_type: str, topic: str = "") -> tuple[Field, ...]:
    base = FIELDS[check_type]
    if check_type != "inquiry" or topic not in TOPICS:
        return base
    questions = tuple(
        Field(q.field, q.zh, q.en, "fact", needed=True) for q in TOPICS[topic].questions
    )
    return (*base, *questions)


@dataclass
class Reading:
    """The parsed form: ``data`` to keep (JSON), ``values`` for the criteria,
    ``complete`` when the check can be finished, ``errors`` by field."""

    data: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""
    complete: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _read_field(f: Field, text: str, lang: str) -> Any:
    label = f.pair
    if f.kind == "text":
        return parsing.text_value(label, text)
    if f.kind == "int":
        return parsing.integer(label, text, low=0)
    if f.kind == "number":
        return parsing.number(label, text)
    if f.kind == "datetime":
        return parsing.moment(label, text)
    if f.kind == "date":
        return parsing.day(label, text)
    if f.kind == "yesno":
        return parsing.yes_no(label, text)
    if f.kind == "stock":
        return parsing.stock_answer(label, text)
    if f.kind == "choice":
        allowed = [c[0] for c in f.choices]
        if text not in allowed:
            raise Bad(
                f"{f.en}: “{text}” is not one of {', '.join(allowed)}",
                f"{f.zh}：“{text}”不在可选项中（{'、'.join(allowed)}）",
            )
        return text
    if f.kind == "fact":
        try:
            return read_value(f.name, text)
        except CaptureValueError as exc:
            raise Bad(f"{f.en}: {exc.message_en}", f"{f.zh}：{exc.message_zh}") from None
    raise AssertionError(f.kind)


def _json(value: Any) -> Any:
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value


def read(check_type: str, topic: str, post: Any, lang: str, *, today: date) -> Reading:
    """Parse a check's form (``post`` is a QueryDict or a dict of strings)."""
    reading = Reading()
    parsed: dict[str, Any] = {}
    for f in fields_of(check_type, topic):
        text = (post.get(f.name) or "").strip()
        if not text:
            if f.required:
                reading.errors[f.name] = (
                    f"{f.zh}：必填" if lang == "zh" else f"{f.en}: this is needed"
                )
            elif f.needed:
                reading.missing.append(f.name)
            continue
        try:
            parsed[f.name] = _read_field(f, text, lang)
        except Bad as exc:
            reading.errors[f.name] = exc.message(lang)
    reading.data = {k: _json(v) for k, v in parsed.items()}
    if reading.errors:
        return reading
    judge = JUDGES[check_type]
    judge(reading, parsed, post, lang, today)
    return reading


def _stock_has(answer: int | bool, asked: int) -> bool:
    return answer >= asked if not isinstance(answer, bool) else answer


def _stock(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    if parsed["quantity_asked"] < 1:
        reading.errors["quantity_asked"] = (
            f"询问数量（件）：“{parsed['quantity_asked']}”至少为 1"
            if lang == "zh"
            else f"Quantity asked (pieces): “{parsed['quantity_asked']}” must be at least 1"
        )
        return
    if "second_answer" not in parsed:
        reading.outcome = "partial"
        return
    main, second = parsed["main_answer"], parsed["second_answer"]
    asked = parsed["quantity_asked"]
    tolerance = parsed.get("tolerance_pct", 10.0)
    numbers = not isinstance(main, bool) and not isinstance(second, bool)
    if numbers:
        difference = abs(main - second)
        allowed = tolerance / 100 * max(main, second)
        consistent = difference <= allowed
        reading.data["difference"] = difference
        reading.data["difference_pct"] = (
            round(100 * difference / max(main, second), 1) if max(main, second) else 0.0
        )
    else:
        consistent = _stock_has(main, asked) == _stock_has(second, asked)
    reading.data["tolerance_pct"] = tolerance
    reading.values["inventory_consistent"] = consistent
    reading.outcome = "pass" if consistent else "fail"
    reading.complete = True


def _test_order(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    pieces = parsed["pieces"]
    if not 1 <= pieces <= 2:
        reading.errors["pieces"] = (
            f"件数（1–2）：“{pieces}”应为 1 或 2 件"
            if lang == "zh"
            else f"Pieces (1–2): “{pieces}” should be 1 or 2"
        )
        return
    if "picked_up_at" not in parsed:
        reading.outcome = "partial"
        return
    paid, picked = parsed["paid_at"], parsed["picked_up_at"]
    if picked < paid:
        reading.errors["picked_up_at"] = (
            f"首次揽收扫描时间：“{picked:%Y-%m-%d %H:%M}”早于付款时间"
            if lang == "zh"
            else f"First carrier scan at: “{picked:%Y-%m-%d %H:%M}” is before the payment"
        )
        return
    hours = round((picked - paid).total_seconds() / 3600, 1)
    reading.data["hours"] = hours
    reading.values.update(
        test_order_paid_at=paid, test_order_shipped_at=picked, test_order_ship_hours=hours
    )
    reading.complete = True


def _sample_order(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    requested = parsed["requested_on"]
    # The criterion counts the sample's lead time including the express: request → receipt.
    end = parsed.get("received_on")
    for name in ("shipped_on", "received_on"):
        if name in parsed and parsed[name] < requested:
            label = {"shipped_on": ("样品发出日期", "Sample shipped on"),
                     "received_on": ("收到样品日期", "Sample received on")}[name]  # fmt: skip
            reading.errors[name] = (
                f"{label[0]}：“{parsed[name]}”早于申请日期"
                if lang == "zh"
                else f"{label[1]}: “{parsed[name]}” is before the request"
            )
            return
    if end is not None:
        reading.values["sample_days"] = float((end - requested).days)
        reading.data["sample_days"] = (end - requested).days
    if "deductible" in parsed:
        reading.values["sample_fee_deductible"] = parsed["deductible"]
    reading.complete = end is not None and "deductible" in parsed
    reading.outcome = "" if reading.complete else "partial"


def _sample_test(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    items = checklist(parsed["category"])
    verdicts: list[bool | None] = []
    for item in items:
        measured_text = (post.get(f"item-{item.key}-measured") or "").strip()
        result = (post.get(f"item-{item.key}-result") or "").strip()
        note = (post.get(f"item-{item.key}-note") or "").strip()[:500]
        measured = None
        passed: bool | None = None
        if item.rule != "pass":
            if measured_text:
                try:
                    measured = parsing.number((item.zh, item.en), measured_text, low=None)
                except Bad as exc:
                    reading.errors[f"item-{item.key}-measured"] = exc.message(lang)
                    continue
                passed = item.judge(measured)
        elif result in ("pass", "fail"):
            passed = result == "pass"
        elif result:
            reading.errors[f"item-{item.key}-result"] = (
                f"{item.zh}：“{result}”不是“合格/不合格”"
                if lang == "zh"
                else f"{item.en}: “{result}” is not pass or fail"
            )
            continue
        verdicts.append(passed)
        reading.items.append(
            {"key": item.key, "measured": measured, "passed": passed, "note": note}
        )
    if reading.errors:
        return
    reading.data["items"] = reading.items
    if any(v is None for v in verdicts):
        reading.outcome = "partial"
        reading.missing.extend(i["key"] for i in reading.items if i["passed"] is None)
        return
    passed_all = all(verdicts)
    reading.values["sample_test_passed"] = passed_all
    reading.outcome = "pass" if passed_all else "fail"
    reading.complete = True


def _certificate(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    valid = parsed["valid_until"] >= today
    reading.outcome = "pass" if valid else "fail"
    reading.data["expired"] = not valid
    reading.complete = True


def _inquiry(
    reading: Reading, parsed: dict[str, Any], post: Mapping[str, str], lang: str, today: date
) -> None:
    sent, answered = parsed["sent_at"], parsed.get("answered_at")
    if answered is not None:
        if answered < sent:
            reading.errors["answered_at"] = (
                f"回复时间：“{answered:%Y-%m-%d %H:%M}”早于发送时间"
                if lang == "zh"
                else f"Answered at: “{answered:%Y-%m-%d %H:%M}” is before it was sent"
            )
            return
        minutes = round((answered - sent).total_seconds() / 60, 1)
        reading.values["response_minutes"] = minutes
        reading.data["response_minutes"] = minutes
    for name, value in parsed.items():
        if name not in ("sent_at", "answered_at") and value is not None:
            reading.values[name] = value
            reading.data[name] = _json(value) if not isinstance(value, list) else value
    reading.complete = not reading.missing
    reading.outcome = "" if reading.complete else "partial"


JUDGES = {
    "stock_probe": _stock,
    "test_order": _test_order,
    "sample_order": _sample_order,
    "sample_test": _sample_test,
    "certificate": _certificate,
    "inquiry": _inquiry,
}


SHIPPING = (
    ("", "—", "—"),
    ("express", "国内快递", "domestic express"),
    ("line", "专线", "dedicated line"),
    ("air", "空运", "air"),
    ("sea", "海运", "sea"),
)
QUOTE_FIELDS = (
    Field("quoted_at", "报价日期", "Quoted on", "date", required=True),
    Field("quantity", "报价数量（件）", "Quantity quoted (pieces)", "int", required=True),
    Field("unit_price_cny", "单价（元）", "Unit price (CNY)", "number", required=True),
    Field("moq", "起订量", "MOQ", "int"),
    Field("lead_time_days", "交期（天）", "Lead time (days)", "int"),
    Field("payment_terms", "付款方式", "Payment terms", "text"),
    Field("shipping", "运输方式", "Shipping", "choice", choices=SHIPPING),
    Field(
        "customisation_cost_cny",
        "定制费用（元，总计）",
        "Customisation cost (CNY, total)",
        "number",
    ),
    Field("inclusions", "报价包含", "What the quote includes", "text"),
    Field("valid_until", "报价有效期至", "Valid until", "date"),
    Field("note", "备注", "Note", "text"),
)


def read_quote(post: Any, lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in QUOTE_FIELDS:
        text = (post.get(f.name) or "").strip()
        if not text:
            if f.required:
                errors[f.name] = f"{f.zh}：必填" if lang == "zh" else f"{f.en}: this is needed"
            continue
        try:
            values[f.name] = _read_field(f, text, lang)
        except Bad as exc:
            errors[f.name] = exc.message(lang)
    if values.get("quantity") == 0:
        errors["quantity"] = (
            "报价数量（件）：“0”至少为 1"
            if lang == "zh"
            else "Quantity quoted: “0” must be at least 1"
        )
    return values, errors
