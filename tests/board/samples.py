# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose
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
