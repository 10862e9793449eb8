"""The demo content loaded by ``manage.py load_demo``: written for this project, not copied from a news wire."""

BOT_EMAIL = "newsbot@board.example"
BOT_DISPLAY_NAME = "NewsBot"

DISCLAIMER_KEY = "third-party-content"
DISCLAIMER_TITLE = "Third-party content"
DISCLAIMER_TEXT = (
    "This article is provided by a third-party news source and is reproduced for information only. "
    "It does not constitute investment advice, an offer, or a solicitation to buy or sell any security "
    "or digital asset. Markets are volatile and you may lose some or all of the money you invest. "
    "Do your own research and consult a licensed adviser before making any financial decision. "
    "The board does not verify the accuracy of third-party content and is not liable for it."
)

ARTICLE_SLUG = "northwind-robotics-joins-series-c-round"
ARTICLE_TITLE = "Northwind Robotics joins $180 million Series C round led by Harbor Lane Capital"
ARTICLE_SOURCE = "Board Wire"
ARTICLE_URL = "https://news.example.com/2026/11/northwind-robotics-series-c"
ARTICLE_BODY = """\
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

# (author index, parent index or None, minutes ago, text): a reply tree of a dozen comments.
COMMENTS = [
    (0, None, 290, "Doubling revenue while still loss-making is normal for hardware at this stage."),
    (1, 0, 275, "Agreed, but $1.4B on $96M revenue is a rich multiple for a robotics company."),
    (
        2,
        1,
        250,
        "Warehouse automation multiples were higher in 2021. This looks almost modest by comparison.",
    ),
    (3, None, 230, "Anyone know who the two logistics groups are? The article doesn't name them."),
    (4, 3, 210, "Probably strategic investors who also want to be customers. That's common in this sector."),
    (0, 4, 190, "Which is good for adoption but can make other customers nervous about data sharing."),
    (5, None, 160, "300 engineers in eighteen months is a lot of hiring in this market."),
    (1, 6, 140, "Penang has a deep electronics talent pool, so it might be realistic."),
    (2, None, 110, "The competition point is the real risk. Several rivals cut staff this year."),
    (3, 8, 80, "True, but having capital when others don't is exactly how you win a consolidating market."),
    (4, None, 45, "Curious whether the Rotterdam and Dallas service centres signal big customer contracts."),
    (5, 10, 15, "Service centres usually follow signed deployments, so probably yes."),
]
READER_COUNT = 6
READER_EMAIL = "reader{index}@board.example"
