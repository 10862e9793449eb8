"""Pattern rules per label, plus moderator-editable watched words.

Contract: every function here takes text that has already gone through ``normalize.normalize`` (casefolded,
de-obfuscated, full-width punctuation folded to ASCII) and is pure. A rule is a named, compiled regex with a
weight in (0, 1]: the probability-like strength with which one hit alone supports the label. The pipeline
combines weights with the model probability by noisy-OR, so a weight below 0.5 can never flag a comment on
its own and needs the model (or another rule) to agree.

Context damping: policy says quoting a scam to warn others, asking a question and giving a risk warning are
not violations. A hit is therefore damped when the text carries a warning cue ("don't fall for", "scam",
"骗局") or the matched phrase sits inside quotes, or (for advice) inside a question. Rules whose match can
only be the real thing (an actual ``t.me/...`` invite or a concrete referral code) are not dampable, and
recovery-scam and phone-contact rules ignore warning cues (those scams open with "lost money to a scam?")
while still respecting quotes. The pipeline counts damped hits once, by the strongest.

Weights were set by hand, then checked on the training split of ``moderation/corpus`` (see
``training.py``): no rule with weight >= 0.5 fires undamped on any of the 2,066 honest training comments
(honest mentions of scam phrases there carry a warning cue or quotes). Bare words that honest readers also use
("airdrop", "助记词", "10x leverage") get weights <= 0.4 so they only add to other evidence.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ACTION_STRENGTH",
    "DEFAULT_RULES",
    "LABELS",
    "Rule",
    "RuleHit",
    "WatchedHit",
    "WatchedRule",
    "apply_watched",
    "has_hindsight_cue",
    "has_news_cue",
    "has_question",
    "has_self_report",
    "has_warning_cue",
    "mask_quotes",
    "match_rules",
    "strongest_action",
    "validate_pattern",
]

LABELS: tuple[str, str] = ("spam", "financial_advice")
Label = Literal["spam", "financial_advice"]
WatchedAction = Literal["flag", "hold", "remove"]
ACTION_STRENGTH: dict[str, int] = {"flag": 1, "hold": 2, "remove": 3}

# Damping factors: a warned-about or quoted phrase keeps 30% of its weight, a phrase in a question 50%.
# Grouped 4-fold CV on the train split: warning damping 0.2 / 0.3 / 0.5 gave honest-flag rates 1.02% / 1.02% /
# 1.11% and advice F1 0.983 / 0.984 / 0.983; question damping 0.3-0.7 changed nothing measurable (the model's
# question marker does most of that work).
WARNING_DAMPING = 0.3
QUESTION_DAMPING = 0.5


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern that supports one label with a fixed weight."""

    name: str
    label: Label
    pattern: re.Pattern[str]
    weight: float
    dampable: bool = True
    # Recovery scams and "contact our agent on +1..." posts open with "lost money to a scam?", so for them a
    # warning cue elsewhere in the text is no excuse; quoting the phrase still is.
    warning_dampable: bool = True

    @property
    def script(self) -> str:
        """ "zh" for Chinese rules (named ``*.zh_*``), else "en"; lets ``match_rules`` skip whole scripts."""
        return "zh" if ".zh_" in self.name else "en"


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired: the phrase it matched and the weight after context damping."""

    name: str
    label: Label
    weight: float
    phrase: str
    damped: bool = False

    @property
    def evidence(self) -> str:
        suffix = ",damped" if self.damped else ""
        return f"rule:{self.name}({self.phrase!r}{suffix})"


def _rule(
    name: str,
    label: Label,
    pattern: str,
    weight: float,
    *,
    dampable: bool = True,
    warning_dampable: bool = True,
) -> Rule:
    return Rule(
        name=name,
        label=label,
        pattern=re.compile(pattern),
        weight=weight,
        dampable=dampable,
        warning_dampable=warning_dampable,
    )


_MESSENGERS = (
    r"(?:telegram|tele ?gram|tg|whats ?app|wechat|we ?chat|signal|discord|line|kik|skype|viber|snapchat)"
)
_GROUP_WORDS = r"(?:group|channel|chat|community|server|room|club)"
_NOW = (
    r"(?:now|today|tonight|asap|immediately|right away|before (?:it|the|friday|monday|earnings|tomorrow|"
    r"they|next|this)|before \S+ (?:lists|announces|reports|pumps|moons)|while (?:it|you|the|its|still)|"
    r"this week|tomorrow|at open|at the open|on the dip)"
)
_DIRECTIVE_LEAD = (
    r"(?:^[^a-z0-9]*|[.!\n;:,]\s*|\b(?:you should|you must|you need to|you gotta|you have to|everyone should|"
    r"everyone needs to|we all need to|"
    r"y'?all should|time to|now is the time to|now'?s the time to|just|go|guys,?|folks,?|so|and|then|"
    r"better|make sure you|i'?m telling you,?|seriously,?|please|says|said|recommends)\s+)"
)
_BUY_VERBS = (
    r"(?:buy|buy more|sell|short|long|dump|load up(?: on)?|grab|accumulate|ape into|ape in|get in(?:to)?|"
    r"get out(?: of)?|exit|hold|hodl|go all in|all in on|add|pick up|scoop up|back up the truck(?: on)?|"
    r"stack|bid|fill your bags(?: with)?|average down(?: on)?|double down(?: on)?|jump in(?:to)?|"
    r"get some|sell everything|cash out|be long|be short|be in|own|rotate into|start a position in)"
)
# Short words that follow "buy"/"dump" without being an asset ("pump and dump via", "buy the dip").
_FUNCTION_WORDS = (
    r"(?:the|a|an|via|it|its|this|that|and|or|to|of|in|on|for|with|is|was|out|off|up|them|me|you|your|my|our|"
    r"now|here|there|back|more|some|low|high|time)"
)
_NUM = r"\$?\d[\d,]*(?:\.\d+)?k?"

# fmt: off
DEFAULT_RULES: tuple[Rule, ...] = (
    # ---- spam, English -------------------------------------------------------------------------------
    _rule("spam.messenger_link", "spam",
          r"\b(?:t\.me|telegram\.me|telegram\.dog|wa\.me|chat\.whatsapp\.com|discord\.gg|"
          r"discord(?:app)?\.com/invite|signal\.group|line\.me|u\.wechat\.com)/\S+", 0.9, dampable=False),
    _rule("spam.referral_code", "spam",
          r"\b(?:referral|ref|invite|invitation|promo|bonus|signup|sign-up|sign up|coupon)\s*"
          r"(?:code|id)\s*(?:is|:|=|-)?\s*[a-z0-9]*\d[a-z0-9]{2,}\b", 0.9, dampable=False),
    _rule("spam.referral_link", "spam",
          r"\b(?:use|click|through|via|with|register with|sign up with) (?:my|our|this) (?:referral |ref |"
          r"invite |affiliate |invitation )?(?:link|code)\b", 0.75),
    _rule("spam.referral_word", "spam", r"\b(?:referral|affiliate|invite|invitation) (?:link|code)s?\b", 0.4),
    _rule("spam.group_invite", "spam",
          rf"\b(?:join|add|enter|come to|welcome to|invite you to|get into|be part of)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){{0,40}}"
          rf"(?:\b{_MESSENGERS}|\bvip|\bprivate|\bsignals?\b|\bpump)(?:[^.!?\n]|(?<=\d)\.(?=\d)){{0,20}}{_GROUP_WORDS}?", 0.75),
    _rule("spam.vip_group", "spam",
          rf"\b(?:vip|private|premium|exclusive|insider|pump|signals?|trading)\s+{_GROUP_WORDS}s?\b", 0.4),
    _rule("spam.messenger_handle", "spam",
          rf"\b{_MESSENGERS}\s*(?:id|handle|number|no\.?|username|user|contact)?\s*(?:is|:|@|-)\s*(?!https?\b|www\b)"
          rf"@?[a-z0-9_+]{{3,}}|"
          rf"\b(?:add|contact|message|text|find|reach) (?:me|us|him|her|them|(?:@?[a-z0-9_.]+ ){{0,2}}@?[a-z0-9_]{{3,}})"
          rf" on {_MESSENGERS}\b",
          0.75),
    _rule("spam.recovery_scam", "spam",
          r"\b(?:recovery (?:expert|agent|specialist|service|hacker|team)|(?:ethical |certified )?hackers? (?:who|that|to) "
          r"(?:recover|help)|recover(?:ing)? (?:your |my )?(?:lost |stolen )(?:funds|crypto|money|bitcoin)|"
          r"(?:get|got) (?:your|my) (?:lost |stolen )?(?:funds|crypto|money) back)\b", 0.65, warning_dampable=False),
    _rule("spam.dm_me", "spam",
          r"\b(?:dm|pm|inbox|message|msg|text) (?:me|us)\b(?! (?:if you (?:disagree|want to argue)))|"
          r"\bsend (?:me|us) an? (?:dm|pm|message)\b|\bdm (?:for|to get)\b|\bcheck (?:my|our) (?:bio|profile)\b", 0.6),
    _rule("spam.ping_me", "spam", r"\b(?:ping|hit) (?:me|us) up\b|\b(?:ping|hit) (?:me|us)\b", 0.35),
    _rule("spam.contact_admin", "spam",
          r"\b(?:contact|message|reach out to|write to|talk to|chat with|dm)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}\b(?:admin|support|"
          r"agent|account manager|manager|mentor|customer (?:service|care)|help ?desk|coach|professor|"
          r"assistant)\b", 0.6),
    _rule("spam.airdrop", "spam",
          r"\b(?:claim|get|receive|collect|grab|redeem)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,25}\b(?:airdrop|free (?:tokens?|coins?|btc|"
          r"eth|usdt|crypto|bitcoin|nft)|giveaway|rewards? now)\b", 0.75),
    _rule("spam.airdrop_word", "spam", r"\bairdrops?\b|\bgiveaway\b", 0.3),
    _rule("spam.wallet_phish", "spam",
          r"\b(?:verify|connect|sync|validate|link|restore|rectify|unlock|authenticate)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}"
          r"\bwallets?\b|\b(?:enter|send|share|submit|type|import)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}\b(?:seed phrase|"
          r"recovery phrase|private key|mnemonic|12 words)\b", 0.8),
    _rule("spam.account_phish", "spam",
          r"\b(?:account|wallet|funds?|withdrawal)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,30}\b(?:has been |is |was |are )?"
          r"(?:suspended|locked|frozen|restricted|flagged|compromised|on hold|disabled)\b(?:[^\n]){0,60}"
          r"\b(?:restore|verify|unlock|reactivate|confirm|login|log in|click|here|within)\b", 0.6),
    _rule("spam.deposit_double", "spam",
          r"\b(?:send|deposit|transfer)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,40}\b(?:receive|get back|doubled?|x2|2x|x10|10x|returned)\b", 0.7),
    _rule("spam.phone_contact", "spam",
          r"(?:call|text|whatsapp|contact|reach|phone|tel|number|mobile|wa)\b[^\n]{0,25}(?:\+|00)?\d[\d \-]{8,}\d",
          0.7, warning_dampable=False),
    _rule("spam.phone", "spam", r"(?:\+|\b00)\d[\d \-]{8,}\d\b", 0.35),
    _rule("spam.easy_income", "spam",
          r"\b(?:earn|make|making)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,15}\$?\d[\d,]*\s*(?:usd|dollars)?\s*(?:a|per|every|/)\s*"
          r"(?:day|daily|week|hour)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,40}\b(?:from home|online|part[- ]time|phone|no experience|"
          r"side hustle|passive)\b|\bwork from home\b|\bpassive income\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,30}\b(?:dm|join|link|click)\b",
          0.65),
    _rule("spam.click_link", "spam",
          r"\b(?:click|tap|visit|register|sign up|signup)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}\b(?:link|here|bio|profile|my site|"
          r"our site|website|below|now)\b", 0.45),
    _rule("spam.link_in_bio", "spam",
          r"\blinks? (?:is )?in (?:my |our |the )?(?:bio|profile)\b|\bfollow (?:me |us )?for (?:more )?(?:giveaways|"
          r"free (?:calls|signals|tips|crypto)|daily (?:calls|signals|picks))\b", 0.55),
    _rule("spam.scarcity", "spam",
          r"\b(?:limited (?:spots|slots|seats|places)|only \d+ (?:spots|slots|seats|places)|spots? left|"
          r"first \d+ (?:people|members|users)|slots? (?:are )?filling)\b", 0.5),
    _rule("spam.impersonation", "spam",
          r"\b(?:official (?:support|admin|team|moderator|staff|agent)|i am (?:the |an? )?(?:admin|moderator|"
          r"staff|support agent)|(?:from|of) the [a-z]{2,15} (?:support|security) team|site admin here|"
          r"moderator here)\b", 0.6),
    _rule("spam.unrelated_ads", "spam",
          r"\b(?:casino|sports betting|betting tips|viagra|cialis|buy (?:instagram |tiktok )?followers|"
          r"cheap (?:followers|likes|watches|replica)|replica (?:watches|bags)|essay writing|seo services|"
          r"payday loans?|weight loss (?:pills|secret)|escort|hookup|cheap (?:rolex|jerseys))\b", 0.6),
    _rule("spam.free_money", "spam",
          r"\b(?:100% free|no deposit bonus|instant (?:payout|withdrawal)|bonus on (?:your )?first "
          r"deposit|sign[- ]?up bonus)\b", 0.5),
    # ---- spam, Chinese --------------------------------------------------------------------------------
    _rule("spam.zh_group_invite", "spam",
          r"(?:加|进|入|拉你进|拉你入|邀请你进)(?:群|q群|qq群|微信群|电报群|飞机群|tg群|交流群|vip群|内部群|粉丝群|"
          r"会员群|牛股群|股票群|炒股群)|(?:电报|飞机|tg|纸飞机|telegram|whatsapp|discord)(?:群|频道|号)", 0.8),
    _rule("spam.zh_wechat_contact", "spam",
          r"(?:加|\+|添加|联系)\s*(?:我|本人)?\s*(?:微信|v信|vx|wx|威信|薇信|卫星|v|微|扣扣|qq|企鹅)|"
          r"(?:微信|v信|vx|wx|威信|薇信|qq|扣扣)\s*(?:号)?\s*:?\s*[a-z0-9_\-]{5,}", 0.8),
    _rule("spam.zh_dm", "spam", r"私信我|私我|私聊我|私聊|私信(?:领取|获取|了解|咨询|详谈)|滴滴我|戳我|找我领", 0.6),
    _rule("spam.zh_dm_word", "spam", r"私信|联系我", 0.3),
    _rule("spam.zh_referral", "spam", r"推荐码|邀请码|注册码|返佣|邀请链接|推广码|我的链接注册|优惠码", 0.8),
    _rule("spam.zh_signup_bonus", "spam", r"注册(?:即|就)?送|体验金|新人(?:福利|红包)|链接见主页|链接在主页", 0.6),
    _rule("spam.zh_airdrop", "spam",
          r"(?:领取|免费领|免费送|白送|领)\s*(?:空投|代币|币|红包|福利|礼包|奖励)|空投(?:福利|领取|活动)", 0.8),
    _rule("spam.zh_airdrop_word", "spam", r"空投|福利", 0.3),
    _rule("spam.zh_contact_admin", "spam",
          r"联系(?:客服|管理员|导师|助理|老师|助教|经理)|(?:客服|助理|老师)(?:微信|v|电话)|找(?:老师|助理|客服)", 0.6),
    _rule("spam.zh_wallet", "spam",
          r"(?:验证|连接|绑定|同步|激活|授权)\s*(?:你的|您的)?\s*钱包|(?:提供|发送|输入|告诉|发给|填写)\S{0,4}(?:助记词|私钥)",
          0.75),
    _rule("spam.zh_account_phish", "spam",
          r"(?:账户|账号|钱包|资金)\S{0,6}(?:异常|冻结|被锁|受限|风险)\S{0,20}(?:登录|点击|解除|验证|链接|网址)", 0.6),
    _rule("spam.zh_wallet_word", "spam", r"助记词|私钥", 0.3),
    _rule("spam.zh_click", "spam", r"点击(?:链接|下方|主页|这里)|戳链接|复制链接|主页链接|看我主页|访问网址", 0.45),
    _rule("spam.zh_scarcity", "spam", r"名额有限|仅剩\d*个?名额|限时(?:免费|福利|入群)|前\d+名", 0.5),
    _rule("spam.zh_income", "spam", r"兼职|日赚|日入|日结|躺赚|在家赚钱|宝妈|手机赚钱|刷单", 0.6),
    _rule("spam.zh_ads", "spam", r"博彩|彩票计划|代写|代开发票|办证|贷款秒批|网贷|裸聊|棋牌|秒批|秒到账|无视征信|不看征信|黑户可贷", 0.6),
    _rule("spam.zh_impersonation", "spam", r"(?:官方|平台)(?:客服|管理员|工作人员)|我是(?:管理员|版主|客服)", 0.6),
    # ---- financial advice, English --------------------------------------------------------------------
    _rule("advice.directive_now", "financial_advice",
          rf"{_DIRECTIVE_LEAD}{_BUY_VERBS}\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){{0,30}}\b{_NOW}", 0.8),
    _rule("advice.directive", "financial_advice",
          rf"{_DIRECTIVE_LEAD}(?:buy|sell|short|load up on|ape into|get in(?:to)?|back up the truck on|"
          rf"fill your bags with|dump|go all in on|all in on|go long|go short|long|accumulate|scoop up)\s+"
          rf"(?:some |more |all |your |the )?(?!{_FUNCTION_WORDS}\b)(?:\$?[a-z]{{2,5}}\b|bitcoin|ethereum|solana|gold|"
          rf"silver|oil|"
          rf"[a-z]+ (?:stock|shares|calls|puts|coin|token))",
          0.5),
    _rule("advice.generic_buy_now", "financial_advice",
          r"\b(?:buy|sell|get in|load up|short it|dump it|ape in|buy the dip|sell it all|get out)\s+"
          r"(?:now|today|asap|immediately|right now|while you can|before it'?s too late)\b(?!,? pay later)", 0.7),
    _rule("advice.dont_miss", "financial_advice",
          r"\b(?:don'?t|do not|dont) (?:miss|sleep on|wait on|be late to)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,25}\b(?:entry|this (?:entry|"
          r"dip|move|run|one|train|boat|breakout)|the (?:dip|boat|train|move|run|pump|breakout|bottom))\b", 0.7),
    _rule("advice.price_target_push", "financial_advice",
          rf"\b(?:to|hit|hits|reach|reaches|target|headed to|going to)\s*{_NUM}\b[^\n]{{0,40}}\b(?:get in|buy|load|"
          rf"don'?t miss|before|grab|ape|accumulate|fill your bags)", 0.75),
    _rule("advice.guaranteed", "financial_advice",
          r"\b(?:guaranteed|guarantee(?:s|d)? (?:profit|returns?|gains?|income)|risk[- ]free|no risk|zero risk|"
          r"guarantee[sd]?\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}\b(?:profits?|returns?|gains?|income|roi)\b|double your (?:money|"
          r"investment|capital|portfolio|deposit)|turn \$?\d[\d,]*k? into \$?\d[\d,]*k?|"
          r"can'?t lose|cannot lose|can not lose|sure profit|100% safe|fixed (?:daily |weekly |monthly )?"
          r"returns?|sure shot|free money|easy money|safe bet)\b", 0.6),
    _rule("advice.fixed_rate", "financial_advice",
          r"\b\d+(?:\.\d+)?\s*%\s*(?:a|per|every|each|/)\s*(?:day|week|month)\b|\b\d+(?:\.\d+)?\s*%\s*"
          r"(?:daily|weekly|monthly)\b|\b(?:daily|weekly) (?:returns?|profits?|roi) of \d", 0.45),
    _rule("advice.leverage", "financial_advice",
          r"\b\d{1,3}\s*x\s+(?:long|short)\b|\b(?:go|going|be|get|long|short) (?:long |short )?(?:with|at|on|"
          r"using)?\s*\d{1,3}\s*x\b|\b(?:use|open|take|try|run|lever up to|leverage up to) (?:an? )?(?:max |"
          r"\d{1,3}\s*x )?leverage\b|\b(?:use|open|take|go|try) (?:an? )?\d{1,3}\s*x\b|\bmax leverage\b|"
          r"\bleverage up\b", 0.65),
    _rule("advice.leverage_word", "financial_advice", r"\b\d{1,3}\s*x (?:leverage|lev|margin)\b", 0.3),
    _rule("advice.position_size", "financial_advice",
          r"\b(?:put|invest|allocate|throw|move|bet|go|dump|park|sink)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,25}\b\d{1,3}\s*%\s*"
          r"(?:of\s+)?(?:your|ur)\s+(?:savings|portfolio|net worth|money|paycheck|salary|retirement|401k|cash|"
          r"stack|income|emergency fund)|\b(?:put|invest|throw|bet|dump) (?:all|everything|half) "
          r"(?:of )?(?:your|ur) (?:savings|money|portfolio|retirement|401k|paycheck|cash)|\b(?:mortgage|remortgage|"
          r"sell) your (?:house|home|car)\b|\btake (?:out )?a (?:loan|heloc|second mortgage)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,20}"
          r"\b(?:buy|invest|put)", 0.8),
    _rule("advice.all_in", "financial_advice",
          r"\byolo (?:your|ur|it all|everything|the (?:rent|house))\b|"
          r"\b(?:put|throw|dump|move|sink|bet) (?:everything|it all|all (?:of )?(?:it|your money|your cash)|your "
          r"(?:life savings|whole (?:stack|account|portfolio)|entire (?:account|stack|portfolio)))\s+(?:in|into|on)\b",
          0.7),
    _rule("advice.signal_call", "financial_advice",
          rf"\b(?:entry|entries|buy(?: zone| area| in| below| above)?|enter|long|short)\b[^\n]{{0,25}}{_NUM}[^\n]{{0,40}}"
          rf"\b(?:sl|stop[- ]?loss|stops?|tp\d?|take[- ]?profits?|targets?\s*\d?|tgt)\b\s*\S{{0,10}}?{_NUM}", 0.8),
    _rule("advice.signal_entry", "financial_advice",
          rf"\b(?:entry|entries|buy zone|buy area|enter|entry zone|buy in|buy below|buy above|bid)\s*(?:at|@|:|"
          rf"around|near|zone|=|-|between)?\s*{_NUM}", 0.4),
    _rule("advice.signal_stop", "financial_advice",
          rf"\b(?:sl|stop[- ]?loss|stop|stops)\s*(?:at|@|:|=|-|below|under)?\s*{_NUM}", 0.35),
    _rule("advice.signal_target", "financial_advice",
          rf"\b(?:tp\s*\d?|take[- ]?profits?|targets?\s*\d?|tgt\s*\d?)\s*(?:at|@|:|=|-)\s*{_NUM}|"
          rf"\btp\d?\s+{_NUM}", 0.4),
    _rule("advice.last_chance_buy", "financial_advice",
          r"\b(?:last|final) (?:chance|call|opportunity) to (?:buy|get in|load|grab|ape|accumulate|sell|get out)\b",
          0.75),
    _rule("advice.options_call", "financial_advice",
          r"\b(?:calls?|puts?)\b[^\n]{0,25}\b(?:strike|exp(?:iring|iry|iration)?)\b|\b(?:strike|exp(?:iring|iry)?)\b"
          r"[^\n]{0,25}\b(?:calls?|puts?)\b", 0.55),
    _rule("advice.copy_me", "financial_advice",
          r"\byou (?:should|need to|must|gotta) (?:all )?(?:do the same|do what i did|follow my lead|copy (?:me|my "
          r"trades?))\b|\bcopy my trades?\b|\bfollow (?:me|my trades) (?:into|in)\b", 0.65),
    _rule("advice.pressure", "financial_advice",
          r"\b(?:trust me|last chance|you'?ll regret|you will regret|don'?t be left behind|thank me later|"
          r"before it'?s too late|now or never|once in a lifetime|last call|fomo in|get in early|"
          r"not too late to get in|still early|you'?re not too late|generational wealth)\b", 0.45),
    _rule("advice.moon_call", "financial_advice",
          r"\b(?:going to|gonna|will|about to|set to|ready to)\s+(?:moon|explode|10x|100x|1000x|skyrocket|"
          r"fly|rip|send it)\b|\bnext (?:10|100|1000)x\b", 0.35),
    # ---- financial advice, Chinese --------------------------------------------------------------------
    _rule("advice.zh_signal_group", "financial_advice", r"带单|喊单|跟单|领单|带你(?:赚|上车|翻倍|吃肉)|老师带", 0.8),
    _rule("advice.zh_guaranteed", "financial_advice",
          r"稳赚|稳赚不赔|保本|保收益|包赚|零风险|无风险|必涨|稳涨|保证收益|保证盈利|只赚不赔|稳拿|包你赚|躺赢|闭眼买|稳定盈利|稳定收益|"
          r"每天盈利|天天盈利|稳定获利", 0.75),
    _rule("advice.zh_double_sure", "financial_advice",
          r"(?:必|稳|肯定|马上|保证|绝对|轻松)\s*(?:翻倍|十倍|百倍|翻番|翻十倍)|(?:翻倍|十倍|百倍)(?:妥妥|没问题|不是梦)", 0.7),
    _rule("advice.zh_double_word", "financial_advice", r"翻倍|十倍股|百倍币", 0.3),
    _rule("advice.zh_directive", "financial_advice",
          r"(?:直接|赶紧|赶快|快|马上|立刻|必须|给我|果断|大胆|放心|明天|今天|开盘)\s*(?:买入|买|上车|抄底|满仓|梭哈|建仓|加仓|"
          r"清仓|卖出|跑路|抛|做空|做多|all ?in|进场|入场|追|冲)|(?:满仓|梭哈|全仓|重仓)\s*(?:干|买|上|搞|冲|进|它|这只)|"
          r"(?:上车|冲)\s*(?:!|啊|吧|就对了)", 0.75),
    _rule("advice.zh_follow_me", "financial_advice",
          r"跟(?:着)?(?:我|群里|老师|大佬|导师)\S{0,4}?(?:满仓|梭哈|买|上车|操作|抄底|加仓|做多|做空)|跟着买", 0.7),
    _rule("advice.zh_directive_word", "financial_advice", r"满仓|梭哈|全仓|抄底|上车|重仓|加仓", 0.3),
    _rule("advice.zh_should", "financial_advice",
          r"(?:都该|都应该|应该|一定要|必须|建议(?:大家|你)?)\s*(?:配置|买|持有|配|上|卖|清|换成|加|抄)|"
          r"(?:卖掉|卖了|清掉)(?:手里的|你的)?\S{0,8}(?:换成|买|全部换)", 0.55),
    _rule("advice.zh_signal_call", "financial_advice",
          r"(?:止损|止盈|进场|入场|建仓|目标|买点|卖点|补仓|做多|做空)[^。!?\n]{0,12}\d[^。!?\n]{0,30}"
          r"(?:止损|止盈|目标价?|卖点|出场)\s*(?:价|位|点)?\s*(?:[:=]|在|看|设在)?\s*\d", 0.85),
    _rule("advice.zh_levels", "financial_advice",
          r"(?:止损|止盈|进场|入场|建仓|目标价?|点位|买点|卖点|压力位|支撑位|补仓)\s*(?:价|位|点)?\s*(?:[:=]|在|看)?\s*\d", 0.35),
    _rule("advice.zh_leverage", "financial_advice",
          r"(?:开|上|加|用|上到)\s*(?:高|满|\d+\s*倍)?\s*杠杆|(?:杠杆|合约)\s*(?:开|拉)满|"
          r"(?:\d+|[一二三四五六七八九十百]+)\s*倍\s*(?:做多|做空|多单|空单)|配资",
          0.65),
    _rule("advice.zh_leverage_word", "financial_advice", r"(?:\d+|[一二三四五六七八九十百]+)\s*倍\s*(?:杠杆|合约)", 0.3),
    _rule("advice.zh_position_size", "financial_advice",
          r"(?:拿|用|投|放|拿出|投入|押|压)\s*(?:出)?\s*(?:\d+\s*%|\d+\s*成|一半|全部|所有)\s*(?:的)?\s*(?:积蓄|存款|资金|"
          r"仓位|工资|本金|家底|养老钱|房子)|(?:借钱|贷款|抵押房子|卖房|卖掉房子)\S{0,3}(?:买|炒|投|上车|梭哈|all ?in)", 0.8),
    _rule("advice.zh_pressure", "financial_advice",
          r"最后\S{0,3}机会|错过(?:就|再)?(?:没|后悔|等一年)|相信我|听我的|不上车就后悔|再不上车|赶紧上车|机不可失|"
          r"千万别错过|不要错过|别错过|后悔莫及|拍大腿", 0.55),
    _rule("advice.zh_fixed_rate", "financial_advice",
          r"(?:日|每天|每日|周|每周|月|每月)\s*(?:收益|回报|利润|盈利|赚)\s*\d+(?:\.\d+)?\s*%|(?:年化|月化)\s*\d{2,}\s*%", 0.55),
)
# fmt: on

_WARNING_CUES = re.compile(
    r"\b(?:scams?|scammers?|scammy|fraud|fraudulent|phishing|beware|warning|careful|red flags?|"
    r"don'?t fall for|do not fall for|never (?:trust|click|send|share|connect|give)|fake|impersonat\w*|"
    r"report(?:ed)? (?:it|them|this|him)|stay away|ponzi|pyramid|rug ?pull|no such thing as|"
    r"anyone (?:promising|who promises|offering|asking)|if someone|heads up|psa|ignore (?:the|these|any)|"
    r"don'?t (?:click|send|share|connect|trust|believe|dm|join|reply)|do not (?:click|send|share|connect|"
    r"trust|believe|dm|join|reply)|is a lie|too good to be true|got scammed|lost (?:my|their|his|her) |spam|"
    r"spamming|spammers?|(?:are|is a|these|those|spam|the) bots?|bot accounts|not welcome|blocked|liquidated|"
    r"lost everything|never again|lesson learned|"
    r"margin calls?|theft|steal|stolen|impossible|cost (?:me|retail|people))\b|"
    r"骗局|骗子|诈骗|被骗|骗人|小心|警惕|别信|不要相信|谨防|提醒大家|提醒一下|举报|假的|割韭菜|杀猪盘|别上当|不要上当|防骗|套路|"
    r"机器人|别理|拉黑|爆仓|亏光|再也不|教训|风险很大|冒充|钓鱼|所谓|号称|又有人说|有人说|冷静|不受欢迎|管一管|"
    r"双刃剑|别碰|偷|不是客服"
)
_NEWS_CUES = re.compile(
    r"\b(?:upgrade[sd]?|downgrade[sd]?|rating|rated|analysts?|according to|"
    r"per (?:the|a) (?:note|report|filing)|reported|reports|reuters|bloomberg|cnbc|wsj|ft|13f|10-k|10-q|filings?|press release|announced)\b|"
    r"评级|研报|据\S{0,6}报道|券商|公告|宣布|新华社|财新"
)
# A quoted span: opening quote not glued to a word before it, closing quote not glued to a word after it, so
# apostrophes ("don't", "guy's") never open or close one.
_QUOTED_SPAN = re.compile(
    r"(?<![a-z0-9])'[^'\n]{2,80}?'(?![a-z0-9])|\"[^\"\n]{2,80}?\"|\u201c[^\u201d\n]{2,80}?\u201d|"
    r"\u2018[^\u2019\n]{2,80}?\u2019|\u300c[^\u300d\n]{2,80}?\u300d|\u300e[^\u300f\n]{2,80}?\u300f|"
    r"\u00ab[^\u00bb\n]{2,80}?\u00bb|\u201e[^\u201c\u201d\n]{2,80}?[\u201c\u201d]"
)


def has_warning_cue(text: str) -> bool:
    """True if normalized ``text`` warns about scams or risk ("beware", "it's a scam", "骗局")."""
    return bool(_WARNING_CUES.search(text))


def has_news_cue(text: str) -> bool:
    """True if normalized ``text`` reports news or research (analyst ratings, filings, "according to")."""
    return bool(_NEWS_CUES.search(text))


_HINDSIGHT_CUES = re.compile(
    r"\b(?:wish i(?:'d| had)|should have|should've|could have|if only i|in hindsight|hindsight|i regret|"
    r"remember when)\b|要是当初|早知道|当初要是|后悔没|事后诸葛亮"
)


def has_hindsight_cue(text: str) -> bool:
    """True if normalized ``text`` looks back ("wish I had sold", "早知道"): regret is not a directive."""
    return bool(_HINDSIGHT_CUES.search(text))


_SELF_REPORT_CUES = re.compile(
    r"\bi(?:'ve| have|'m| am)? (?:just |finally |also |already )?(?:bought|sold|added|trimmed|picked up|"
    r"holding|hold|own|bought into|sold out|took profits|am long|am short)\b|\bmy (?:position|bag|shares|"
    r"portfolio|stake)\b|我(?:今天|昨天|上周|刚|刚刚|也)?(?:又)?(?:加仓|减仓|买了|卖了|清仓了|没卖|没买|一只|持有|拿着)|"
    r"我(?:自己|个人)"
)


def has_self_report(text: str) -> bool:
    """True if normalized ``text`` reports the writer's own trades ("I bought", "我加仓了"), not a directive."""
    return bool(_SELF_REPORT_CUES.search(text))


def has_question(text: str) -> bool:
    """True if normalized ``text`` asks something ('?' or a Chinese question particle at a sentence end)."""
    return "?" in text or bool(re.search(r"(?:吗|么|呢)\s*(?:[.!\u3002\n]|$)", text))


def mask_quotes(text: str, placeholder: str = " zzquote ") -> str:
    """Replace quoted spans (<= 80 chars) with ``placeholder``: what a comment quotes is not what it says."""
    return _QUOTED_SPAN.sub(placeholder, text)


_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[a-z]{2}")
_QUOTE_PAIRS = (
    ('"', '"'),
    ("'", "'"),
    ("\u201c", "\u201d"),
    ("\u2018", "\u2019"),
    ("\u300c", "\u300d"),
    ("\u300e", "\u300f"),
    ("\u00ab", "\u00bb"),
    ("\u201e", "\u201c"),
)
_SENTENCE_END = re.compile(r"[.!?\n\u3002]")


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """True if text[start:end] lies between a matching pair of quote characters on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[line_start:start], text[end:line_end]
    for open_q, close_q in _QUOTE_PAIRS:
        if open_q == close_q:
            if before.count(open_q) % 2 == 1 and close_q in after:
                return True
        elif before.rfind(open_q) > before.rfind(close_q) and close_q in after:
            return True
    return False


def _in_question(text: str, start: int, end: int) -> bool:
    """True if the sentence holding text[start:end] ends with '?' or is a Chinese question (吗/呢)."""
    stop = _SENTENCE_END.search(text, end)
    if stop is not None and stop.group(0) == "?":
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n\u3002") + 1
    sentence = text[sentence_start : stop.start() if stop else len(text)]
    return bool(
        re.search(r"(?:吗|么|呢|是否|要不要|该不该|能不能)\s*$", sentence)
    ) or sentence.lstrip().startswith(
        ("should i ", "should we ", "is it ", "would you ", "do you ", "is now ", "any ")
    )


def _group_by_script(rules: Sequence[Rule]) -> dict[str, tuple[Rule, ...]]:
    grouped: dict[str, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.script, []).append(rule)
    return {script: tuple(group) for script, group in grouped.items()}


# Grouped once for the default table; hashing 70 dataclasses per call to cache other tables cost 10% of
# classification time, so custom tables are simply grouped on each call.
_DEFAULT_BY_SCRIPT = _group_by_script(DEFAULT_RULES)
# The default rules as the lexicon block's rule columns see them: part of a model's recipe.
RULES_FINGERPRINT = hashlib.sha256(
    "\x00".join(
        f"{r.name}|{r.label}|{r.pattern.pattern}|{r.weight}|{r.dampable}|{r.warning_dampable}"
        for r in DEFAULT_RULES
    ).encode()
).hexdigest()


def match_rules(text: str, rules: Sequence[Rule] = DEFAULT_RULES) -> list[RuleHit]:
    """Return at most one hit per rule, first match wins, weights damped by context.

    ``text`` must be normalized. The result lists English rules' hits, then Chinese ones, each in the order
    of ``rules``.
    """
    hits: list[RuleHit] = []
    warned = bool(_WARNING_CUES.search(text))
    # Chinese rules cannot match text without CJK characters, nor English rules text without Latin letters;
    # skipping them halves the regex work on single-language comments.
    by_script = _DEFAULT_BY_SCRIPT if rules is DEFAULT_RULES else _group_by_script(rules)
    active: list[Rule] = []
    if _LATIN_RE.search(text):
        active += by_script.get("en", ())
    if _CJK_RE.search(text):
        active += by_script.get("zh", ())
    for rule in active:
        found = rule.pattern.search(text)
        if found is None:
            continue
        start, end = found.span()
        phrase = found.group(0).strip(" .,;:!\n")[:60]
        weight = rule.weight
        damped = False
        if rule.dampable and ((warned and rule.warning_dampable) or _inside_quotes(text, start, end)):
            weight *= WARNING_DAMPING
            damped = True
        elif rule.dampable and rule.label == "financial_advice" and _in_question(text, start, end):
            weight *= QUESTION_DAMPING
            damped = True
        hits.append(RuleHit(name=rule.name, label=rule.label, weight=weight, phrase=phrase, damped=damped))
    return hits


# ---- watched words --------------------------------------------------------------------------------------

# A watched regex longer than this is refused: moderators' patterns are short, and length bounds the work.
MAX_PATTERN_LENGTH = 200
# Nested quantifiers such as (a+)+ or (\w*)* backtrack exponentially on near-misses (ReDoS).
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:\?)?\)\s*(?:[+*]|\{\d*,?\d*\})")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


@dataclass(frozen=True, slots=True)
class WatchedRule:
    """A moderator-defined watched word or pattern, passed in as plain data at run time.

    ``kind="word"`` matches the normalized word/phrase on word boundaries (substring for CJK);
    ``kind="regex"`` matches a pattern that passed ``validate_pattern``. ``label`` may be None for a
    label-free watch (e.g. a slur list that should just be held).
    """

    pattern: str
    kind: Literal["word", "regex"] = "word"
    label: Label | None = None
    action: WatchedAction = "flag"
    name: str = ""


@dataclass(frozen=True, slots=True)
class WatchedHit:
    """A watched rule that matched, with the phrase it matched."""

    name: str
    label: Label | None
    action: WatchedAction
    phrase: str

    @property
    def evidence(self) -> str:
        return f"watched:{self.name}({self.phrase!r},{self.action})"


def validate_pattern(pattern: str) -> str | None:
    """Return an error message if ``pattern`` is not acceptable as a watched regex, else None.

    Refuses empty or overlong patterns, patterns that do not compile, backreferences and nested
    quantifiers (the classic catastrophic-backtracking shapes).
    """
    if not pattern or not pattern.strip():
        return "pattern is empty"
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern is longer than {MAX_PATTERN_LENGTH} characters"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"pattern does not compile: {exc}"
    if _NESTED_QUANTIFIER.search(pattern):
        return "pattern has a nested quantifier such as (a+)+, which can hang the matcher"
    if _BACKREFERENCE.search(pattern):
        return "pattern uses a backreference, which is not allowed"
    return None


@functools.lru_cache(maxsize=1024)
def _compile_watched(kind: str, pattern: str) -> re.Pattern[str] | None:
    """Compile a watched rule once; None for an invalid regex (it is skipped, never raised)."""
    if kind == "regex":
        if validate_pattern(pattern) is not None:
            return None
        return re.compile(pattern, re.IGNORECASE)
    # Local import: normalize has no dependency on rules, and this keeps the word form canonical too.
    from moderation.classifier.normalize import normalize

    word = normalize(pattern)
    if not word:
        return None
    escaped = re.escape(word)
    if re.search(r"[a-z0-9]", word[0]) and re.search(r"[a-z0-9]", word[-1]):
        return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    return re.compile(escaped)


def apply_watched(text: str, watched: Iterable[WatchedRule]) -> list[WatchedHit]:
    """Return one hit per watched rule that matches the normalized ``text`` (invalid regexes are skipped)."""
    hits: list[WatchedHit] = []
    for rule in watched:
        compiled = _compile_watched(rule.kind, rule.pattern)
        if compiled is None:
            continue
        found = compiled.search(text)
        if found is not None:
            hits.append(
                WatchedHit(
                    name=rule.name or rule.pattern[:40],
                    label=rule.label,
                    action=rule.action,
                    phrase=found.group(0)[:60],
                )
            )
    return hits


def strongest_action(hits: Iterable[WatchedHit]) -> WatchedAction | None:
    """The strongest action among ``hits`` (remove > hold > flag), or None when there are none."""
    best: WatchedAction | None = None
    for hit in hits:
        if best is None or ACTION_STRENGTH[hit.action] > ACTION_STRENGTH[best]:
            best = hit.action
    return best
