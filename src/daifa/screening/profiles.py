"""The profile editor: the form's fields <-> a Profile, and the what-if preview."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

import polars as pl
from django import forms
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.engine.criteria import KINDS, format_number
from daifa.engine.errors import ProfileError
from daifa.engine.profile import Profile
from daifa.engine.words import KINDS as KIND_WORDS
from daifa.engine.words import word
from daifa.screening.inputs import Inputs, workspace_inputs
from daifa.screening.runs import run_screen
from daifa.screening.services import _best_rows
from daifa.web.i18n import active_lang
from daifa.web.pagecache import workspace_key

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # django-stubs' own helper: typing only

GRADE_KEYS = ("A", "B", "C")
SETTING_LABELS = {
    "weight": _("weight"),
    "penalty": _("penalty (points)"),
    "threshold": _("full credit at"),
    "zero_at": _("no credit at"),
}


def _number(label: StrOrPromise, **kwargs: Any) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, **kwargs)


class ProfileForm(forms.Form):
    """One row per criterion (kind, weight or penalty, thresholds), the grade bands
    and the category rules as TOML; built from a profile so every value shows."""

    def __init__(self, *args: Any, profile: Profile, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        table = profile.to_dict()
        self.rows: list[dict[str, Any]] = []
        # "回头率 · 零分标准": how an error names a field, wherever it is shown.
        self.titles: dict[str, str] = {}
        for criterion in profile.criteria:
            entry = table["criteria"][criterion.id]
            cid = criterion.id
            names = {"kind": f"{cid}__kind"}
            self.fields[names["kind"]] = forms.ChoiceField(
                choices=[(k, word(KIND_WORDS, k, lang)) for k in KINDS],
                initial=entry["kind"],
                label=_("kind"),
            )
            weight_key = "penalty" if "penalty" in entry else "weight"
            names["weight"] = f"{cid}__{weight_key}"
            self.fields[names["weight"]] = _number(
                SETTING_LABELS[weight_key], min_value=0, initial=entry[weight_key]
            )
            for key in ("threshold", "zero_at"):
                if key in entry and not isinstance(entry[key], list):
                    names[key] = f"{cid}__{key}"
                    self.fields[names[key]] = _number(SETTING_LABELS[key], initial=entry[key])
            self.rows.append({"id": cid, "label": criterion.label.get(lang),
                              "dimension": criterion.dimension,
                              "unit": criterion.unit.get(lang).strip(),
                              "fields": [self[n] for n in names.values()]})  # fmt: skip
            for name in names.values():
                self.titles[name] = f"{criterion.label.get(lang)} · {self.fields[name].label}"
        grades = table["grades"]
        for key in GRADE_KEYS:
            self.fields[f"grade_{key}"] = _number(
                _("grade %(g)s from score") % {"g": key}, initial=grades[key]
            )
        for key, value in grades.get("min_coverage", {}).items():
            self.fields[f"coverage_{key}"] = _number(
                _("grade %(g)s needs known share") % {"g": key},
                initial=value,
                min_value=0,
                max_value=1,
            )
        self.fields["approvable"] = forms.MultipleChoiceField(
            label=_("approvable grades"), choices=[(g, g) for g in ("A", "B", "C", "D")],
            initial=grades["approvable"], widget=forms.CheckboxSelectMultiple, required=False,
        )  # fmt: skip
        self.fields["categories"] = forms.CharField(
            label=_("category rules (TOML)"), widget=forms.Textarea(attrs={"rows": 12}),
            required=False,
            initial=_categories_toml(table["categories"]),
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        """The proposed profile, also when some values are invalid: those are marked
        on their fields and keep their current value, so the preview still shows
        what every other change does (the form stays invalid: nothing is saved)."""
        data = super().clean() or self.cleaned_data
        for _attempt in range(len(self.fields)):
            try:
                data["profile"] = self._profile(data)
            except ProfileError as exc:
                name = self._field_of(exc)
                if name is None or name not in data:
                    self.add_error(None, exc.message(self._lang))
                    break
                self.add_error(name, self._explain(exc, name))  # drops it from ``data``
                continue
            except tomllib.TOMLDecodeError as exc:
                self.add_error("categories", str(exc))
                continue
            break
        return data

    def field_errors(self) -> list[tuple[str, str, str]]:
        """(field name, "label · setting", message) for each invalid field, in form order."""
        return [
            (name, self.titles.get(name, str(self.fields[name].label)), " ".join(map(str, errors)))
            for name, errors in self.errors.items()
            if name in self.fields
        ]

    def _field_of(self, exc: ProfileError) -> str | None:
        """The form field behind a profile error's path ("criteria.repeat_rate.zero_at")."""
        parts = (exc.field or "").split(".")
        if parts[0] == "categories":
            return "categories"
        if len(parts) == 3 and parts[0] == "criteria":
            name = f"{parts[1]}__{parts[2]}"
            return name if name in self.fields else None
        return None

    def _explain(self, exc: ProfileError, name: str) -> str:
        """The error as a sentence naming the criterion and its settings by their labels."""
        cid, _sep, key = name.partition("__")
        op = self.profile.criterion(cid).rule.op if key else ""
        if key == "zero_at" and op in ("at_least", "at_most") and _is_number(exc.value):
            values = {
                "label": self.profile.criterion(cid).label.get(self._lang),
                "zero": SETTING_LABELS["zero_at"],
                "full": SETTING_LABELS["threshold"],
                "bad": format_number(float(exc.value)),
                "good": format_number(float(self.cleaned_data.get(f"{cid}__threshold") or
                                            self.profile.criterion(cid).rule.good or 0)),
            }  # fmt: skip
            if op == "at_least":
                return (
                    _(
                        "“%(zero)s” (%(bad)s) must be below “%(full)s” (%(good)s): "
                        "for %(label)s, higher is better."
                    )
                    % values
                )
            return (
                _(
                    "“%(zero)s” (%(bad)s) must be above “%(full)s” (%(good)s): "
                    "for %(label)s, lower is better."
                )
                % values
            )
        return f"{self.titles.get(name, name)}: " + exc.message(self._lang)

    @property
    def _lang(self) -> str:
        return active_lang()

    def _profile(self, data: dict[str, Any]) -> Profile:
        table = self.profile.to_dict()
        criteria: dict[str, dict[str, Any]] = {}
        for cid, entry in table["criteria"].items():
            changed = {}
            for key in ("kind", "weight", "penalty", "threshold", "zero_at"):
                name = f"{cid}__{key}"
                if (
                    name in self.fields
                    and data.get(name) is not None
                    and data[name] != entry.get(key)
                ):
                    changed[key] = data[name]
            if changed:
                criteria[cid] = changed
        grades = {
            key: data[f"grade_{key}"] for key in GRADE_KEYS if data.get(f"grade_{key}") is not None
        }
        coverage = {
            k[len("coverage_") :]: v
            for k, v in data.items()
            if k.startswith("coverage_") and v is not None
        }
        grades["min_coverage"] = coverage
        grades["approvable"] = list(data.get("approvable") or [])
        categories = tomllib.loads(data.get("categories") or "")
        return self.profile.replace(criteria=criteria, grades=grades, categories=categories)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _categories_toml(categories: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(categories)


def cached_inputs(workspace: Workspace) -> Inputs:
    """The workspace's engine inputs, rebuilt only when its data changed (a what-if
    preview screens the same data many times while the seller moves a weight):
    kept in the ``frames`` cache (settings.CACHES) under the data version."""
    frames = caches["frames"]
    key = f"inputs:{workspace_key(workspace)}"
    found: Inputs | None = frames.get(key)
    if found is None:
        found = workspace_inputs(workspace)
        frames.set(key, found, 3600)
    return found


def preview(
    workspace: Workspace, current: Profile, proposed: Profile, limit: int = 15
) -> dict[str, Any]:
    inputs = cached_inputs(workspace)
    before_frame = run_screen(inputs, current).frame
    after_frame = run_screen(inputs, proposed).frame
    before, after = _summary(before_frame), _summary(after_frame)
    joined = before.join(after, on=["supplier_id", "offer_id"], suffix="_new", nulls_equal=True)
    # Grades and approvals are counted per supplier (its best offer), like the
    # dashboard; peer ranks stay per offer, as peer groups are groups of offers.
    suppliers_before = before.filter(_best_rows(before_frame))
    suppliers_after = after.filter(_best_rows(after_frame))
    by_supplier = suppliers_before.join(
        suppliers_after, on="supplier_id", suffix="_new", nulls_equal=True
    )
    changed = by_supplier.filter(pl.col("grade") != pl.col("grade_new"))
    leaders = joined.filter(pl.col("peer_group").is_not_null())
    moved = leaders.filter(
        ((pl.col("peer_rank") == 1) | (pl.col("peer_rank_new") == 1))
        & (pl.col("peer_rank") != pl.col("peer_rank_new"))
    )
    return {
        "grades": [
            (g, _count(suppliers_before, g), _count(suppliers_after, g))
            for g in ("A", "B", "C", "D")
        ],
        "approvable": (
            int(suppliers_before["approvable"].sum()),
            int(suppliers_after["approvable"].sum()),
        ),
        "changed_count": changed.height,
        "changed": changed.head(limit).to_dicts(),
        "leaders_changed": moved["peer_group"].unique().sort().to_list(),
        "rank_changes": moved.sort("peer_group", "peer_rank_new").head(limit).to_dicts(),
    }


def _summary(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        "supplier_id", "offer_id", "supplier_name", "peer_group", "peer_rank", "approvable",
        pl.col("grade").cast(pl.String), pl.col("score").round(1),
    )  # fmt: skip


def _count(frame: pl.DataFrame, grade: str) -> int:
    return int((frame["grade"] == grade).sum())
