"""Article texts shared by the abstract tests (unit and real-worker)."""

CHINESE = (
    "据报道，北风机器人公司周四表示，已完成由港湾资本领投的1.8亿美元C轮融资。"
    "公司计划利用这笔资金扩大在槟城的生产线，并在未来十八个月内招聘约300名工程师。"
    "首席执行官陈美琳在声明中说：\u201c仓储业的劳动力短缺不会消失！\u201d"
    "分析师指出，机器人行业竞争加剧，多家机器人公司今年已裁员。"
    "交易预计将在本季度末完成？"
    "公司没有就上市计划发表评论。"
)

CHINESE_MARKDOWN = "## 北风机器人完成融资\n\n" + CHINESE

# A small Northwind thread for the readers' page tests (the demo board has its own, larger one, which may
# change): (author index, parent index or None, minutes ago, text).
NORTHWIND_THREAD = [
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
NORTHWIND_THREAD_READERS = 6
