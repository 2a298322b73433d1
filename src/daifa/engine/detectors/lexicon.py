"""Word lists for the template-review detector (Chinese first, then English).

All entries are written in the detector's normal form: NFKC, lower case, no
punctuation. ``STOCK_PHRASES`` are what a templated review is made of: generic
praise of logistics, quality, service and price, and the generic nouns those
phrases use (质量, 物流, 宝贝). A product noun, a size or a number is *not* in
here: that is what makes a review specific. ``FILLER`` words carry no content
either way (的, 了, 很, the, and) and are ignored when judging a review.
"""

from __future__ import annotations

# Text the platform writes when the buyer wrote nothing (judged as no review).
# Matched as substrings of the normalised text (no spaces, no punctuation).
DEFAULT_PRAISE_MARKERS: tuple[str, ...] = (
    "系统默认好评",
    "系统默认评价",
    "默认好评",
    "没有填写评价",
    "未填写评价",
    "没有填写评论",
    "未及时做出评价",
    "未及时评价",
    "此用户没有填写",
    "该用户未填写",
    "用户未填写",
    "买家未填写",
    "defaultpositivereview",
    "systemdefaultreview",
    "thebuyerdidnotleaveareview",
    "nofeedbackleft",
)

STOCK_PHRASES_ZH: tuple[str, ...] = (
    # logistics
    "物流快", "物流很快", "物流超快", "物流给力", "物流速度快", "发货快", "发货很快",
    "发货速度快", "发货及时", "快递快", "快递很快", "速度快", "到货快", "送货快", "神速",
    # quality
    "质量好", "质量很好", "质量不错", "质量挺好", "质量超好", "质量可以", "质量过硬",
    "做工好", "做工不错", "做工精细", "正品", "品质好",
    # overall praise
    "好评", "五星好评", "五星", "满分", "很好", "非常好", "挺好", "真好", "不错", "还不错",
    "挺不错", "很不错", "满意", "很满意", "非常满意", "十分满意", "喜欢", "很喜欢",
    "好用", "很好用", "给力", "很给力", "赞", "点赞", "好评如潮", "棒", "很棒", "超棒",
    "超赞", "完美", "可以", "还可以", "好看", "漂亮", "一如既往", "放心", "靠谱",
    # description, price, packaging
    "与描述一致", "和描述一致", "描述相符", "与图片一致", "物美价廉", "性价比高",
    "价格实惠", "实惠", "划算", "便宜", "包装好", "包装很好", "包装完好", "包装精美",
    # service, seller
    "服务好", "服务很好", "服务周到", "态度好", "服务态度好", "客服好", "客服很好",
    "客服态度好", "卖家很好", "卖家服务好", "老板人好", "老板很好", "店家很好",
    "热情", "耐心", "回复及时",
    # intentions
    "下次还来", "还会再来", "下次再来", "会回购", "回购", "还会回购", "推荐", "值得推荐",
    "推荐购买", "值得购买", "值得信赖", "放心购买", "继续支持", "支持", "会再光顾",
    "收到了", "已收到", "收到", "宝贝收到了",
    # the generic nouns these phrases are built from
    "宝贝", "东西", "商品", "产品", "物流", "快递", "发货", "质量", "做工", "服务",
    "态度", "客服", "卖家", "店家", "老板", "掌柜", "包装", "价格", "速度", "好", "快",
    "亲", "店", "家", "一样", "合适", "购物", "体验", "愉快", "购物愉快",
)

STOCK_PHRASES_EN: tuple[str, ...] = (
    "good", "quality", "fast", "shipping", "delivery", "nice", "great", "recommend",
    "recommended", "highly", "excellent", "perfect", "product", "item", "items", "seller",
    "love", "described", "well", "packed", "packaging", "satisfied", "thanks", "thank",
    "five", "stars", "star", "happy", "super", "awesome", "amazing", "best", "ok", "okay",
    "fine", "price", "cheap", "value", "arrived", "quickly", "quick", "buy", "again",
    "order", "service", "friendly", "communication", "received", "goods", "store", "shop",
    "fantastic", "wonderful", "beautiful", "smooth", "transaction", "money", "worth",
)

STOCK_PHRASES: frozenset[str] = frozenset(STOCK_PHRASES_ZH + STOCK_PHRASES_EN)

FILLER: frozenset[str] = frozenset(
    (
        # Chinese function words and intensifiers
        "的", "了", "很", "非常", "挺", "也", "都", "还", "就", "是", "我", "太", "真", "真的",
        "特别", "比较", "超级", "超", "哦", "啊", "呀", "吧", "哈", "哈哈", "嗯", "呢", "和",
        "又", "给", "个", "这个", "这次", "次", "再", "会", "有", "着", "得", "地", "啦", "么",
        "蛮", "十分", "相当", "总体", "整体", "感觉", "觉得", "一直", "值得", "来", "下次",
        "大家", "买", "购买", "以后", "会", "跟", "与", "和", "而且", "并且", "嗯嗯",
        # English stop words
        "a", "an", "the", "and", "is", "was", "so", "too", "of", "for", "to", "with", "this",
        "i", "am", "it", "its", "very", "really", "all", "as", "will", "you", "my", "are",
        "be", "just", "much", "definitely", "product's",
    )
)
