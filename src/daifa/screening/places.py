"""Where a supplier ships from: a typed 发货地 matched as a seller means it.

Sellers type places the way 1688 shows them ("义乌市", "浙江省", "浙江义乌") while
the data holds them in any of those forms ("义乌", "浙江省金华市义乌市"). A plain
substring match finds nothing for "义乌市" against "义乌" and nothing for "浙江"
against "义乌". So the query is normalised (administrative suffixes 省/市/区/县…
dropped) and a province or prefecture stands for the places inside it.

The table below is deliberately small: the provinces, and inside them the
prefecture-level cities and county-level cities that are 1688 sourcing hubs
(产业带), from the administrative divisions of the PRC (GB/T 2260, as published
by the Ministry of Civil Affairs, 2023). It is not a gazetteer: a town or
county missing here is still found by its own name (substring match), only
not by its province's or prefecture's name.
"""

from __future__ import annotations

# Longest first, so "自治区" is dropped before "区".
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
             "地区", "新区", "省", "市", "区", "县")  # fmt: skip

# province -> prefecture -> county-level places inside it that are hubs of their own
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "浙江": {
        "杭州": ("余杭", "萧山", "桐庐", "临安"),
        "宁波": ("慈溪", "余姚", "宁海", "象山"),
        "温州": ("乐清", "瑞安", "永嘉", "苍南"),
        "金华": ("义乌", "永康", "东阳", "浦江", "武义", "兰溪"),
        "台州": ("温岭", "黄岩", "路桥", "玉环", "临海"),
        "绍兴": ("柯桥", "诸暨", "上虞", "嵊州"),
        "嘉兴": ("桐乡", "海宁", "平湖", "嘉善", "濮院"),
        "湖州": ("织里", "长兴", "安吉", "德清"),
        "丽水": ("云和", "缙云"),
        "衢州": (),
        "舟山": (),
    },
    "广东": {
        "广州": ("番禺", "白云", "花都", "增城"),
        "深圳": ("宝安", "龙华", "龙岗", "华强北"),
        "东莞": ("虎门", "长安", "厚街"),
        "佛山": ("顺德", "南海"),
        "汕头": ("澄海", "潮阳"),
        "揭阳": ("普宁",),
        "潮州": (),
        "中山": ("古镇", "小榄"),
        "惠州": (),
        "江门": (),
        "珠海": (),
        "肇庆": (),
    },
    "福建": {
        "泉州": ("晋江", "石狮", "南安", "德化", "安溪"),
        "厦门": (),
        "福州": ("长乐", "福清"),
        "莆田": (),
        "漳州": (),
    },
    "江苏": {
        "苏州": ("常熟", "昆山", "张家港", "吴江", "盛泽"),
        "无锡": ("江阴", "宜兴"),
        "南通": ("海门", "叠石桥"),
        "常州": (),
        "扬州": (),
        "徐州": ("沛县",),
        "南京": (),
        "宿迁": (),
    },
    "山东": {
        "临沂": (),
        "青岛": ("即墨",),
        "潍坊": (),
        "济南": (),
        "烟台": (),
        "菏泽": ("曹县",),
    },
    "河北": {"保定": ("白沟", "高碑店"), "石家庄": (), "沧州": (), "邢台": ("清河",)},
    "安徽": {"合肥": (), "阜阳": ()},
    "江西": {"南昌": (), "赣州": ()},
    "河南": {"郑州": (), "许昌": ()},
    "湖北": {"武汉": ()},
    "湖南": {"长沙": ()},
    "四川": {"成都": ()},
    "辽宁": {"大连": (), "沈阳": ()},
    "广西": {"南宁": (), "桂林": ()},
    "上海": {},
    "北京": {},
    "天津": {},
    "重庆": {},
}


def normalise(place: str) -> str:
    """'义乌市' -> '义乌', '浙江省' -> '浙江', ' 广西壮族自治区 ' -> '广西'.

    A suffix is kept when dropping it would leave a single character ('沙县'):
    one character would match far too much.
    """
    text = "".join(place.split())
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def _inside(prefecture: str, province: str) -> list[str]:
    return [prefecture, *PLACES[province][prefecture]]


def origin_terms(query: str) -> list[str]:
    """The names any of which, found in a supplier's 发货地, makes it match ``query``.

    "浙江" -> every listed place in Zhejiang (and "浙江" itself); "金华" -> 金华 and
    the county-level cities in it (义乌, 永康…); "浙江省义乌市" -> "义乌"; an
    unknown place -> its normalised name alone.
    """
    text = "".join(query.split())
    province = next((p for p in sorted(PLACES, key=len, reverse=True) if text.startswith(p)), "")
    rest = text[len(province) :]
    if province:
        for suffix in _SUFFIXES:  # "浙江省义乌市": the province's own suffix
            if rest.startswith(suffix):
                rest = rest[len(suffix) :]
                break
    rest = normalise(rest) if rest else ""
    if province and not rest:
        return [province, *(n for pref in PLACES[province] for n in _inside(pref, province))]
    name = rest or normalise(text)
    for prov, prefectures in PLACES.items():
        if name in prefectures:
            return _inside(name, prov)
    return [name] if name else []
