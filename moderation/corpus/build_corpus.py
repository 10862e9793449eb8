# ruff: noqa: RUF001
"""Build the labelled moderation corpus deterministically: templates x slot values x a fixed seed.

Run: ``python moderation/corpus/build_corpus.py`` (writes ``moderation/corpus/corpus.jsonl``).

Each line: ``{"text", "spam", "financial_advice", "lang", "split", "template"}``. The split is BY TEMPLATE:
about a quarter of the templates of every (class, language) group are held out, so the test split is made of
sentence shapes the model never saw in training. Spam examples also get obfuscated copies (homoglyphs,
zero-width characters, spacing, full-width, defanged links) in both splits. Hand-written lines at the end are
split by a stable hash of their text.

Labels follow shared/POLICY.md: ``spam`` = promotion/scam whatever its wording; ``financial_advice`` = telling
readers what to do with their money or a specific asset, or promising returns. Opinions, questions, risk
warnings, news links, quoted scams and sarcasm are honest (both labels false).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

SEED = 20261129
TEST_SHARE = 0.25
OUT = Path(__file__).resolve().parent / "corpus.jsonl"

# ---- slot values -----------------------------------------------------------------------------------------

SLOTS: dict[str, list[str]] = {
    "ticker": ["NVDA", "TSLA", "AAPL", "AMD", "PLTR", "GME", "AMC", "MSFT", "META", "COIN", "SMCI", "MSTR", "RIVN", "NIO", "BABA", "SOFI", "INTC", "ARM", "AVGO", "HOOD"],
    "coin": ["BTC", "ETH", "SOL", "DOGE", "XRP", "ADA", "PEPE", "SHIB", "AVAX", "LINK", "BNB", "TON", "SUI", "WIF", "bitcoin", "ethereum", "solana"],
    "company": ["Apple", "Nvidia", "Tesla", "Microsoft", "Amazon", "Meta", "Alphabet", "Netflix", "Intel", "AMD", "Boeing", "JPMorgan", "Coinbase", "Palantir", "Disney", "Nike", "Starbucks", "Ford", "Shopify", "Uber", "Berkshire", "Goldman", "Pfizer", "Walmart"],
    "pct": ["3", "5", "8", "10", "12", "15", "20", "25", "30", "40", "50"],
    "small_pct": ["1", "1.5", "2", "3", "5", "7"],
    "lev": ["5", "10", "20", "25", "50", "75", "100", "125"],
    "price": ["$150", "200", "1.25", "0.042", "68,000", "$3,400", "72k", "$12", "450", "$95", "100k", "2.8", "$1,000", "38.5"],
    "price2": ["$140", "185", "1.10", "0.038", "64,500", "$3,150", "69k", "$10.8", "430", "$90", "94k", "2.5", "$940", "36"],
    "price3": ["$175", "240", "1.60", "0.06", "75,000", "$3,900", "80k", "$15", "520", "$110", "120k", "3.4", "$1,200", "44"],
    "day": ["Friday", "Monday", "earnings", "the Fed meeting", "CPI day", "the halving", "the split", "year end", "the open", "next week"],
    "month": ["March", "June", "Christmas", "year end", "Q3", "summer", "the end of the month"],
    "handle": ["cryptoking_vip", "alpha_signals", "richclub88", "whalecalls", "moonhub_pro", "profitzone", "elite_traders", "gem_hunters", "insider_room", "btc_gang", "vip_pumps", "smartmoney_team", "signalpro24", "goldenbull_club"],
    "code": ["AB12CD", "X7K9Q2", "MOON50", "BONUS88", "R3F4L", "VIP2024", "GAIN777", "Z9Y8X7", "CRYPTO10", "QW12ER", "HX5521"],
    "spam_domain": ["claim-airdrop.xyz", "bonus-usdt.top", "metamask-verify.app", "wallet-sync.site", "free-eth-drop.online", "profitmax.club", "binance-rewards.vip", "tradepro-signals.io", "easyyield.finance", "ledger-restore.live", "fast-cash-now.biz", "cheap-followers.shop"],
    "short_link": ["bit.ly/3xYz9Q", "tinyurl.com/bonus88", "cutt.ly/vipjoin", "rb.gy/ab12", "is.gd/freecoin"],
    "phone": ["+1 415 555 0199", "+44 7700 900123", "+1 (646) 555-0142", "+971 50 123 4567", "+852 5123 4567", "+1 213 555 0107", "+61 412 345 678"],
    "wa_phone": ["+447700900123", "+14155550199", "+971501234567", "+85251234567"],
    "user": ["@mike", "@anna_k", "@dave99", "@lisa", "@trader_joe", "@op", "@quant_guy", "@jen"],
    "emoji": ["🚀", "💰", "🔥", "💎", "📈", "✅", "🤑", "💸"],
    "news_link": ["https://www.reuters.com/markets/us/fed-holds-rates-2026-11-05/", "https://www.sec.gov/Archives/edgar/data/320193/000032019326000010/aapl-10k.htm", "https://apnews.com/article/stocks-markets-inflation", "https://www.cnbc.com/2026/11/20/nvidia-earnings.html", "https://www.ft.com/content/5e1b2c3d", "https://www.wsj.com/finance/banking/bank-earnings", "https://www.bloomberg.com/news/articles/2026-11-18/oil-prices", "sec.gov/cgi-bin/browse-edgar?action=getcompany"],
    "zh_news_link": ["http://www.xinhuanet.com/fortune/2026-11/20/c_1130.htm", "https://www.caixin.com/2026-11-18/102.html", "https://www.reuters.com/world/china/pboc-rates-2026-11-20/", "https://finance.sina.com.cn/stock/2026-11-19/doc.shtml", "http://www.csrc.gov.cn/csrc/c100028/content.shtml"],
    "zh_asset": ["茅台", "宁德时代", "比亚迪", "腾讯", "阿里", "中芯国际", "比特币", "以太坊", "狗狗币", "东方财富", "招商银行", "中国平安", "隆基绿能", "工业富联", "小米", "美团", "黄金", "原油", "沪深300", "创业板", "科创50", "这只票", "英伟达", "特斯拉"],
    "zh_company": ["茅台", "宁德时代", "比亚迪", "腾讯", "阿里巴巴", "中芯国际", "招商银行", "中国平安", "小米", "美团", "苹果", "英伟达", "特斯拉", "京东", "拼多多", "万科"],
    "zh_pct": ["3", "5", "8", "10", "15", "20", "30", "50"],
    "zh_num": ["12.5", "1800", "3200", "45", "260", "8.8", "3500", "66000", "0.35", "120"],
    "zh_num2": ["11.8", "1720", "3100", "42", "245", "8.2", "3380", "63000", "0.31", "112"],
    "zh_num3": ["14", "1950", "3450", "52", "300", "9.9", "3800", "72000", "0.45", "140"],
    "zh_day": ["周五", "下周一", "财报前", "明天开盘", "节后", "月底", "今晚", "年底"],
    "zh_group": ["微信群", "电报群", "QQ群", "内部群", "VIP群", "交流群", "牛股群", "会员群"],
    "wx": ["abc8899", "wx_rich666", "gupiao2026", "vip_8868", "niugu_168", "licai999"],
    "zh_handle": ["@财富自由", "@牛股王", "@币圈老司机", "@股神带队"],
}

# ---- templates -------------------------------------------------------------------------------------------
# Keys: (kind, lang) with kind in spam / advice / both / honest. One template = one sentence shape.

TEMPLATES: dict[tuple[str, str], list[str]] = {
    ("spam", "en"): [
        "Use my referral code {code} when you sign up and get a $50 bonus!",
        "Sign up with my link and we both get free {coin}: {short_link}",
        "Referral code: {code} — 20% off trading fees for life",
        "Join our Telegram group for exclusive crypto alpha t.me/{handle}",
        "Come to our WhatsApp community, link in bio, we share insider info daily",
        "Our Discord is open again! discord.gg/{handle} — 5000 members already",
        "Hey, I run a private signal group on Telegram, DM me for the invite",
        "Claim your {coin} airdrop before it ends: https://{spam_domain}",
        "Congratulations! Your wallet is eligible for the airdrop. Connect your wallet at {spam_domain} to receive it",
        "Verify your wallet within 24 hours or your funds will be frozen: {spam_domain}",
        "Your account has been flagged. Please contact admin on Telegram {user}_support to restore access",
        "I'm from the official support team, send me your seed phrase so we can fix the sync issue",
        "DM me for details, serious people only",
        "Inbox me if you want to know how I made $8,000 last week",
        "For investment help call our advisor on {phone}",
        "WhatsApp me at {wa_phone} for the trading plan",
        "Elon Musk giveaway! Send 0.1 {coin} and receive 0.2 {coin} back instantly",
        "Deposit any amount to the address below and get it doubled within an hour",
        "Best online casino bonus — 200% on first deposit, play now at {spam_domain}",
        "Buy Instagram followers cheap, real accounts, fast delivery {spam_domain}",
        "Need essay writing help? Professional writers, cheap prices, visit {spam_domain}",
        "Earn $500 a day working from home with just your phone, no experience needed, message me",
        "Lost money to a crypto scam? Contact our recovery expert on {phone}, we get funds back",
        "Check my profile for the link to the best copy-trading platform",
        "Limited spots left in our VIP channel, first 50 members get lifetime access",
        "Free {coin} for the first 100 people who register at {spam_domain}",
        "I am the moderator of this board. Message me on Telegram to get verified",
        "Hello dear, I saw your comment, add me on WhatsApp so we can talk about investments",
        "Get paid to post! Join the team through my invite link {short_link}",
        "Cheap loans approved in 5 minutes, no credit check, apply at {spam_domain}",
        "crypto crypto bitcoin free bitcoin free crypto bonus bonus bonus click {spam_domain}",
        "Best {coin} wallet app, download now {short_link} use code {code}",
        "Stop losing money. My mentor changed my life, reach out to him on Telegram {user}",
        "Sync your wallet to claim the unclaimed rewards: {spam_domain}/claim",
        "Exclusive insider community on Discord, invite only, reply 'IN' and I'll DM you",
        "Text me on {phone} for the private group link",
        "Visit {spam_domain} for the cheapest replica watches and bags",
        "Hi I'm Sarah from customer service, your withdrawal is pending, message our help desk on Telegram to release it",
        "Get 50 USDT free just for signing up with invite code {code}",
        "Want to learn my system? Link in my bio, spots filling fast",
        "Official {company} giveaway happening now, claim your reward at {spam_domain}",
        "our signal room is free this week only 👉 t.me/{handle}",
        "I was skeptical too but this platform actually pays, check out {short_link}",
        "Anyone interested in passive income DM me, I'll add you to our group",
        "Free trading course + VIP Telegram access, comment YES and I'll send the link",
        "Crypto wallet locked? Our support agents are available 24/7 on WhatsApp {wa_phone}",
        "Follow {handle} on Telegram for daily free calls",
        "Bonus code {code} gives you 100 free spins today only",
        "Join thousands of winners, register today {short_link}",
        "Dear investor, your {coin} withdrawal requires a validation fee, contact account manager",
        "Make money online fast, ask me how! Message me now",
        "I got paid $2,300 this week from home, visit {spam_domain} to start",
        "Scan the QR code in my profile to join the private investors club",
        "Your {coin} reward is ready to collect, authenticate your wallet here {spam_domain}",
        "Please add me on Signal {user} for the private channel",
        "Official announcement: migrate your tokens now at {spam_domain} before the deadline",
        "Your {company} account has been suspended due to unusual activity, restore access here: {spam_domain}/login",
        "Security alert: your wallet is flagged, unlock your funds at {spam_domain} within 12 hours",
        "Tired of losing? Our trading academy graduates earn daily, spots open, message the coach",
        "I made my first $10k with this mentor, his Telegram is {user}, tell him I sent you",
        "Promote your crypto project to 200k investors, affordable packages, contact us",
        "Wanna make money with me? Hit me up, I'll explain everything in private",
        "New exchange launching, early users get 500 USDT, register via {short_link}",
        "Hello, I'm an account manager at a licensed broker, text me on WhatsApp for a free consultation",
        "Your profile was selected for our beta program, confirm your details at {spam_domain}",
        "100% legit money flipping, send $200 get $2000 in 2 hours, inbox",
        "Great post! Btw I sell premium trading indicators, check my profile for the store",
        "Click here to see the secret stock list Wall Street doesn't want you to have {short_link}",
        "Follow me for more insider picks, link to the free group in my bio",
        "Anyone need a verified exchange account? Cheap, fast, DM",
        "Earn crypto by watching videos! Register now at {spam_domain} with invite code {code}",
        "Urgent: the board is moving to a new server, re-register your account at {spam_domain}",
        "Investors wanted for a private pre-IPO deal, contact our agent {user} on Telegram",
    ],
    ("spam", "zh"): [
        "加我微信 {wx}，拉你进{zh_group}，每天分享内幕消息",
        "想赚钱的朋友私信我，带你入门",
        "进群领取免费空投，名额有限，先到先得",
        "注册时填写我的邀请码 {code}，送50U新手福利",
        "电报群：t.me/{handle}，每天免费分享",
        "联系客服微信 {wx} 领取红包",
        "你的钱包存在风险，请立即点击链接验证钱包 {spam_domain}",
        "免费领取{zh_asset}内部资料，加V：{wx}",
        "兼职日结，在家用手机就能赚钱，日赚三百，感兴趣私聊",
        "我是本站管理员，请添加我的QQ {wx} 完成账号认证",
        "宝妈在家也能做的副业，一天两小时，月入过万，私我",
        "推荐码 {code}，注册即送手续费返佣",
        "免费送币活动进行中，复制链接到浏览器打开 {spam_domain}",
        "官方客服提醒：您的账户异常，请联系客服电报 {user}_kf 处理",
        "有需要贷款的吗？秒批秒到账，无视征信，联系我",
        "专业代写论文、代开发票，价格优惠，加微信详谈",
        "想进内部交流群的私信我，每天都有干货",
        "限时福利，前100名进群送资料，点击主页链接",
        "领取空投只需要连接钱包，三分钟搞定 {spam_domain}",
        "彩票计划群，准确率90%，需要的加我",
        "找老师领取每日内参，微信：{wx}",
        "扫码进群，和几千位投资者一起交流，二维码看我主页",
        "刷单兼职，一单一结，日入五百，联系助理",
        "本人有渠道拿到{zh_company}内部认购名额，需要的私聊",
        "{zh_group}开放入群申请，滴滴我拉你",
        "提供手机号 {phone} 咨询投资问题，专业导师一对一",
        "官方活动：绑定钱包领取奖励，仅限今天 {spam_domain}",
        "飞机群 {user} 每天免费推送消息，快来",
        "助记词备份出问题了？联系我们的技术客服帮你恢复",
        "想了解这个平台的可以看我主页，有详细介绍和链接",
        "免费领币！免费领币！免费领币！加群就送",
        "高端棋牌平台，注册送88元，网址 {spam_domain}",
        "戳我头像进群，群里有大佬分享",
        "加薇信 {wx} 送你一份炒股秘籍",
        "感兴趣的朋友可以加我扣扣 {wx} 交流",
        "您的账户存在异常已被冻结，请尽快登录 {spam_domain} 解除限制",
        "做任务赚佣金，手机操作，一单一结，有意向的私聊",
        "新交易所上线，注册即送500U，用我的邀请链接 {short_link}",
        "本人专业炒股十年，想学的朋友加我好友，免费教",
        "帮你追回被骗的资金，专业团队，联系电话 {phone}",
        "你的账号已被系统抽中幸运用户，请登录 {spam_domain} 领取奖品",
        "推广你的币圈项目，十万精准粉丝，价格美丽，详聊",
        "股票实盘直播间，免费入群，每天分享，名额有限",
        "出售各大交易所实名账户，价格优惠，私聊",
        "关注我的公众号，每天免费推送内参",
        "打开链接填写资料即可领取补贴 {spam_domain}",
        "紧急通知：论坛升级，请到新网址重新登录 {spam_domain}",
        "私募内部认购，门槛低，感兴趣的加助理",
    ],
    ("advice", "en"): [
        "Buy {ticker} now before {day}, this is the last cheap entry you'll see",
        "Load up on {coin} today, trust me you'll regret it if you don't",
        "{coin} to {price} by {month}, get in while it's still cheap",
        "Sell all your {ticker} before {day}, it's going to crash hard",
        "Short {ticker} here, easy money on the way down",
        "Open a {lev}x long on {coin} right now, the breakout is confirmed",
        "Put {pct}% of your savings into {coin}, it's the only way to make real money",
        "Entry {price2}, SL {price2}, TP {price3} on {coin}",
        "{ticker} buy zone {price2}-{price}, stop loss {price2}, target {price3}",
        "This is your last chance to buy {coin} under {price}, don't miss this entry",
        "Guaranteed {small_pct}% a week if you follow my {coin} strategy",
        "Go all in on {ticker}, it will double by {month}",
        "Don't sell your {coin}, hold until {price3} at least",
        "Back up the truck on {ticker} at the open tomorrow",
        "Grab the {ticker} {price3} calls expiring Friday, easy 10 bagger",
        "Dump your {ticker} shares immediately and rotate into {coin}",
        "If you're not buying {coin} under {price} you're going to regret it forever",
        "Use {lev}x leverage on {coin}, it can't go lower from here",
        "Everyone should have at least {pct}% of their portfolio in {coin}, buy now",
        "Take out a loan and buy {ticker}, the interest is nothing compared to what you'll make",
        "Risk-free trade: buy {ticker} before {day} and sell the day after",
        "Accumulate {coin} below {price}, it's going to {price3} for sure",
        "Time to get out of {ticker} now, sell before the rest of you get trapped",
        "Mortgage your house and buy {coin}, generational wealth incoming",
        "Stop overthinking, just buy {ticker} and thank me later",
        "{ticker} is going to {price3} next week, fill your bags now",
        "You need to be long {coin} into {day}, no excuses",
        "Average down on {ticker} now, it's a gift at these prices",
        "Move your whole 401k into {ticker}, it can't lose",
        "Scoop up {coin} on this dip before it's too late",
        "Long {coin} at {price2}, stops below {price2}, first target {price3}, second target {price3}",
        "Sell {ticker} puts and collect free money every week",
        "Ape into {coin} now, it's about to moon",
        "Trust me, {ticker} calls are the play this week, get in before {day}",
        "Buy the dip on {ticker} today, it will be at {price3} by {month}",
        "Don't wait for confirmation, buy {coin} right now",
        "Switch everything to {coin}, cash is trash, do it today",
        "Fixed {small_pct}% daily returns with my {coin} bot, you cannot lose",
        "Put half your savings in {ticker} before {day}, it's the trade of the decade",
        "Get in {ticker} now or stay poor, your choice",
        "Short {coin} with {lev}x, target {price2}",
        "Hold {ticker} no matter what, never sell, it's going to {price3}",
        "I'm telling you, buy {ticker} at the open and sell at {price3}",
        "You should be buying {coin} with every paycheck until it hits {price3}",
        "Go short {ticker} before earnings, it's a guaranteed drop",
        "Take profits on {coin} at {price3} and re-enter at {price2}",
        "Now is the time to buy {ticker}, you won't get this price again",
        "Best move right now: sell your bonds and buy {coin}",
        "Don't be left behind, everyone is loading {coin} this week",
        "{coin} 100x incoming, buy as much as you can afford",
        "Pick up {ticker} under {price}, easy double from here, no risk",
        "Leverage up on {coin}, 20x minimum, this is the bottom",
        "Drop everything and buy {ticker} before {day}",
        "You'll thank me later — {coin} at {price2} is a steal, load the boat",
        "Sell {ticker} immediately, it's going to zero, get out while you can",
        "{ticker} puts, strike {price2}, expiring Friday. Don't sleep on it.",
        "Grab {coin} calls expiring next week, strike {price3}, easy money",
        "Buy some {coin} this weekend before the ETF news hits, you'll be glad you did",
        "Everyone reading this should own {ticker}. Buy before {day}.",
        "Rotate out of tech and into {coin} this week, do it before the crowd",
        "{ticker} is a screaming buy under {price}, add as much as you can",
        "Do yourself a favor and sell {ticker} tomorrow morning",
        "Lock in 20% a month with covered calls on {ticker}, it can't fail",
        "If you have any cash, it belongs in {coin} right now",
        "Start a position in {ticker} today and add on every red day",
        "Sell your {coin} at {price3}, buy it back at {price2}, repeat",
        "Go heavy on {ticker} calls before {day}, 10x potential",
        "Keep buying {coin} no matter the price, it only goes up",
        "You're crazy if you don't put your bonus into {ticker} this week",
        "Exit {coin} immediately, rebuy under {price2}",
        "Cover your shorts on {ticker} now and flip long",
        "Put your emergency fund into {coin}, it's safer than a bank",
    ],
    ("advice", "zh"): [
        "{zh_asset}明天直接满仓，错过就没机会了",
        "{zh_asset}稳赚不赔，赶紧上车",
        "相信我，{zh_asset}一个月必翻倍，现在就买",
        "{zh_asset}进场{zh_num2}，止损{zh_num2}，止盈{zh_num3}",
        "{zh_asset}买点{zh_num}，目标价{zh_num3}，跌破{zh_num2}止损",
        "赶紧清仓{zh_asset}，{zh_day}必跌",
        "{zh_asset}现在就是底部，果断抄底",
        "开{zh_pct}倍杠杆做多{zh_asset}，稳赚",
        "拿出一半积蓄买{zh_asset}，听我的没错",
        "{zh_asset}保本保收益，每月收益{zh_pct}%",
        "梭哈{zh_asset}，干就完了",
        "{zh_day}之前一定要把{zh_asset}买进来，最后的机会",
        "不上车就后悔，{zh_asset}马上要起飞了",
        "借钱也要买{zh_asset}，这波稳了",
        "{zh_asset}日收益{zh_pct}%，跟着我操作就行",
        "{zh_asset}压力位{zh_num3}，到了就卖，回踩{zh_num2}再买回来",
        "现在不买{zh_asset}，以后只能仰望",
        "赶快卖掉手里的{zh_asset}，换成{zh_company}",
        "全仓{zh_asset}，目标{zh_num3}，错过拍大腿",
        "{zh_asset}必涨，闭眼买",
        "大胆加仓{zh_asset}，跌了就补",
        "{zh_asset}做空，{zh_num3}进场，止损{zh_num3}",
        "听我的，{zh_asset}满仓干，年底翻十倍",
        "把养老钱投到{zh_asset}里，零风险",
        "{zh_day}开盘直接买入{zh_asset}，冲",
        "不要卖{zh_asset}，拿住到{zh_num3}再说",
        "{zh_asset}这个位置必须重仓，机不可失",
        "合约开满，{zh_asset}做多，今晚就能翻倍",
        "{zh_asset}补仓点{zh_num2}，不到不补",
        "所有人都该配置{zh_pct}%的仓位在{zh_asset}",
        "赶紧把存款取出来买{zh_asset}，稳涨",
        "{zh_asset}千万别错过，这是今年最后的上车机会",
        "趁现在低位赶紧建仓{zh_asset}",
        "{zh_asset}轻松翻倍，买就对了",
        "卖掉房子all in {zh_asset}，人生能有几回搏",
        "明早集合竞价直接挂单买{zh_asset}，别等",
        "手里有闲钱的赶紧买{zh_asset}，过了这村没这店",
        "{zh_asset}跌到{zh_num2}就是送钱，直接接",
        "把{zh_asset}全卖了，明天还要跌",
        "{zh_asset}拿住别动，目标{zh_num3}，不到不卖",
        "工资一发就买{zh_asset}，一直买",
        "今天尾盘买入{zh_asset}，明天冲高就卖",
        "赶紧把{zh_asset}换成{zh_company}，听我的",
        "{zh_asset}回调到{zh_num2}加仓，止损设在{zh_num2}",
        "建议大家都配置一点{zh_asset}，现在价格很合适，赶紧",
        "卖掉{zh_asset}，全部换成黄金",
        "{zh_asset}这波至少翻一倍，赶紧买",
    ],
    ("both", "en"): [
        "Buy {coin} now! Join our Telegram for the next pump: t.me/{handle}",
        "Our VIP group called {ticker} at {price2}. Next call drops tonight, DM me to join and buy before it flies",
        "Guaranteed {small_pct}% daily returns, message me on WhatsApp {wa_phone} to start",
        "{coin} signal: entry {price2}, TP {price3}, SL {price2}. More free signals at t.me/{handle}",
        "Load up on {coin} before the listing, use my referral code {code} on the exchange",
        "We pump {coin} at 8pm UTC, buy now and join discord.gg/{handle} for the sell signal",
        "Put {pct}% of your savings in our fund, fixed returns, contact our manager on Telegram {user}",
        "Last chance to get in {ticker} before it explodes, full plan in my private group, link in bio",
        "Risk-free {coin} arbitrage, I'll show you how, inbox me",
        "Follow my {lev}x long calls in our signal channel, 95% win rate, join t.me/{handle}",
        "Don't miss this {coin} entry! Register with {short_link} and buy immediately",
        "Our mentor says buy {ticker} tomorrow at open, add his WhatsApp {wa_phone} for more",
        "Double your money in a week with {coin}, send me a DM and I'll add you",
        "Join {handle} on Telegram, we are buying {coin} under {price} and targeting {price3}",
        "Earn {small_pct}% per day guaranteed on our platform {spam_domain}, deposit now",
        "Buy {coin} before Binance lists it, insider group only, DM for access",
        "Short {ticker} now, our private Discord has the full setup: discord.gg/{handle}",
        "Sell everything and buy {coin}, our VIP members already made 300%, join at {spam_domain}",
        "Trust me and buy {ticker} — more calls like this for free at t.me/{handle}",
        "Turn $500 into $5,000 with our {coin} bot, no risk, message me now",
        "Free {coin} signals daily: buy at {price2}, sell at {price3}. Telegram {user}",
        "Get in {coin} right now before the pump, use code {code} for 10% off fees",
        "Our analysts guarantee {pct}% monthly profit, contact admin to join",
        "{ticker} will hit {price3} this week — buy now, and join our group for the exit signal",
        "Stop being poor, invest with us, {small_pct}% weekly guaranteed, link in profile",
    ],
    ("both", "zh"): [
        "老师带单，稳赚不赔，加微信 {wx} 进群",
        "{zh_asset}明天必涨，想要具体点位的进{zh_group}",
        "每天收益{zh_pct}%，保本保息，私信我了解",
        "跟着群里大佬满仓{zh_asset}，已经赚了三倍，加群 {wx}",
        "免费带单，{zh_asset}进场{zh_num2}，止盈{zh_num3}，更多点位加电报 t.me/{handle}",
        "内部消息：{zh_asset}下周翻倍，现在买入，进群获取卖点",
        "稳赚项目，日赚千元，联系助理领取名额",
        "想跟单的朋友私聊我，今晚做多{zh_asset}",
        "{zh_asset}抄底信号已发，VIP群会员速度上车，没进群的加 {wx}",
        "用我的邀请码 {code} 注册，跟我一起梭哈{zh_asset}",
        "牛股推荐：{zh_asset}，目标{zh_num3}，想要更多牛股加群",
        "零风险理财，月化{zh_pct}%，联系客服微信 {wx}",
        "群里今天又喊中{zh_asset}，明天还有一只，想上车的滴滴我",
        "导师每天免费推荐两只股票，跟着买就能赚，加老师微信",
        "{zh_asset}最后上车机会，点击主页链接进群领取操作计划",
    ],
    ("honest", "en"): [
        "{company} looks expensive at {pct}x earnings to me, I'd want to see margins hold before I believe the story",
        "I think {company} is undervalued, but the market clearly disagrees and it may stay that way for years",
        "Leverage wipes people out. {lev}x on {coin} is how accounts get liquidated in one candle.",
        "Reuters has the full statement here: {news_link}",
        "The 10-K is worth reading before anyone argues about this: {news_link}",
        "Got a DM saying 'claim your airdrop' with a link. It's phishing, don't click anything like that.",
        "PSA: nobody from the board will ever ask you to verify your wallet. Report those messages.",
        "Sure, {coin} to {price3} by {month}, just like last year 🙄",
        "Not financial advice, but I find their cash flow statement more interesting than the headline number. Thoughts?",
        "Is now a good time to buy {ticker}, or is it too late? Genuinely asking.",
        "Should I sell my {ticker} before earnings or just hold through the volatility? What would you consider?",
        "Wow, {company} absolutely crushed earnings this quarter. Impressive execution.",
        "I sold half my {ticker} position last week, mostly to sleep better. Not saying anyone else should.",
        "Rising yields usually pressure long-duration growth stocks; that's the whole story of this month.",
        "This article misses the point. Revenue growth is slowing and nobody is talking about it.",
        "Telegram's founder is in the news again, the privacy debate around the app is far from settled.",
        "WhatsApp had an outage this morning, which shows how dependent small businesses are on it.",
        "Analysts at Goldman upgraded {ticker} to buy with a {price3} target, per the note quoted by CNBC.",
        "Buybacks at {company} are huge this year, which flatters EPS more than people realise.",
        "Anyone promising {small_pct}% a week guaranteed is running a Ponzi. There's no such thing.",
        "The guy in the other thread said 'load up before it's too late' — that's exactly how bag holders are made.",
        "I'm bullish on {company} long term, but the next two quarters could be ugly.",
        "Honestly I have no idea where {coin} goes next and neither does anyone here.",
        "My uncle put his savings into {coin} at the top and is still down. Be careful out there.",
        "What's everyone's take on the Fed's statement? Seems more hawkish than expected.",
        "The stop-loss hunting narrative is overblown; most moves are just liquidity.",
        "Price targets from sell-side analysts are mostly marketing, look at their track record.",
        "I used to trade with {lev}x leverage and lost everything. Never again.",
        "{ticker} at {price} feels stretched, but I've been wrong about this stock for three years straight.",
        "Does anyone have the link to the original SEC filing? The article doesn't cite it.",
        "Great reporting, thanks. The chart on page two explains the margin squeeze well.",
        "The whole 'buy the dip' culture only works until it doesn't. See 2022.",
        "Diamond hands memes aside, {company}'s debt load is a real problem.",
        "I like the product, I just don't like the valuation. Two different things.",
        "Interesting that insiders were selling {ticker} all quarter, per Form 4 filings: {news_link}",
        "Those 'DM me for signals' accounts in the comments are bots, ignore them.",
        "I think {coin} will probably go higher over time, but I wouldn't bet the rent on it.",
        "Quick question for the finance people: how does a reverse split actually affect shareholders?",
        "The discord.gg links people keep posting here are scams, mods please clean them up.",
        "Lol the replies under every {coin} post are 90% bots offering 'guaranteed returns'.",
        "{company} management keeps guiding low and beating. Classic sandbagging.",
        "If the jobs report comes in hot, rate cuts are off the table. That's the real risk.",
        "I'm holding my {ticker} for now, mostly out of laziness, not conviction.",
        "Can someone explain why {ticker} dropped {pct}% today? I can't find any news.",
        "The {coin} ETF flows have been negative for a week, per Bloomberg: {news_link}",
        "This is a great example of why diversification matters. One bad quarter and it's down {pct}%.",
        "Nothing here is a recommendation, I'm just sharing my notes on {company}'s segment data.",
        "I remember when everyone said {coin} would hit {price3} by {month}. Didn't happen.",
        "People calling {ticker} a 'sure thing' should read the risk factors section.",
        "Let's be honest, most of us are gambling and calling it investing.",
        "The author's conclusion about {company} is reasonable but the data is from 2023.",
        "Moderators: there's another 'verify your wallet' scam in the thread above, reported it.",
        "Never share your seed phrase with anyone. Real support will never ask for it.",
        "Quick reminder that past performance doesn't predict anything, especially in small caps.",
        "My 2 cents: {company} is a great business, but great businesses can be bad investments at the wrong price.",
        "I bought {coin} in 2019 and I still don't understand it.",
        "Hot take: the {company} bull case depends entirely on margins that have never existed in that industry.",
        "Has anyone here actually used the {company} app? Curious about real user experience.",
        "The CPI print was in line, so the market reaction seems overdone both ways.",
        "Agree with {user}, the risk/reward on {ticker} isn't great after this run.",
        "Cathie's fund dumping {ticker} again, per the daily trade emails. Interesting.",
        "Remember FTX? 'Guaranteed yield' was the pitch there too.",
        "Enthusiasm is fine, but some of you are treating {coin} like a religion.",
        "I'd love to see the bear case for {company} laid out properly, any good reads?",
        "{company}'s guidance cut is the real news here, not the EPS beat.",
        "They said the same thing about {company} in 2021 and it fell {pct}% the next year.",
        "Good thread. For what it's worth, I'm staying in index funds and sleeping fine.",
        "Whoever keeps posting the same 'join my group' message: we can all see it's spam.",
        "The SEC complaint is public, worth reading the allegations: {news_link}",
        "I'm not touching {coin} until regulation is clearer. Too much uncertainty for me.",
        "The chart looks like a head and shoulders but honestly TA is astrology for men.",
        "{ticker} earnings call was boring, which is honestly a good sign.",
        "So the 'risk-free' {coin} yield product collapsed. Who could have predicted that.",
        "Imagine telling people to put {pct}% of their savings into a meme coin. Wild times.",
        "What's a reasonable P/E for a company growing 20% a year? Trying to learn.",
        "I keep seeing 'last chance to buy' posts about {coin}. That's usually the top.",
        "Long-time lurker here. This board is way better than the comment sections elsewhere.",
        "The entry point debate is pointless if you're investing for 20 years.",
        "Saw a WhatsApp message from a 'financial mentor' promising {pct}% monthly. Obvious scam, blocked.",
        "I'd argue {company} deserves a premium given the moat, but {pct}x sales is a lot.",
        "Is it normal for the spread on {ticker} options to be this wide?",
        "Those airdrop links are how my friend lost his whole wallet. Don't connect to random sites.",
        "Interesting data point from the Fed minutes: {news_link}",
        "Wish I had bought {coin} at {price2}. Hindsight is a hell of a drug.",
        "Who else thinks {company}'s CEO talks too much on social media?",
        "Great quarter for {company}, though I suspect the stock already priced it in.",
        "{ticker} short interest is at {pct}% of float, which explains the squeeze talk.",
        "Not sure about the conclusion. The article treats a one-off tax gain as recurring.",
        "If someone on Telegram tells you to 'connect your wallet to receive', run.",
        "I'm genuinely curious how people size positions. Do you use a fixed percentage?",
        "My rule is never more than 5% in any single stock, but everyone's situation is different.",
        "{coin} is up {pct}% this week and the usual crowd is back saying it can't lose. Careful.",
        "The 'buy now, pay later' lenders look shaky if unemployment rises.",
        "Thanks for linking the filing. The related-party transactions section is eye-opening.",
        "Why does every post about {ticker} get flooded with rocket emojis? Genuinely confused.",
        "I disagree with the bears here; {company}'s free cash flow is strong and improving.",
        "Lost 40% on {ticker} last year. Lesson learned about concentration.",
        "Does the dividend cut at {company} signal bigger problems?",
        "The sell-off looks like forced deleveraging rather than a change in fundamentals.",
        "Reading the {company} earnings transcript now, management sounded cautious on China.",
        "I think {coin} is a bubble, but bubbles can last much longer than shorts can stay solvent.",
        "The pump-and-dump groups on Telegram are getting bolder, the SEC should look at them.",
        "Not advice, just my view: I expect volatility around {day}.",
        "We need more comments like this and fewer 'to the moon' ones.",
        "Fair point about the dilution, I hadn't considered the convertible notes.",
        "Honestly the best trade this year was doing nothing.",
        "Your referral code spam is not welcome here, please stop.",
        "Saw someone asking for your 12 words to 'fix' a wallet. That's theft, not support.",
        "Why do these 'DM me for details' bots keep showing up under every article?",
        "Blocked three accounts today that were spamming 'join my Telegram'. Mods, can we get a filter?",
        "The 'contact admin on WhatsApp' replies are fake, the real admins never do that.",
        "Someone replied to me with 'use my referral code', reported as spam.",
        "Airdrop scams are everywhere this month. If it asks you to connect your wallet, it's theft.",
        "Friendly reminder: 'guaranteed 5% a day' is mathematically impossible for long. It's a Ponzi.",
        "My mom almost sent money to a fake 'Elon giveaway'. Please warn your parents.",
        "Ignore the bots offering signals in the replies, they're all the same scam.",
        "These 'VIP signal group' people only make money from subscription fees, not trading.",
        "Got scammed once by a 'recovery expert' who promised to get my crypto back. Don't repeat my mistake.",
        "Funny how every pump group says 'last chance' right before the dump.",
        "When someone says 'trust me' about a stock, that's your cue to do your own research.",
        "The phrase 'you'll regret not buying' has cost retail investors billions.",
        "Lol at the guy telling everyone to go all in. That's not a strategy.",
        "I got liquidated on a {lev}x long in 2021. Leverage is not your friend.",
        "People who say 'buy the dip' never tell you which dip.",
        "Leverage amplifies losses too, please understand margin calls before using it.",
        "I lost half my savings on a {lev}x position once. Never again, lesson learned.",
        "Stop-loss orders can slip in a gap down, worth knowing before relying on them.",
        "The article quotes an analyst saying {ticker} could reach {price3}. Seems optimistic to me.",
        "Morgan Stanley cut {ticker} to sell with a {price2} target this morning, per Reuters.",
        "JPMorgan raised its {company} price target to {price3}, keeps overweight rating.",
        "Buy-side interest in {company} bonds is strong, according to the FT piece.",
        "Berkshire disclosed a new stake in {company} in its 13F: {news_link}",
        "{company} announced a $10 billion buyback and a dividend hike this morning.",
        "The buy now pay later sector is getting squeezed by higher rates.",
        "Consensus rating on {ticker} is still 'buy', but targets have been cut twice this quarter.",
        "Wish I had sold {ticker} at {price3}. Oh well.",
        "I should have bought {coin} at {price2} instead of overthinking it.",
        "In hindsight, going all in on one stock in 2021 was the dumbest thing I did.",
        "Should I be worried about my {ticker} shares after this news? Not sure what to make of it.",
        "Would you hold {ticker} through earnings, or is that too risky? Just curious how people think about it.",
        "Is {coin} still worth it at {price}? I can't decide.",
        "Anyone else buying {ticker} here, or am I alone? Not a recommendation, just curious.",
        "What are the best resources to learn about position sizing?",
        "How much of your portfolio do you keep in cash these days? Asking for a survey I'm doing.",
        "A common rule of thumb in textbooks is to keep an emergency fund before investing at all.",
        "I'd never put more than a small slice into crypto, but that's my risk tolerance.",
        "Honest question: why does anyone trust Telegram trading groups?",
        "{coin} went from {price2} to {price3} in a month and the comments are full of hype again.",
        "To the moon, they said. {coin} is down {pct}% since.",
        "Love the optimism in here, but valuations matter eventually.",
        "Great analysis! I learned a lot from the section on free cash flow.",
        "This is the best explanation of the repo market I've read. Thanks!",
        "Wow, what a rally today. Didn't see that coming at all.",
        "Exciting times for {company}, the new product launch looked amazing!",
        "I'm so happy I held {ticker} through the drawdown, it's been a ride.",
        "Super bullish on the EV space long term, but it'll be a bumpy road.",
        "Does the Telegram integration in {company}'s app raise privacy issues?",
        "WeChat Pay and Alipay numbers in the report were bigger than I expected.",
        "The SEC charged another 'signal group' operator with fraud: {news_link}",
        "Spam bots love this thread. Please report instead of replying.",
        "This comment section needs better moderation, so many fake 'mentors'.",
        "If a 'broker' contacts you first on WhatsApp, assume it's a scam.",
        "Warning: there's a fake {company} support account asking people to verify their wallets.",
        "The WhatsApp Business pricing change will squeeze small merchants who sell through chats.",
        "Meta says WhatsApp now has over two billion users, which is why the ads push makes sense.",
        "Telegram's ad revenue is growing fast, according to the FT, and the TON link is interesting.",
        "Discord's IPO rumours are back; I'd want to see the user monetisation numbers first.",
        "Signal the messaging app has nothing to do with trading signals, people keep confusing them.",
        "WeChat Pay's cross-border fees matter a lot for {company}'s China sales.",
        "Free cash flow at {company} was strong, which is what actually funds the dividend.",
        "The bonus depreciation rules in the tax bill help capital-heavy firms like {company}.",
        "{company}'s new referral program for merchants is a smart way to cut acquisition costs.",
        "Alibaba Group's cloud unit is the only segment growing double digits.",
        "The G7 group statement on sanctions moved oil more than the OPEC meeting did.",
        "Our investment club at work meets monthly, mostly to argue about index funds.",
        "Contact your broker if your order didn't fill, not random people in comments.",
        "The airdrop mania of 2021 left most recipients with worthless tokens.",
        "Wallet security matters: hardware wallets and offline backups are worth the effort.",
        "Bitcoin's halving cuts miner rewards, which historically changed supply dynamics.",
        "My bank's app got a 'verify your identity' update and it was painful but legit.",
        "Who here uses Telegram for news? The channels move faster than Twitter now.",
        "Just bought more {ticker} 🚀 LFG, let's see how earnings go!",
        "Added a little {coin} to my long-term bag today, feels good.",
        "Finally bought my first {ticker} shares. Small position, long horizon.",
        "Picked up some {ticker} on the dip this morning, we'll see if that was smart.",
        "Is there a referral program for this site? I'd like to invite a few friends to the discussion.",
        "Does {company} have an employee referral bonus? Asking for a friend applying there.",
        "I invited my brother to this board, he's been lurking for weeks.",
        "The SEC charged the operators of a Discord pump-and-dump ring this week: {news_link}",
        "Pump and dump groups on Telegram and Discord are a real problem for small caps.",
    ],
    ("honest", "zh"): [
        "{zh_company}现在的估值太高了，市盈率{zh_pct}倍，我个人不太看好",
        "我觉得{zh_company}被低估了，但市场不这么想，可能还要等很久",
        "杠杆是把双刃剑，{zh_pct}倍杠杆一根针就爆仓了",
        "新华网的报道在这里：{zh_news_link}",
        "财新这篇分析写得很到位，推荐看原文 {zh_news_link}",
        "有人私信我说'领取空投'，还发了个链接，明显是骗局，大家别上当",
        "提醒大家：平台不会要求你验证钱包，遇到这种消息直接举报",
        "又是'稳赚不赔'，这种话听多了，韭菜们又要被割了",
        "不构成投资建议，只是觉得{zh_company}的现金流比利润更值得关注，大家怎么看？",
        "现在抄底{zh_asset}会不会太早了？想听听大家的意见",
        "{zh_asset}财报前要不要减仓？纠结中",
        "{zh_company}这季度业绩真不错，超出预期",
        "我上周把{zh_asset}减仓了一半，主要是为了睡个好觉，不建议别人照做",
        "美债收益率上行，成长股估值承压，这个月基本就是这个逻辑",
        "这篇文章没说到点子上，营收增速明显放缓了",
        "最近很多'带单老师'在群里活跃，其实都是杀猪盘，小心",
        "说实话，{zh_asset}接下来怎么走我也看不懂，谁也不知道",
        "我叔叔在高点把积蓄投进了{zh_asset}，到现在还亏着，大家谨慎",
        "大家怎么看央行这次的表态？感觉比预期更鹰派",
        "券商给的目标价参考意义不大，看看他们的历史准确率就知道了",
        "以前玩过{zh_pct}倍合约，亏光了，再也不碰了",
        "有没有人有证监会公告的原文链接？文章里没写出处",
        "感谢分享，第二张图把毛利率下滑讲得很清楚",
        "'逢低买入'这套说法只在牛市里管用",
        "产品我很喜欢，但估值我不喜欢，这是两回事",
        "评论区那些'私信我领取福利'的都是机器人，别理",
        "长期看好{zh_company}，但接下来两个季度可能不好看",
        "有人能解释一下为什么{zh_asset}今天跌了{zh_pct}%吗？没找到消息",
        "这次回调更像是去杠杆，基本面没什么变化",
        "{zh_company}分红减少，是不是说明现金流出问题了？",
        "看了业绩会纪要，管理层对海外市场比较谨慎",
        "过去的收益不代表未来，尤其是小盘股",
        "我的原则是单只股票不超过总仓位的5%，不过每个人情况不一样",
        "{zh_asset}这周涨了{zh_pct}%，又有人说稳赚了，大家冷静点",
        "谢谢贴出公告原文，关联交易那部分很值得一看",
        "为什么每个讨论{zh_asset}的帖子下面都是火箭表情？",
        "我不同意空头的看法，{zh_company}的自由现金流很健康",
        "去年在{zh_asset}上亏了40%，教训是不要集中持仓",
        "我觉得{zh_asset}是泡沫，但泡沫可以持续很久",
        "电报上那些拉盘群越来越猖狂了，监管应该管一管",
        "仅代表个人观点：{zh_day}前后波动可能会比较大",
        "说得有道理，我之前没考虑到可转债稀释的问题",
        "今年最好的操作就是什么都不做",
        "你的邀请码广告在这里不受欢迎，请不要再发了",
        "有人要你的助记词说帮你'修复'钱包，那是偷，不是客服",
        "{zh_company}的护城河确实深，但{zh_pct}倍市销率还是太贵了",
        "新手请教：市盈率多少算合理？",
        "看到有人说'最后上车机会'，这种时候往往就是顶部",
        "这个板块的讨论质量比别的地方高多了",
        "长期投资的话，纠结买点意义不大",
        "收到一条微信，说有'导师'能月入{zh_pct}%，明显是骗局，已拉黑",
        "空投链接害我朋友丢了整个钱包，千万别乱连接网站",
        "早知道在{zh_num2}买点{zh_asset}了，事后诸葛亮",
        "{zh_company}这季度不错，不过股价可能已经反映了",
        "文章把一次性收益当成了经常性收益，结论有问题",
        "如果有人在电报上让你'连接钱包领取'，赶紧跑",
        "想请教大家平时怎么控制仓位？",
        "{zh_asset}的融资余额创新高了，说明情绪很热，风险也在累积",
        "监管层这次的表述很有意思，原文在这里 {zh_news_link}",
        "{zh_company}管理层每次都保守指引然后超预期，老套路了",
        "我持有{zh_asset}主要是懒，不是因为多有信心",
        "别被'保本保收益'骗了，正规理财产品都不会这么说",
        "很多人把炒股当赌博，还美其名曰投资",
        "这篇报道的数据还是2023年的，有点过时",
        "汇率波动对{zh_company}的海外收入影响挺大的，值得关注",
        "感觉{zh_asset}最近的讨论有点过热了，冷静一下",
        "房地产政策放松对银行股是利好还是利空？求分析",
        "{zh_company}的新品发布会看了，技术上没什么惊喜",
        "我一直定投指数基金，没那么多心思研究个股",
        "所谓'内幕消息'大部分都是割韭菜的套路",
        "评论区那些'加微信进群'的都是骗子，大家别理",
        "又看到有人发'带单稳赚'，已经举报了",
        "提醒一下，空投链接让你连接钱包的都是钓鱼网站",
        "所谓的'老师带单'，最后都是让你充钱，别信",
        "有人冒充客服让我提供助记词，幸好没上当",
        "我妈差点被'保本高收益'的理财骗了，大家也提醒一下家里老人",
        "这种'日赚千元'的兼职都是刷单诈骗",
        "天天有人在下面发邀请码，能不能管一管",
        "那些说'最后上车机会'的，往往自己在出货",
        "以前开过{zh_pct}倍杠杆，爆仓了，教训深刻",
        "杠杆交易风险很大，新手最好别碰",
        "合约爆仓的故事看多了，还是现货踏实",
        "券商把{zh_company}评级上调至买入，目标价{zh_num3}，据财新报道",
        "研报说{zh_company}目标价{zh_num3}，我觉得有点乐观",
        "{zh_company}宣布回购100亿，市场反应不错",
        "机构一致评级还是'买入'，但目标价已经下调了两次",
        "早知道{zh_num3}的时候就卖了{zh_asset}，唉",
        "要是当初在{zh_num2}多买点{zh_asset}就好了",
        "{zh_asset}这个位置还值得拿吗？拿不准",
        "大家会拿着{zh_asset}过财报吗？想听听想法",
        "请问新手应该怎么学习仓位管理？",
        "大家现金一般留几成？好奇问问",
        "教科书上说先留好应急资金再考虑投资，我觉得挺有道理",
        "我自己加密货币只放很小一部分，这是我的风险承受能力",
        "说要'上天'的，现在{zh_asset}跌了{zh_pct}%了",
        "分析得很好，现金流那部分学到了",
        "今天这波反弹太猛了，完全没想到",
        "{zh_company}新品发布会很惊艳，期待后续销量",
        "坚持拿着{zh_asset}熬过了回撤，真不容易",
        "新能源长期看好，但过程肯定很颠簸",
        "微信支付和支付宝的数据比我预期的还大",
        "证监会又查处了一个荐股诈骗团伙 {zh_news_link}",
        "这楼机器人太多了，请直接举报别回复",
        "如果有'经纪人'主动在微信上找你，基本就是骗子",
        "注意：有人冒充{zh_company}客服让大家验证钱包",
        "这个数据我看不太懂，有没有懂行的解释一下？",
        "{zh_company}的负债率有点高，需要留意",
        "个人观点，{zh_asset}短期可能还要震荡",
        "这篇文章的观点我不太认同，逻辑有跳跃",
        "哈哈，又到了每年一度的'满仓过节'讨论时间",
        "微信支付跨境手续费的调整，对{zh_company}影响不小",
        "腾讯说微信月活已经超过13亿，广告业务还有空间",
        "电报的广告收入增长很快，跟TON的关系值得研究",
        "{zh_company}的自由现金流很充裕，分红有保障",
        "阿里巴巴集团的云业务是唯一双位数增长的板块",
        "钱包安全很重要，硬件钱包和离线备份值得花时间",
        "空投热潮过后，大部分代币都归零了",
        "我们公司有个投资兴趣小组，每个月聚一次，主要讨论指数基金",
        "订单没成交应该联系券商，而不是评论区的陌生人",
        "银行APP更新后要求重新验证身份，流程很麻烦但是正规的",
        "今天大盘跌了2%，我一只都没卖，也没买",
        "我这周没有任何操作，看看再说",
        "最近股市波动好大，心态有点崩",
        "{zh_company}的年报我看完了，研发投入占比挺高",
        "利率下调以后，存款搬家的趋势可能会加速",
        "我对{zh_asset}没什么研究，纯粹来学习的",
        "这几天成交量萎缩得厉害，市场很谨慎",
        "有没有大佬讲讲可转债是怎么定价的？",
        "{zh_company}的管理层变动值得关注，新CEO是从外部请来的",
        "我炒股三年，总体是亏的，现在只买指数",
        "今天的非农数据超预期，美元又涨了",
        "这篇文章写的是去年的情况，今年已经变了",
        "朋友推荐我买{zh_asset}，我没听，现在也不后悔",
        "说句实在话，大部分散户跑不赢指数",
        "汽车行业价格战太激烈了，利润都被打没了",
        "我今天又加仓了一点{zh_asset}，长期拿着，不构成建议",
        "刚买了第一手{zh_company}，仓位很小，慢慢来",
        "今天逢低买了点{zh_asset}，不知道对不对，走着看",
        "这个论坛有没有邀请好友的功能？想拉朋友来讨论",
        "证监会查处了一个利用微信群拉高出货的团伙 {zh_news_link}",

    ],
}

# Hand-written lines, each labelled directly: (text, spam, financial_advice, lang).
HANDWRITTEN: list[tuple[str, bool, bool, str]] = [
    ("Free money glitch!!! tap the link in my bio before they patch it", True, False, "en"),
    ("Whoever is reading this, God sent you. Contact Mrs. Williams on WhatsApp for your financial breakthrough", True, False, "en"),
    ("Made 12k this month with this app, not a joke, ask me how", True, False, "en"),
    ("asdkjh qweoiu zxcmnb cheap cheap cheap win win", True, False, "en"),
    ("I work for the platform's security team. Please DM me your login email so I can secure your account.", True, False, "en"),
    ("wallet connect issue? our dev team can help, message @wallet_support_desk", True, False, "en"),
    ("this is the official account of the exchange, follow for giveaways", True, False, "en"),
    ("Congrats, you've been selected! Claim your prize at prize-center.xyz", True, False, "en"),
    ("Join the fastest growing crypto community, we're giving away 1 BTC to new members", True, False, "en"),
    ("Hi admin, I can help grow this site's traffic with SEO, check my profile", True, False, "en"),
    ("感谢大家支持，新人注册送体验金，链接见主页", True, False, "zh"),
    ("恭喜您获得幸运大奖，请点击链接领取", True, False, "zh"),
    ("我是交易所官方人员，你的账户需要重新认证，加我处理", True, False, "zh"),
    ("别在这里聊了，来我的群里聊，群号在主页", True, False, "zh"),
    ("网赚项目，零门槛，日入两百，有兴趣的来", True, False, "zh"),
    ("Sell now. Trust me.", False, True, "en"),
    ("BTC 100k next month. Get in.", False, True, "en"),
    ("If you have cash on the sidelines, put it all in NVDA tomorrow morning.", False, True, "en"),
    ("Short the S&P at open, cover at 4,800. Easy.", False, True, "en"),
    ("Just buy gold. All of it. Now.", False, True, "en"),
    ("ETH long from 3,100, stop 2,950, take profit 3,600", False, True, "en"),
    ("Don't hold cash, it's losing value. Buy TSLA, it's guaranteed to double.", False, True, "en"),
    ("Quit your job and trade options full time, 5% a day is easy", False, True, "en"),
    ("明天开盘冲茅台，别犹豫", False, True, "zh"),
    ("这只票必须拿住，不到50不卖", False, True, "zh"),
    ("全部身家压在比特币上，年底见分晓，听我的", False, True, "zh"),
    ("以太坊3000进，2800止损，3500止盈", False, True, "zh"),
    ("稳赚的机会就这一次，赶紧买黄金", False, True, "zh"),
    ("Pump starts in 10 minutes! Buy $MOONX now, details at t.me/moonxpump", True, True, "en"),
    ("We guarantee 30% monthly returns. Message our advisor on WhatsApp to invest.", True, True, "en"),
    ("今晚八点拉盘，提前买入，进群看信号", True, True, "zh"),
    ("The guaranteed-return crowd is back. If it sounds too good to be true, it is.", False, False, "en"),
    ("Does anyone actually make money with those VIP signal groups? Asking because my cousin wants to join one.", False, False, "en"),
    ("I'm long NVDA personally, but I can see why people think it's overpriced.", False, False, "en"),
    ("My broker's research team says 'buy', but I take that with a grain of salt.", False, False, "en"),
    ("Everyone in my office is talking about buying gold. Feels like a sentiment top.", False, False, "en"),
    ("The article says BTC could hit 100k. I'll believe it when I see it.", False, False, "en"),
    ("What's the difference between a stop-loss and a stop-limit order?", False, False, "en"),
    ("Reminder: this board's moderators never DM first. Anyone who does is a scammer.", False, False, "en"),
    ("The Telegram channel the article mentions has 200k members, which says something about retail mania.", False, False, "en"),
    ("Thanks for the link, the WSJ piece was better than this one.", False, False, "en"),
    ("I bought more this morning, probably a mistake, we'll see.", False, False, "en"),
    ("Lmao 'trust me bro' is not a valuation method", False, False, "en"),
    ("You can disagree with me, but at least read the annual report first.", False, False, "en"),
    ("Great news for Tesla shareholders today!", False, False, "en"),
    ("The post above claiming 'guaranteed 10% a week' is a scam, reported.", False, False, "en"),
    ("There is a link to the SEC filing in the article: sec.gov/Archives/edgar/data/1318605", False, False, "en"),
    ("股市有风险，入市需谨慎。大家理性讨论。", False, False, "zh"),
    ("我是长期持有派，短期涨跌不太关心", False, False, "zh"),
    ("有人在群里喊'满仓干'，结果第二天就跌停了，哈哈", False, False, "zh"),
    ("这波行情看不懂，先观望", False, False, "zh"),
    ("文章里提到的止损策略，新手真的应该学一学风险控制", False, False, "zh"),
    ("请问止损单和限价单有什么区别？", False, False, "zh"),
    ("央行降准了，对股市应该是利好吧？", False, False, "zh"),
    ("谁能推荐几本讲估值的书？", False, False, "zh"),
    ("比特币又创新高了，不过我没有持仓，纯围观", False, False, "zh"),
    ("楼上那个'加微信进群'的是骗子，已举报", False, False, "zh"),
    ("小米汽车交付量超预期，雷军这次真不错", False, False, "zh"),
    ("我朋友加了个'带单群'，亏了十几万，大家千万不要信", False, False, "zh"),
]

# ---- decorations (vary surface form without changing the label) -----------------------------------------

DECOR: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    ("spam", "en"): (["", "", "", "🔥 ", "📢 ", "ATTENTION: ", "Hello friends, ", "Hi all! ", "Dear members, "], ["", "", "", " 🚀🚀🚀", " 💰💰", " Hurry!", " ✅", "!!!", " Don't miss out."]),
    ("advice", "en"): (["", "", "", "Guys, ", "Listen, ", "Honestly, ", "Folks, ", "Real talk: "], ["", "", "", " 🚀", " NFA", " Thank me later.", " LFG", " (not financial advice)", " 📈"]),
    ("both", "en"): (["", "", "🔥 ", "📢 ", "Hey traders, "], ["", "", " 🚀🚀", " 💰", " Hurry!"]),
    ("honest", "en"): (["", "", "", "", "Hmm, ", "Honestly, ", "Good point. ", "Agreed. ", "Interesting. ", "{user} "], ["", "", "", "", " Just my two cents.", " Thoughts?", " 🤔", " lol", " (not financial advice)", " Curious what others think."]),
    ("spam", "zh"): (["", "", "", "🔥", "📢", "各位朋友，", "大家好，"], ["", "", "", "🚀🚀", "💰💰", "！！", "，速来"]),
    ("advice", "zh"): (["", "", "", "兄弟们，", "听我说，", "说真的，"], ["", "", "", "🚀", "！", "，不构成投资建议", "，冲"]),
    ("both", "zh"): (["", "", "🔥", "各位，"], ["", "", "🚀", "！"]),
    ("honest", "zh"): (["", "", "", "", "嗯，", "说实话，", "同意楼上，", "有意思，"], ["", "", "", "", "，个人看法", "，大家怎么看？", "🤔", "，仅供讨论"]),
}

PER_TEMPLATE = {"spam": 7, "advice": 7, "both": 6, "honest": 10}
# Share of spam-positive examples that also get an obfuscated copy.
OBFUSCATE_SHARE = 0.35

# ---- obfuscation (the same tricks the normalizer undoes) -------------------------------------------------

HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445", "y": "\u0443", "i": "\u0456", "s": "\u0455", "k": "\u03ba", "t": "\u03c4", "m": "\u043c"}
KEYWORDS = re.compile(r"telegram|whatsapp|discord|airdrop|wallet|referral|signal|group|claim|bonus|verify|free|dm|code|t\.me|invite|giveaway|contact|admin", re.IGNORECASE)


def _homoglyphs(text: str, rng: random.Random) -> str:
    return "".join(HOMOGLYPHS.get(ch, ch) if ch in HOMOGLYPHS and rng.random() < 0.5 else ch for ch in text)


def _zero_width(text: str, rng: random.Random) -> str:
    return KEYWORDS.sub(lambda m: "\u200b".join(m.group(0)), text)


def _spaced(text: str, rng: random.Random) -> str:
    def space(match: re.Match[str]) -> str:
        word = match.group(0)
        return "t . m e" if word.lower() == "t.me" else " ".join(word)

    return KEYWORDS.sub(space, text)


def _dotted(text: str, rng: random.Random) -> str:
    return KEYWORDS.sub(lambda m: ".".join(m.group(0).replace(".", "")), text)


def _fullwidth(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _defang(text: str, rng: random.Random) -> str:
    text = text.replace("https://", "hxxps://").replace("http://", "hxxp://")
    return re.sub(r"\.(me|xyz|top|app|site|online|club|io|vip|finance|live|biz|shop|gg|ly|com)\b", lambda m: rng.choice(["[.]", "(.)", "{dot}", " . "]) + m.group(1), text)


def _emoji_flood(text: str, rng: random.Random) -> str:
    return rng.choice(["🚀", "💰", "🔥"]) * rng.randint(6, 14) + " " + text + " " + "💎" * rng.randint(5, 10)


def _zh_split(text: str, rng: random.Random) -> str:
    return re.sub(r"微信|进群|加群|空投|私信|客服|带单|邀请码|领取", lambda m: rng.choice([" ", "*", "."]).join(m.group(0)), text)


OBFUSCATORS_EN: list[Callable[[str, random.Random], str]] = [_homoglyphs, _zero_width, _spaced, _dotted, _fullwidth, _defang, _emoji_flood]
OBFUSCATORS_ZH: list[Callable[[str, random.Random], str]] = [_zh_split, _zero_width, _fullwidth, _defang, _emoji_flood]

# ---- generation --------------------------------------------------------------------------------------------

_SLOT_RE = re.compile(r"\{(\w+)\}")


def fill(template: str, rng: random.Random) -> str:
    """Replace each ``{slot}`` with a random value; the same slot name gets the same value within a text."""
    chosen: dict[str, str] = {}

    def pick(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in chosen:
            chosen[name] = rng.choice(SLOTS[name])
        return chosen[name]

    return _SLOT_RE.sub(pick, template)


def labels_for(kind: str) -> tuple[bool, bool]:
    return {"spam": (True, False), "advice": (False, True), "both": (True, True), "honest": (False, False)}[kind]


def stable_split(key: str) -> str:
    bucket = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < TEST_SHARE else "train"


def build(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()

    def add(text: str, spam: bool, advice: bool, lang: str, split: str, template: str) -> None:
        if text in seen:
            return
        seen.add(text)
        rows.append({"text": text, "spam": spam, "financial_advice": advice, "lang": lang, "split": split, "template": template})

    for (kind, lang), templates in TEMPLATES.items():
        order = list(range(len(templates)))
        rng.shuffle(order)
        n_test = max(1, round(len(templates) * TEST_SHARE))
        test_ids = set(order[:n_test])
        spam, advice = labels_for(kind)
        prefixes, suffixes = DECOR[(kind, lang)]
        obfuscators = OBFUSCATORS_EN if lang == "en" else OBFUSCATORS_ZH
        for index, template in enumerate(templates):
            template_id = f"{kind}-{lang}-{index:03d}"
            split = "test" if index in test_ids else "train"
            for _ in range(PER_TEMPLATE[kind]):
                text = fill(rng.choice(prefixes) + template + rng.choice(suffixes), rng)
                add(text, spam, advice, lang, split, template_id)
                if spam and rng.random() < OBFUSCATE_SHARE:
                    add(rng.choice(obfuscators)(text, rng), spam, advice, lang, split, template_id + "-obf")
    for index, (text, spam, advice, lang) in enumerate(HANDWRITTEN):
        add(text, spam, advice, lang, stable_split(text), f"hand-{lang}-{index:03d}")
    return rows


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    rows = build()
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        for key in ("spam", "financial_advice"):
            if row[key]:
                counts[key] = counts.get(key, 0) + 1
        if not row["spam"] and not row["financial_advice"]:
            counts["honest"] = counts.get("honest", 0) + 1
        counts[f"lang_{row['lang']}"] = counts.get(f"lang_{row['lang']}", 0) + 1
        counts[f"split_{row['split']}"] = counts.get(f"split_{row['split']}", 0) + 1
    print(f"wrote {len(rows)} examples to {out}: {json.dumps(counts, sort_keys=True)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
