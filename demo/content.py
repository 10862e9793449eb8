# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose
"""The demo board loaded by ``manage.py load_demo`` (local settings only): written for this project, not
copied from a news wire. Data only; ``demo/loader.py`` writes it through the services.

Readers are established accounts (months old, trust "basic" or "trusted"), so the screening pipeline
publishes their plain market talk as it would anyone's; a few comments are written to land in the review
queue (``expect`` says where each one should end up, and a test checks it against the real pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass, field

BOT_EMAIL = "newsbot@board.example"
BOT_DISPLAY_NAME = "NewsBot"

MODERATOR_EMAIL = "moderator@board.example"
MODERATOR_DISPLAY_NAME = "Demo Moderator"
# Under the settings' DEMO_STATE_DIR (.state/ locally): the generated password, kept between runs.
MODERATOR_CREDENTIALS_FILE = "demo-moderator.json"

DISCLAIMER_KEY = "third-party-content"
DISCLAIMER_TITLE = "Third-party content"
DISCLAIMER_TEXT = (
    "This article is provided by a third-party news source and is reproduced for information only. "
    "It does not constitute investment advice, an offer, or a solicitation to buy or sell any security "
    "or digital asset. Markets are volatile and you may lose some or all of the money you invest. "
    "Do your own research and consult a licensed adviser before making any financial decision. "
    "The board does not verify the accuracy of third-party content and is not liable for it."
)


@dataclass(frozen=True)
class Reader:
    key: str
    display_name: str
    joined_days_ago: float
    trust_level: int  # 1 basic, 2 trusted; 0 only for the spammer, whose account is an hour old

    @property
    def email(self) -> str:
        return f"{self.key}@readers.example"


READERS = [
    Reader("priya", "Priya Raman", 412, 2),
    Reader("tom", "Tom Okafor", 388, 2),
    Reader("lena", "Lena Vogt", 301, 2),
    Reader("marco", "Marco Bellini", 265, 1),
    Reader("aisha", "Aisha Karim", 240, 2),
    Reader("dan", "Dan Whitfield", 199, 1),
    Reader("sofia", "Sofia Marques", 176, 2),
    Reader("kenji", "Kenji Sato", 150, 1),
    Reader("ruth", "Ruth Adeyemi", 133, 2),
    Reader("oliver", "Oliver Brandt", 120, 1),
    Reader("hannah", "Hannah Cole", 96, 1),
    Reader("raj", "Raj Mehta", 88, 2),
    Reader("ines", "Ines Duarte", 71, 1),
    Reader("sam", "Sam Lindqvist", 64, 1),
    Reader("wei", "王伟明", 350, 2),
    Reader("fang", "李晓芳", 290, 2),
    Reader("jun", "陈俊杰", 210, 1),
    Reader("min", "张敏慧", 160, 1),
    Reader("hao", "刘浩然", 95, 1),
]
SPAMMER = Reader("alphasignals", "AlphaSignals VIP", 1 / 24, 0)


@dataclass(frozen=True)
class Comment:
    key: str
    author: str  # a Reader key
    parent: str | None  # the key of the comment it replies to
    minutes_ago: int
    text: str
    likes: int = 0
    # Where screening leaves it: "visible", "notice" (published with the financial-advice notice, and
    # queued) or "held" (waiting for a moderator). REPORTS may hold a published one afterwards.
    expect: str = "visible"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    source_name: str
    original_url: str
    body: str
    hours_ago: float
    comments: list[Comment]
    language: str = "en"
    # (reader key, points) tipped to the article's author.
    rewards: list[tuple[str, int]] = field(default_factory=list)
    # (reader key, quote): reposts; a quote is screened like a comment.
    reposts: list[tuple[str, str]] = field(default_factory=list)
    # (reader key, channel)
    shares: list[tuple[str, str]] = field(default_factory=list)
    pinned: str | None = None  # a comment key, pinned by the demo moderator once it is published


NORTHWIND_BODY = """\
**SINGAPORE** — Northwind Robotics, a maker of warehouse picking robots, said on Thursday that it has
joined a $180 million Series C funding round led by Harbor Lane Capital, with participation from two
regional logistics groups and its existing backers.

The company said it will use the money to expand its manufacturing line in Penang, hire about 300
engineers over the next eighteen months, and open service centres in Rotterdam and Dallas. The round
values Northwind at roughly $1.4 billion, according to two people familiar with the terms.

"Labour shortages in warehousing are not going away," chief executive Mei Lin Tan said in a statement.
"Our customers want machines that can be deployed in weeks, not quarters."

Northwind's revenue more than doubled last year to $96 million, the company said, although it remains
loss-making as it invests in hardware. Analysts noted that competition in the sector has intensified
and that several rivals have cut staff this year after failing to raise new capital.

The deal is expected to close by the end of the quarter, subject to regulatory approval.

Northwind did not comment on plans for a public listing.
"""

# One comment a line: the data reads as a thread.
# fmt: off
NORTHWIND_COMMENTS = [
    Comment("n01", "priya", None, 140, "Doubling revenue while still loss-making is normal for hardware at this stage.", 9),
    Comment("n02", "tom", "n01", 128, "Agreed, but $1.4B on $96M of revenue is a rich multiple for a robotics company.", 4),
    Comment("n03", "lena", "n02", 115, "Warehouse automation multiples were far higher in 2021. This looks almost modest by comparison.", 2),
    Comment("n04", "marco", "n03", 101, "2021 is not a great benchmark though. Half of those companies were repriced within a year.", 3),
    Comment("n05", "aisha", "n04", 88, "Fair. The difference is that Northwind actually ships units and reports the revenue.", 1),
    Comment("n06", "dan", None, 118, "Anyone know who the two logistics groups are? The article doesn't name them.", 4),
    Comment("n07", "sofia", "n06", 105, "Probably strategic investors who also want to be customers. That's common in this sector.", 2),
    Comment("n08", "priya", "n06", 92, "One of them is rumoured to be a Malaysian port operator, but I haven't seen it confirmed.", 2),
    Comment("n09", "kenji", "n06", 77, "If it's a port operator, the Rotterdam service centre suddenly makes a lot of sense.", 1),
    Comment("n10", "ruth", "n06", 63, "Strategic money can also make other customers nervous about data sharing.", 3),
    Comment("n11", "oliver", "n06", 49, "Hopefully the closing announcement names them. It usually does once regulators sign off."),
    Comment("n12", "hannah", None, 333, "300 engineers in eighteen months is a lot of hiring in this market.", 5),
    Comment("n13", "raj", "n12", 316, "Penang has a deep electronics talent pool, so it might be realistic.", 3),
    Comment("n14", "ines", None, 95, "The competition point is the real risk. Several rivals cut staff this year.", 6),
    Comment("n15", "sam", "n14", 70, "True, but having capital when others don't is exactly how you win a consolidating market.", 4),
    Comment("n16", "lena", None, 85, "Curious whether the Rotterdam and Dallas service centres signal big customer contracts.", 2),
    Comment("n17", "marco", "n16", 60, "Service centres usually follow signed deployments, so probably yes."),
    Comment("n18", "aisha", None, 314, "I visited one of their pilot sites last year. The picking arms were impressively quick on mixed boxes.", 7),
    Comment("n19", "tom", None, 306, "The real question is margins. Hardware at scale rarely gets software margins.", 2),
    Comment("n20", "kenji", None, 298, "Labour shortages in warehousing are real; in our region vacancies have been open for months.", 4),
    Comment("n21", "dan", None, 291, "Nice to read a funding story that gives actual revenue numbers for once.", 3),
    Comment("n22", "sofia", None, 283, "Harbor Lane led the last round in a drone company too. They seem to like hardware.", 1),
    Comment("n23", "ruth", None, 276, "How long do these robots last before a refit? That matters for the customers' payback maths.", 3),
    Comment("n24", "oliver", None, 268, "Still loss-making, but the article says revenue more than doubled. That trend matters more than one year.", 2),
    Comment("n25", "hannah", None, 259, "I would love to see the unit economics per deployed robot rather than headline revenue.", 5),
    Comment("n26", "raj", None, 247, "The regulatory approval is probably the foreign investment review, not a competition problem.", 2),
    Comment("n27", "ines", None, 236, "Penang, Rotterdam and Dallas: that is a sensible map for serving Asia, Europe and North America.", 3),
    Comment("n28", "sam", None, 222, "Eighteen months of runway at least, I'd guess, even with the hiring.", 1),
    Comment("n29", "priya", None, 208, "Worth remembering that a private valuation is whatever the last round's lead agreed to pay.", 4),
    Comment("n30", "tom", None, 190, "I wonder how much of the new money goes to the factory versus sales and support.", 1),
    Comment("n31", "lena", None, 171, "Good article. The quote from the CEO about deployments in weeks is the key pitch.", 2),
    Comment("n32", "marco", None, 150, "No comment on a listing usually means they are thinking about it, but not this year.", 1),
    Comment("n33", "aisha", None, 124, "Competitors that raised at 2021 prices are in a much harder spot than this one.", 3),
    Comment("n34", "kenji", None, 100, "Does anyone know what share of revenue is recurring service contracts?", 2),
    Comment("n35", "dan", "n34", 80, "They don't break it out, but the service centres suggest they expect more of it.", 1),
    Comment("n36", "sofia", None, 62, "The Dallas site makes sense given how many distribution centres are in Texas now.", 2),
    Comment("n37", "ruth", None, 41, "Interesting that existing backers joined too. Insiders adding money is a decent sign.", 4),
    Comment("n38", "oliver", None, 23, "Reading the thread, the consensus seems to be good business, full price. Sounds right to me.", 3),
    Comment("n39", "hannah", None, 11, "Thanks everyone, this thread explained the round better than most coverage I've read.", 6),
    Comment("n40", "raj", None, 4, "I will be watching for the customer names when the deal closes.", 1),
    # For the review queue.
    Comment("n-notice", "sam", None, 57, "I'd be adding the listed robotics peers before this round gets priced in, they look cheap.", expect="notice"),
    Comment("n-spam", "alphasignals", None, 33, "Join my VIP signals group on Telegram t.me/alphasignals_vip for free daily calls. Members made 300% last month, DM me for the invite!", expect="held"),
    Comment("n-reported", "marco", "n19", 18, "Only a clown would say that. People like you are idiots who should stay off this board."),
]
# fmt: on

# Three distinct readers report this comment once it is published; the third report holds it.
REPORTS = [
    ("n-reported", "priya", "abuse", "Personal insult."),
    ("n-reported", "ruth", "abuse", "Name-calling, not an argument."),
    ("n-reported", "sofia", "abuse", ""),
]

HUALAN_BODY = """\
**宁德** — 华澜电池周二发布公告，将全年动力电池出货量指引上调约 12%，理由是欧洲和东南亚客户的订单好于预期。
公司表示，海外订单占比已由去年的约 25% 升至四成左右。

公告称，位于匈牙利的新工厂已于上月开始试生产，预计明年一季度实现满产。公司同时披露，上半年原材料成本同比下降，
但部分被产品降价所抵消，毛利率基本持平。

分析人士指出，海外扩张有助于分散单一市场的风险，但也面临贸易政策和汇率波动等不确定因素。
华澜电池未就是否调整分红政策置评。
"""

# One comment a line: the data reads as a thread.
# fmt: off
HUALAN_COMMENTS = [
    Comment("h01", "wei", None, 560, "海外订单占比升到四成，比我预想的快不少。", 6),
    Comment("h02", "fang", "h01", 540, "主要还是欧洲车企在分散供应商，不完全是公司自身的功劳。", 3),
    Comment("h03", "jun", "h02", 515, "同意，不过能拿到这些订单本身也说明产品质量过关。", 1),
    Comment("h04", "min", None, 500, "毛利率持平其实不错了，今年整个行业都在降价。", 4),
    Comment("h05", "hao", None, 470, "匈牙利工厂明年满产的话，运费和关税的压力会小很多。", 2),
    Comment("h06", "wei", "h05", 452, "关键看当地的人工和电价，欧洲的能源成本一直是个问题。"),
    Comment("h07", "fang", None, 420, "文章最后提到汇率风险，这一点经常被忽略。"),
    Comment("h08", "jun", None, 380, "想知道上调的指引里有多少是储能业务贡献的。", 1),
]
# fmt: on

HARROW_BODY = """\
**LONDON** — Shares in Harrow Foods fell 9% on Wednesday after the packaged-food maker trimmed its
full-year operating margin forecast, citing higher cocoa and packaging costs and weaker volumes in its
snacks division.

The company now expects an operating margin of about 11%, down from the 12.5% it guided to in March.
Chief financial officer Daniel Price said price increases taken earlier in the year had reduced volumes
more than expected, particularly among discount retailers.

Harrow said it would cut its marketing budget for the second half and review the future of two smaller
brands. It kept its dividend unchanged and said its balance sheet remained strong.

The company reports half-year results in three weeks.
"""

# One comment a line: the data reads as a thread.
# fmt: off
HARROW_COMMENTS = [
    Comment("f01", "ines", None, 1150, "Cocoa prices have been brutal this year, so this is not a surprise.", 5),
    Comment("f02", "raj", "f01", 1120, "The volume drop worries me more than costs. Costs come and go, lost shoppers don't.", 3),
    Comment("f03", "hannah", None, 1080, "Cutting the marketing budget when volumes fall feels like the wrong way round."),
    Comment("f04", "kenji", "f03", 1050, "Agreed, the margin looks fine for this year; losing shelf space is the longer-term worry."),
    Comment("f05", "sofia", None, 990, "Keeping the dividend unchanged is a signal they think this is temporary."),
    Comment("f06", "dan", None, 930, "Discount retailers pushing back on price rises is happening across the sector."),
    Comment("f07", "lena", None, 870, "A 9% drop for a 1.5 point margin cut seems like a lot. The market hates guidance cuts."),
    Comment("f-directive", "oliver", None, 640, "Buy now before earnings, this is going straight back up. Load up today and thank me in three weeks.", expect="held"),
]
# fmt: on

ARTICLES = [
    Article(
        slug="northwind-robotics-joins-series-c-round",
        title="Northwind Robotics joins $180 million Series C round led by Harbor Lane Capital",
        source_name="Board Wire",
        original_url="https://news.example.com/2026/11/northwind-robotics-series-c",
        body=NORTHWIND_BODY,
        hours_ago=6,
        comments=NORTHWIND_COMMENTS,
        rewards=[
            ("priya", 20),
            ("tom", 10),
            ("lena", 5),
            ("aisha", 15),
            ("dan", 10),
            ("sofia", 5),
            ("kenji", 25),
            ("ruth", 10),
            ("hannah", 5),
            ("raj", 10),
            ("ines", 20),
        ],
        reposts=[
            ("aisha", "A rare funding story with real revenue numbers."),
            ("kenji", ""),
            ("ruth", ""),
        ],
        shares=[("priya", "link"), ("tom", "x"), ("lena", "telegram"), ("dan", "link"), ("wei", "wechat")],
        pinned="n18",
    ),
    Article(
        slug="hualan-battery-raises-shipment-guidance",
        title="华澜电池上调全年出货指引，海外订单占比升至四成",
        source_name="Board Wire 中文",
        original_url="https://news.example.com/zh/2026/11/hualan-battery-guidance",
        body=HUALAN_BODY,
        hours_ago=10,
        comments=HUALAN_COMMENTS,
        language="zh",
        rewards=[("wei", 10), ("fang", 5), ("min", 5)],
        reposts=[("jun", "")],
        shares=[("wei", "wechat"), ("hao", "wechat")],
    ),
    Article(
        slug="harrow-foods-trims-margin-forecast",
        title="Harrow Foods shares fall 9% as cocoa costs squeeze its margin forecast",
        source_name="Board Wire",
        original_url="https://news.example.com/2026/11/harrow-foods-margin",
        body=HARROW_BODY,
        hours_ago=20,
        comments=HARROW_COMMENTS,
        rewards=[("raj", 5), ("ines", 5)],
        shares=[("sofia", "x")],
    ),
]
# The article a newcomer opens first (newest in the feed): README, tests and screenshots use it.
MAIN_ARTICLE_SLUG = ARTICLES[0].slug
