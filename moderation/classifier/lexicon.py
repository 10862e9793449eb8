"""Block C: rule and lexicon features, per language, as a small numeric vector plus readable evidence.

Each feature is a cue a moderator would name: a directive verb ("buy", "买入", "사세요", "mua ngay",
"покупайте"), urgency, a price target, leverage, a signal level, returns per period, a guarantee, an
allocation, pressure ("trust me", "your move"), an off-site channel or its euphemism, a DM offer, a
referral code, phishing and recovery words, a wallet address or phone number; and the honest context that
changes their meaning: a question, a warning, a hedge, a report of one's own past trades, news attribution,
"not financial advice", sarcasm. Obfuscation counts come from the raw text, because normalisation erases
them.

A cue alone decides nothing: the block's linear model learns what each one and each pairing (a directive
addressed to readers, a directive inside a question) is worth, and the stacker weighs the block against
the others. Every cue that fired is also evidence for the moderator (``lex:<feature>(<phrase>)``).

Contract: pure functions of the text; ``lexicon_features(raw, normalized)`` returns ``(vector, evidence)``
with ``len(vector) == len(FEATURE_NAMES)``. Patterns match ``normalize``d text: casefolded, Latin accents
dropped ("chốt lời" is "chot loi", "alın" is "alin"), Cyrillic and CJK kept as written.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter

import numpy as np

from moderation.classifier.rules import mask_quotes

__all__ = ["FEATURE_NAMES", "lexicon_features", "lexicon_matrix"]


def _words(*alternatives: str) -> str:
    """Alternatives that must stand as whole words (Latin, Cyrillic, Devanagari, Arabic scripts)."""
    return r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])"


def _anywhere(*alternatives: str) -> str:
    """Alternatives matched inside running text (Chinese, Japanese, Thai: no spaces between words)."""
    return "(?:" + "|".join(alternatives) + ")"


# fmt: off
_CUES: dict[str, str] = {
    # --- financial advice ---------------------------------------------------------------------------
    "adv_buy": "|".join(
        [
            _words(
                r"buy(?:ing)? (?:now|more|the dip|some|it|this)", r"load(?:ing)? up", r"grab (?:some|it)",
                r"get in(?:to)?", r"ape (?:in|into)", r"accumulate", r"add more", r"scoop(?: up)?",
                r"back up the truck", r"fill (?:your|ur) bags", r"go all in", r"all in", r"buy",
                r"mua(?: ngay| vao| them| gap)?", r"gom(?: hang| coin| ngay)?", r"vao lenh", r"xuc(?: them)?",
                r"tat tay", r"beli(?:lah)?", r"serok", r"borong", r"hajar(?: kanan)?", r"alin", r"alinn?iz",
                r"al(?:in)? ?simdi", r"topla(?:yin)?", r"girin", r"покупа(?:й|ите|ем)", r"бери(?:те)?",
                r"закупа(?:й|йтесь|йся)", r"заход(?:и|ите)", r"докупа(?:й|йте)", r"купи(?:те)?",
                r"купу(?:и|йте|ите)", r"заходьте", r"compr(?:a|en|e|em|ad)", r"entr(?:a|en|em|ez)",
                r"carg(?:a|ad|uen)", r"achet(?:ez|e)", r"foncez", r"chargez", r"kauf(?:en|t)?", r"einsteigen",
                r"nachkaufen", r"zuschlagen", r"comprate", r"caricate", r"entrate",
                r"اشتر[يوا]*", r"ادخل(?:وا)?", r"خرید", r"खरीद(?:ो| लो| लें)", r"ले लो", r"kharid(?: lo|o)",
                r"khareed(?: lo|o)", r"le lo", r"buy karo", r"daal do", r"ghus jao",
            ),
            _anywhere(
                "(?<![净淨])买入", "买进", "抄底", "梭哈", "满仓", "上车", "加仓", "建仓", "赶紧买", "快买", "入场",
                "进场", "(?<![净淨])買入", "買進", "上車", "滿倉", "加倉", "快上", "買え", "買い増し", "買っとけ",
                "仕込め", "今が買い", "買うべき", "買いです", "全力買い", "사세요", "사라", "(?<!순)매수", "줍줍",
                "탑승", "풀매수", "들어가", "몰빵", "담아", "ซื้อ(?!สุทธิ)", "ช้อน", "เก็บของ", "เข้าซื้อ", "ตุน",
            ),
        ]
    ),
    "adv_sell": "|".join(
        [
            _words(
                r"sell(?: now| everything| it all| before)?", r"dump", r"get out",
                r"exit (?:now|before)", r"short(?: it| this)?", r"cash out", r"take (?:your )?profits?",
                r"rotate (?:out|into)", r"ban (?:ngay|het|gap)", r"thoat hang", r"xa hang", r"chot loi",
                r"cat lo", r"jual(?:lah)?", r"buang", r"cut ?loss", r"take ?profit", r"sat(?:in)?(?! al)",
                r"satin", r"cik(?:in)?", r"продава(?:й|ите)", r"слива(?:й|йте)", r"выход(?:и|ите)",
                r"шорт(?:и|ите)", r"фиксиру(?:й|йте)", r"продаваи", r"продаваите", r"продавайте",
                r"виход(?:ь|ьте)", r"злива(?:й|йте)", r"vend(?:e|an|a|am|ez|s|ete|i)", r"sal(?:gan|ga)",
                r"saiam", r"sortez", r"verkauf(?:en|t)", r"aussteigen", r"raus(?: hier)?", r"uscite",
                r"بيع(?:وا)?", r"بع", r"اخرج(?:وا)?", r"बेच(?:ो| दो| दें)", r"निकल (?:जाओ|लो)", r"bech(?: do|o)",
                r"nikal (?:lo|jao)",
            ),
            _anywhere(
                "卖出", "卖掉", "清仓", "割肉", "快跑", "赶紧跑", "出货", "(?<!被)做空", "止盈", "减仓", "賣出",
                "清倉", "快逃", "売れ", "売っとけ", "逃げろ", "利確", "損切り", "空売り", "파세요", "팔아",
                "(?<!순)매도", "손절", "익절", "탈출", "숏", "ขาย(?!สุทธิ)", "ตัดขาดทุน", "ทำกำไร",
            ),
        ]
    ),
    "adv_hold": "|".join(
        [
            _words(
                r"hold(?: on| the line| tight)?", r"hodl", r"don'?t sell", r"diamond hands", r"giu (?:chat|hang)",
                r"gong", r"tahan", r"jangan jual", r"tut(?:un)?", r"satmayin", r"держ(?:и|ите)",
                r"не прода(?:вай|вайте)", r"холд", r"тримай(?:те)?", r"mant(?:en|enha|enga)", r"segur(?:a|em)",
                r"gardez", r"ne vendez pas", r"halten", r"nicht verkaufen", r"tenete", r"لا تبع(?:وا)?",
                r"होल्ड करो", r"hold karo", r"mat becho",
            ),
            _anywhere("拿住", "别卖", "死拿", "格局", "別賣", "握緊", "ガチホ", "売るな", "존버", "버텨", "ถือยาว"),
        ]
    ),
    "adv_urgency": "|".join(
        [
            _words(
                r"now", r"today", r"tonight", r"asap", r"before (?:it|the|friday|monday|earnings|tomorrow)",
                r"last chance", r"don'?t miss", r"hurry", r"while (?:it|you) can", r"ngay", r"nhanh",
                r"keo lo", r"sekarang", r"segera", r"buruan", r"ketinggalan", r"hemen", r"simdi", r"son sans",
                r"kacirma(?:yin)?", r"сейчас", r"срочно", r"последний шанс", r"не упусти(?:те)?", r"зараз",
                r"терміново", r"ahora", r"ultima oportunidad", r"agora", r"ultima chance",
                r"maintenant", r"vite", r"jetzt", r"sofort", r"letzte chance", r"subito", r"adesso",
                r"الآن", r"فورا", r"آخر فرصة", r"अभी", r"जल्दी", r"abhi", r"jaldi", r"mauka",
            ),
            _anywhere(
                "立刻", "马上", "赶紧", "现在", "最后机会", "错过", "馬上", "趕緊", "現在", "錯過", "今すぐ",
                "急げ", "乗り遅れ", "지금", "당장", "마지막", "놓치", "ตอนนี้", "ด่วน", "รีบ",
            ),
        ]
    ),
    "adv_target": "|".join(
        [
            _words(
                r"to \$?0+k?", r"target", r"pt", r"muc tieu", r"hedef", r"цель", r"таргет", r"objetivo",
                r"alvo", r"objectif", r"kursziel", r"obiettivo", r"هدف", r"टारगेट",
            ),
            _anywhere("目标价", "目标", "目標", "看到0", "冲到0", "목표가", "목표", "เป้า"),
        ]
    ),
    "adv_leverage": "|".join(
        [
            r"(?<![\w.])(?:0+x|x0+)(?![\w.])",
            _words(r"leverage", r"don bay", r"kaldirac", r"плеч(?:о|ом)", r"apalancamiento", r"alavancagem",
                   r"levier", r"hebel", r"leva", r"رافعة", r"लीवरेज"),
            _anywhere("杠杆", "倍杠杆", "槓桿", "レバ", "레버리지", "풀레버"),
        ]
    ),
    "adv_signal": "|".join(
        [
            _words(
                r"entry", r"tp ?0?", r"sl", r"stop ?loss", r"take ?profit", r"diem vao", r"giris", r"вход",
                r"стоп", r"тейк", r"entrada", r"entree", r"einstieg", r"ingresso", r"دخول",
                r"وقف الخسارة", r"एंट्री", r"स्टॉप लॉस",
            ),
            _anywhere("止损", "止盈", "进场价", "止損", "損切", "손절가", "익절가", "진입"),
        ]
    ),
    "adv_returns": "|".join(
        [
            r"0+(?:[.,]0+)? ?% ?(?:a|per|/|each|every|mỗi|moi|per hari|sehari|в|al|por|ao|par|pro|a|ogni)? ?"
            r"(?:day|daily|week|weekly|month|monthly|ngay|tuan|thang|hari|minggu|bulan|gun|hafta|ay|день|неделю|"
            r"месяц|dia|semana|mes|mois|jour|semaine|tag|woche|monat|giorno|settimana|mese|year|yearly|annual|nam|yil|"
            r"год|ano|an|jahr|anno|p\.?a)",
            r"0+(?:[.,]0+)? ?% ?(?:годовых|yillik|annuo|annuel|anual|jahrlich|سنويا|सालाना)",
            r"(?:gunluk|haftalik|aylik|yillik|gunde|haftada|ayda) ?%0+",
            r"(?:[$€£₹]|r\$|rs\.? ?|rp ?)0+(?:[.,]0+)?k? ?(?:a|per|each|every|/|por|ao|al|par|pro|в|mot|moi)"
            r" ?(?:day|week|month|dia|semana|mes|giorno|jour|semaine|mois|tag|woche|monat|день|неделю|месяц|ngay)",
            r"0+(?:[.,]0+)?k? ?(?:[$€£₹]|usd|usdt|dollars?|rupees|reais|euros?|dolar|доллар\w*|دولار) ?"
            r"(?:daily|weekly|monthly|a day|per day|a week|a month|por dia|al dia|ao dia|al giorno|par jour|"
            r"pro tag|в день|в месяц|sehari|per hari|moi ngay|gunde|يوميا|रोज़)",
            r"(?:deposit|invest|put in|setor|yatir\w*|вложи\w*|deposita|investe?|investissez|investiere|investi"
            r")\s.{0,30}(?:receive|get back|get|earn|balik|kazan\w*|получи\w*|recibe|receba|recevez|"
            r"erhalte\w*|ricevi)\s.{0,12}0",
            r"जमा कर\S*.{0,40}पा(?:एं|ओ|इए|एँ)",
            r"[$€£₹]0+(?:[.,]0+)?k? (?:daily|weekly|monthly)",
            # "roi" is left out: Vietnamese "rồi" (already) normalises to it.
            _words(r"apy", r"apr", r"passive income", r"double your", r"send 0+(?:[.,]0+)? .{0,20}get",
                   r"receive 0+", r"fixed (?:return|income|profit)", r"daily (?:profit|return|income)",
                   r"(?:receive|get|send(?:ing)? back|we (?:send|return)|return) (?:you )?(?:back )?double",
                   r"double back", r"receba o dobro", r"recibe el doble", r"recevez le double",
                   r"das doppelte zuruck", r"ricevi il doppio", r"в два раза больше", r"вдвое больше",
                   r"у два рази більше", r"iki katini", r"nhan (?:lai )?gap doi", r"dua kali lipat",
                   r"ستحصل على الضعف", r"दोगुना"),
            r"(?:每月|每周|每週|每天|每日|毎日|毎週|毎月|매주|매일|매달|매월|하루)[^0。，,.!?]{0,6}0+(?:\.0+)? ?%",
            _anywhere("每天0", "日赚", "周收益", "月收益", "每日收益", "日息", "月息", "日利", "월 0", "하루 0",
                      "ต่อวัน", "ต่อเดือน", "يوميا", "أسبوعيا", "रोज़ाना", "प्रति दिन", "年化", "每年0", "연 0",
                      "年利", "ต่อปี"),
        ]
    ),
    "adv_guarantee": "|".join(
        [
            _words(
                r"guaranteed?", r"risk[- ]?free", r"no risk", r"can'?t lose", r"zero risk", r"chac chan",
                r"khong rui ro", r"bao lai", r"pasti (?:untung|cuan)", r"dijamin", r"tanpa risiko", r"garanti(?:li)?",
                r"risksiz", r"гарантир\w*", r"без риска", r"без ризику", r"garantizad[oa]", r"sin riesgo",
                r"garantid[oa]", r"sem risco", r"sans risque", r"garantiert", r"ohne risiko", r"garantit[oa]",
                r"senza rischi", r"مضمون", r"بدون مخاطر", r"गारंटी", r"बिना जोखिम", r"pakka",
                r"cam ket (?:loi nhuan|lai|lo)", r"(?:lai|loi nhuan) co dinh", r"sabit getiri", r"fix (?:aata|milta)",
                r"फिक्स", r"фиксированн\w* доход\w*", r"rendimento fixo", r"rendement fixe", r"rentabilidad fija",
                r"rendimento fisso", r"feste rendite",
            ),
            _anywhere("稳赚", "保本", "零风险", "包赚", "稳赚不赔", "穩賺", "零風險", "確実", "絶対儲かる",
                      "확정 수익", "무조건", "원금 보장", "การันตี", "ไม่มีความเสี่ยง",
                      "保证回报", "保證回報", "保证收益", "保證收益", "保本保息", "元本保証", "確定利回り",
                      "원금보장", "고정 수익", "확정 이자"),
        ]
    ),
    "adv_allocation": "|".join(
        [
            r"0+ ?% (?:of )?(?:your |ur )?(?:savings|portfolio|net worth|salary|stack)",
            r"(?<!\d)0+ ?/ ?0+(?: split)?(?= |$)",
            r"(?:at least|хоча б|хотя бы|al menos|pelo menos|au moins|mindestens|almeno|en az|minimal|it nhat|"
            r"no more than|not more than|khong qua|tidak lebih dari|en fazla|не более|не больше|no mas de|"
            r"nao mais (?:que|de)|pas plus de|nicht mehr als|non piu del|أكثر من|至少|不超过|少なくとも|최소) ?0+ ?%",
            _words(r"rebalance", r"ty trong", r"alokasi", r"portfoy", r"портфел\w*", r"cartera",
                   r"carteira", r"portefeuille", r"portfolio", r"محفظة", r"पोर्टफोलियो", r"position size"),
            _anywhere("仓位", "成仓", "半仓", "倉位", "ポートフォリオ", "비중", "분할"),
        ]
    ),
    "adv_pressure": "|".join(
        [
            _words(
                r"trust me", r"you'?ll regret", r"your move", r"act accordingly", r"don'?t be the one",
                r"don'?t get caught", r"thank me later", r"you have been warned", r"ngmi", r"tin (?:toi|minh|em)",
                r"hoi han", r"percaya (?:aku|saya)", r"nyesel", r"guven(?:in)? bana", r"pisman",
                r"поверь(?:те)?", r"пожале(?:ете|ешь)", r"повір(?:те)?", r"confia(?: en mi)?",
                r"te arrepentiras", r"vai se arrepender", r"faites-moi confiance", r"regretter(?:ez)?",
                r"vertrau(?: mir)?", r"bereuen", r"fidati", r"pentirai", r"صدقني", r"ستندم(?:ون)?", r"भरोसा",
                r"पछताओगे", r"pachtaoge", r"bharosa", r"you know what to do", r"know what that means",
                r"smart money", r"those who know", r"don'?t say i didn'?t", r"without a position",
                r"going to be chasing", r"ai hieu thi hieu", r"dung (?:ngoi )?khoc", r"binen biner",
                r"sizin bileceginiz", r"умный пойм[её]т", r"кто не успел", r"jangan bilang ga dikasih tau",
                r"quem sabe,? sabe", r"nao diga que nao avisei", r"feraient bien de", r"wer jetzt nicht",
                r"chi non (?:compra|entra)", r"اللي يفهم يفهم", r"समझदार को इशारा", r"samajhdar ko ishara",
                r"sochte rahiye", r"सोचते रहिए",
                r"what are (?:you|y'?all) (?:all )?waiting for", r"who (?:isn'?t|is not) (?:buying|loading|adding)",
                r"(?:still )?(?:sitting )?on the sidelines", r"dung ngoai", r"ga (?:nambah|beli|ikut)",
                r"rugi (?:banget )?(?:kalo|kalau)", r"no (?:este|esta) comprando", r"que esperas",
                r"o que (?:voce )?(?:esta|estao) (?:a )?esperar?", r"qu'?attendez-vous", r"worauf wartet ihr",
                r"cosa aspettate", r"ne bekliyorsunuz", r"чего (?:вы )?жд[её]те", r"(?:досі|до сих пор) не купи\w*",
                r"kis baat ka intezaar", r"किस बात का इंतज़ार",
            ),
            _anywhere("相信我", "后悔", "別後悔", "别说我没提醒", "信我", "後悔するぞ", "믿어", "후회",
                      "เชื่อผม", "เสียใจ", "懂的都懂", "就对了", "就對了", "不要哭", "别哭", "乗り遅れるな",
                      "경고했다", "울지 마", "还等什么", "還等什麼", "没上车的", "沒上車的", "还没上车",
                      "還沒上車", "还在观望", "還在觀望", "何を待って", "뭘 기다려", "안 담아", "จะรออะไร"),
        ]
    ),
    # A directive dressed as what the writer would do in the reader's place ("if I were you", "I'd trim").
    "adv_in_your_place": "|".join(
        [
            _words(
                r"if i were you", r"in your (?:shoes|place|position)", r"if i had (?:fresh |spare |new )?(?:cash|money)",
                r"i'?d (?:buy|sell|split|put|keep|dump|trim|load|get out|rotate|cut|halve|take profits?|close)",
                r"yo que tu", r"en tu lugar", r"si yo fuera tu", r"no (?:teu|seu) lugar", r"se eu fosse (?:voce|tu)",
                r"a (?:ta|votre) place", r"si j'?etais (?:toi|vous)", r"an (?:deiner|ihrer) stelle",
                r"al tuo posto", r"se fossi in te", r"ben olsam", r"(?:senin )?yerinde olsam",
                r"на (?:твоём|твоем|вашем) месте", r"я бы (?:купил|продал|взял|вышел|сократил|зашёл|зашел|зафиксировал)",
                r"на (?:твоєму|вашому) місці", r"я б (?:купив|продав|вийшов)", r"neu (?:toi )?la (?:ban|em|anh)",
                r"la toi thi", r"kalau (?:aku|saya|gue|gw) jadi (?:kamu|lu|anda|elo)", r"لو كنت مكانك", r"لو مكانك",
                r"agar main (?:tumhari|aapki|tera|teri) jagah", r"main hota toh", r"मैं होता तो", r"आपकी जगह",
            ),
            _anywhere("如果我是你", "换我是你", "我要是你", "換我是你", "要是我的话", "私なら", "俺なら", "僕なら",
                      "自分なら", "나라면", "저라면", "제가 .{0,8}라면", "내가 .{0,12}라면", "ถ้าเป็นผม", "ถ้าเป็นฉัน"),
        ]
    ),
    # A "reminder" that carries a directive or a threat of missing out ("friendly reminder: sell before ...").
    "adv_reminder": "|".join(
        [
            _words(r"friendly reminder", r"reminder", r"just saying", r"loi nhac", r"nhac nho", r"pengingat",
                   r"hatirlatma", r"напоминание", r"нагадування", r"recordatorio", r"lembrete", r"rappel",
                   r"erinnerung", r"promemoria", r"تذكير", r"याद दिला\S*", r"yaad dila\w*"),
            _anywhere("友情提醒", "友情提示", "善意提醒", "リマインド", "忠告", "알려드림", "แจ้งเตือน"),
        ]
    ),
    "adv_you": "|".join(
        [
            _words(
                r"you", r"your", r"y'?all", r"u", r"ur", r"guys", r"everyone", r"cac ban", r"anh em", r"ae",
                r"kalian", r"lu", r"kamu", r"siz", r"sen", r"вы", r"ты", r"ребята", r"ви", r"друзі",
                r"ustedes", r"voces", r"voce", r"vous", r"ihr", r"euch", r"voi", r"انتم", r"آپ",
                r"आप", r"tum", r"bhai",
            ),
            _anywhere("你", "大家", "兄弟们", "兄弟們", "各位", "みんな", "お前ら", "여러분", "형들", "พวกคุณ"),
        ]
    ),
    # --- spam ------------------------------------------------------------------------------------------
    "sp_offsite": "|".join(
        [
            _words(
                r"telegram", r"tg", r"whats ?app", r"wa\.me", r"discord", r"wechat", r"weixin", r"vx",
                r"line ?id", r"kakao", r"zalo", r"signal group", r"vip (?:group|channel|room)", r"blue bird app",
                r"paper plane", r"link in (?:my )?bio", r"check my (?:profile|bio)", r"in my bio", r"телеграм\w*",
                r"тг", r"вотсап", r"viber", r"grup(?:u|a)?", r"группа", r"канал", r"nhom", r"grupo", r"groupe",
                r"gruppe", r"gruppo", r"قناة", r"مجموعة", r"ग्रुप", r"चैनल", r"group join", r"join (?:my|our)",
            ),
            _anywhere("微信", "威信", "薇信", "v信", "加群", "进群", "電報", "电报", "飞机", "纸飞机", "qq群",
                      "公众号", "公眾號", "頻道", "群组", "群組", "主页", "主頁", "ライン", "オープンチャット",
                      "카톡", "오픈채팅", "텔레", "단톡", "กลุ่ม", "ไลน์"),
        ]
    ),
    "sp_dm": "|".join(
        [
            _words(
                r"dm (?:me|us)", r"inbox (?:me|us)", r"message me", r"pm me", r"contact (?:me|us)", r"text me",
                r"comment (?:\"?yes\"?|below)", r"reach out", r"nhan tin", r"ib", r"inbox", r"hubungi",
                r"chat saya", r"yaz(?:in)?", r"dm at", r"пиши(?:те)?", r"в личк\w", r"напиши(?:те)?",
                r"пишіть", r"escribeme", r"manda dm", r"me chama", r"chama no pv", r"ecrivez-moi", r"mp",
                r"schreib mir", r"scrivimi", r"راسلني", r"تواصل", r"मैसेज करो", r"dm karo", r"dm",
            ),
            _anywhere("私信", "私聊", "联系我", "加我", "聯繫我", "私訊", "DMください", "dm 주세요", "쪽지",
                      "연락", "ทักมา", "ทักแชท"),
        ]
    ),
    "sp_referral": "|".join(
        [
            _words(
                r"referr?al", r"ref(?:erral)? (?:code|link)", r"invite code", r"promo code", r"bonus code",
                r"use my (?:link|code)", r"sign up (?:with|using)", r"signup bonus", r"ma gioi thieu",
                r"kode (?:referal|undangan|promo)", r"referans kodu", r"davet kodu", r"реферал\w*",
                r"промокод\w*", r"инвайт", r"codigo(?: de)? (?:referido|convite|indicacao)", r"parrainage",
                r"empfehlungscode", r"codice invito", r"كود", r"रेफरल",
            ),
            _anywhere("邀请码", "推荐码", "注册送", "返佣", "邀請碼", "招待コード", "紹介コード", "추천인",
                      "가입 코드", "โค้ด"),
        ]
    ),
    "sp_phishing": "|".join(
        [
            _words(
                r"airdrop", r"claim", r"verify (?:your )?wallet", r"connect (?:your )?wallet", r"validate",
                r"seed phrase", r"private key", r"mnemonic", r"ket noi vi", r"klaim", r"hubungkan dompet",
                r"cuzdan", r"кошел\w*", r"аирдроп", r"аірдроп", r"reclama", r"billetera",
                r"resgate", r"reclamez", r"wallet verbinden", r"المحفظة", r"एयरड्रॉप",
            ),
            _anywhere("助记词", "私钥", "领取", "空投", "验证钱包", "助記詞", "領取", "エアドロ", "에어드랍",
                      "지갑 연결", "เคลม"),
        ]
    ),
    "sp_recovery": "|".join(
        [
            _words(r"recover(?:y|ed)?", r"got (?:my|all my|it) .{0,20}back", r"hacker", r"forensic\w*",
                   r"lay lai", r"pulihkan", r"kurtarma", r"вернул\w*", r"восстанов\w*", r"recuperar",
                   r"recuperacao", r"recuperer", r"zuruckgeholt", r"recuperare", r"استرداد", r"वापस दिला\w*"),
            _anywhere("找回", "追回", "挽回损失", "取り戻", "복구", "กู้คืน"),
        ]
    ),
    "sp_app": "|".join(
        [
            _words(r"download (?:the|our|this) app", r"apk", r"install (?:the|our) app", r"tai app",
                   r"unduh aplikasi", r"indir", r"скача(?:й|йте)", r"завантаж\w*", r"descarga", r"baixe",
                   r"telechargez", r"herunterladen", r"scarica", r"حمل التطبيق", r"डाउनलोड"),
            _anywhere("下载app", "下载app", "下載", "下载", "アプリをダウンロード", "앱 다운", "ดาวน์โหลด"),
        ]
    ),
    "sp_support": "|".join(
        [
            _words(r"support team", r"customer (?:service|care|support)", r"help ?desk", r"admin",
                   r"official (?:account|team|support)", r"ho tro", r"cs resmi", r"destek", r"поддержк\w*",
                   r"техподдержк\w*", r"soporte", r"suporte", r"kundenservice", r"assistenza", r"الدعم",
                   r"कस्टमर केयर"),
            _anywhere("客服", "官方", "客服人員", "サポート", "고객센터", "แอดมิน"),
        ]
    ),
    "sp_giveaway": "|".join(
        [
            _words(r"giveaway", r"double (?:your|it)", r"send .{0,25} (?:get|receive) .{0,25}back",
                   r"free (?:usdt|btc|eth|money|crypto)", r"gandakan", r"удво\w*", r"duplica\w*",
                   r"dobr(?:a|e) (?:seu|o)", r"doubler", r"verdoppeln", r"raddoppia", r"مضاعفة", r"डबल"),
            _anywhere("翻倍", "返还", "送币", "免费送", "倍返し", "두배", "แจก"),
        ]
    ),
    "sp_money": "|".join(
        [
            _words(r"earn (?:money|daily|\$)", r"make money", r"profit daily", r"work from home",
                   r"kiem tien", r"cuan", r"penghasilan", r"para kazan", r"заработ\w*", r"доход\w*",
                   r"gana dinero", r"ganhe dinheiro", r"gagner de l'?argent", r"geld verdienen", r"guadagna\w*",
                   r"ربح", r"कमाई", r"paise kamao"),
            _anywhere("赚钱", "躺赚", "副业", "日入", "兼职", "稼げる", "副業", "돈 버는", "수익 보장", "รายได้"),
        ]
    ),
    # --- honest context ------------------------------------------------------------------------------
    "cue_question": "|".join(
        [
            r"\?",
            _words(r"should i", r"is it", r"anyone", r"what do you think", r"does anyone", r"co nen",
                   r"khong", r"apakah", r"gimana", r"ли", r"чи", r"sera", r"est-ce", r"soll ich",
                   r"conviene", r"هل", r"क्या", r"kya"),
            _anywhere("吗", "么", "呢", "嗎", "ですか", "かな", "까요", "나요", "ไหม", "มั้ย"),
        ]
    ),
    "cue_warning": "|".join(
        [
            _words(r"scam\w*", r"fraud\w*", r"careful", r"beware", r"don'?t fall", r"warning", r"red flag",
                   r"rug ?pull", r"ponzi", r"lua dao", r"canh giac", r"penipu\w*", r"hati-hati", r"waspada",
                   r"dolandirici\w*", r"dikkat", r"мошен\w*", r"развод\w*", r"осторожн\w*", r"шахра\w*",
                   r"обережн\w*", r"estafa\w*", r"cuidado", r"golpe\w*", r"arnaque\w*", r"escroquerie",
                   r"attention", r"betrug\w*", r"vorsicht", r"truffa\w*", r"attenzione", r"احتيال", r"نصب",
                   r"احذر(?:وا)?", r"धोखा", r"सावधान", r"savdhan", r"dhokha", r"risk\w*",
                   r"don'?t (?:use|take|touch) (?:leverage|margin)", r"never (?:use )?leverage",
                   r"(?:money|what) you can afford to lose", r"dung (?:vay|dung don bay|all in|choi don bay)",
                   r"tien nhan roi", r"jangan (?:pakai|pake) (?:leverage|margin|uang pinjaman|utang)",
                   r"uang dingin", r"kaldirac kullanmayin", r"kaybetmeyi goze", r"не (?:берите|бери|используйте) "
                   r"(?:плечо|плечи|кредит\w*)", r"не беріть (?:плече|кредит\w*)", r"no (?:uses|uséis|useis) apalancamiento",
                   r"nao use alavancagem", r"n'?utilisez pas (?:de )?levier", r"kein(?:en)? hebel",
                   r"non usate (?:la )?leva", r"soch (?:lo|samajh)", r"lena mat", r"loan (?:leke|lekar) mat"),
            _anywhere("别上杠杆", "不要上杠杆", "别开杠杆", "別開槓桿", "悠着点", "量力而行", "闲钱", "閒錢",
                      "别借钱", "不要借钱", "なくなってもいいお金", "無くなってもいいお金", "余剰資金", "빚투",
                      "청산가", "여윳돈", "เงินเย็น", "อย่ากู้", "骗", "诈骗", "小心", "警惕", "割韭菜", "風險", "风险", "詐欺", "気をつけ", "사기", "조심",
                      "หลอกลวง", "ระวัง", "มิจฉาชีพ"),
        ]
    ),
    "cue_hedge": "|".join(
        [
            _words(r"i think", r"maybe", r"might", r"imo", r"imho", r"probably", r"i guess", r"co le",
                   r"toi nghi", r"mungkin", r"menurutku", r"bence", r"belki", r"думаю", r"возможно",
                   r"мне кажется", r"можливо", r"creo", r"quizas", r"acho", r"talvez", r"je pense",
                   r"peut-etre", r"ich denke", r"vielleicht", r"penso", r"forse", r"أعتقد", r"ربما",
                   r"मुझे लगता", r"shayad", r"lagta hai"),
            _anywhere("我觉得", "可能", "也许", "个人觉得", "我覺得", "也許", "と思う", "かも", "것 같", "아마",
                      "อาจจะ", "คิดว่า"),
        ]
    ),
    "cue_past_self": "|".join(
        [
            _words(r"i (?:bought|sold|lost|shorted|got in|got out|held)", r"my (?:position|bags|loss)",
                   r"toi da (?:mua|ban)", r"aku beli", r"saya (?:beli|jual)", r"rugi", r"aldim", r"sattim",
                   r"kaybettim", r"я (?:купил|продал|потерял|купив|продав)", r"compre", r"vendi", r"perdi",
                   r"j'?ai (?:achete|vendu|perdu)", r"ich habe .{0,15}(?:gekauft|verkauft|verloren)",
                   r"ho (?:comprato|venduto|perso)", r"اشتريت", r"خسرت", r"मैंने (?:खरीदा|बेचा)",
                   r"maine (?:kharida|becha)", r"loss ho gaya"),
            _anywhere("我买了", "我卖了", "亏了", "我亏", "我買了", "虧了", "買った", "売った", "損した", "샀",
                      "팔았", "잃었", "ผมซื้อ", "ขาดทุน"),
        ]
    ),
    "cue_nfa": "|".join(
        [
            _words(r"not (?:financial|investment) advice", r"nfa", r"dyor", r"khong phai loi khuyen",
                   r"bukan saran", r"yatirim tavsiyesi degil\w*", r"не (?:является )?(?:инвестиционн\w+ )?"
                   r"(?:рекомендаци\w+|финсовет)", r"no es consejo", r"nao e recomendacao", r"pas un conseil",
                   r"keine anlageberatung", r"non e un consiglio", r"ليست نصيحة", r"निवेश सलाह नहीं"),
            _anywhere("不构成投资建议", "非投资建议", "不構成投資建議", "投資助言ではない", "투자 권유 아님",
                      "ไม่ใช่คำแนะนำ"),
        ]
    ),
    "cue_news": "|".join(
        [
            _words(r"reported", r"according to", r"analysts?", r"announced", r"reuters", r"bloomberg",
                   r"filing", r"theo", r"analis", r"menurut", r"gore", r"acikladi", r"сообщ\w*",
                   r"по данным", r"аналитик\w*", r"segun", r"segundo", r"selon", r"laut", r"secondo",
                   r"وفقا", r"بحسب", r"रिपोर्ट", r"के अनुसार"),
            _anywhere("据", "报道", "分析师", "预计", "報導", "分析師", "によると", "발표", "보도", "รายงาน"),
        ]
    ),
    "cue_flow": "|".join(
        [
            _words(r"net (?:buy|sell|inflow|outflow)\w*", r"(?:in|out)flows?", r"ban rong", r"mua rong",
                   r"net (?:beli|jual)", r"net (?:alim|satis|alis)", r"чист\w+ (?:продаж|покуп|приток|отток)\w*",
                   r"приток\w*", r"отток\w*", r"(?:compras|ventas|vendas) (?:netas|liquidas)",
                   r"(?:entrada|saida)s? liquidas?", r"(?:achats|ventes) nets?", r"(?:zu|ab)fluss\w*",
                   r"(?:af|de)flussi", r"صافي (?:شراء|بيع|مشتريات|مبيعات)", r"नेट (?:खरीद|बिक्री)", r"fii|dii"),
            _anywhere("净流入", "净流出", "净买入", "净卖出", "淨流入", "淨流出", "淨買入", "淨賣出", "北向资金",
                      "北水", "買い越し", "売り越し", "순매수", "순매도", "ซื้อสุทธิ", "ขายสุทธิ", "资金流入",
                      "資金流入"),
        ]
    ),
    "cue_sarcasm": "|".join(
        [
            _words(r"lol", r"lmao", r"/s", r"yeah right", r"sure bro", r"totally", r"copium", r"kkk+",
                   r"wkwk\w*", r"jaja\w*", r"haha\w*", r"mdr", r"хаха\w*", r"ахах\w*"),
            _anywhere("😂", "🤡", "🙄", "笑死", "哈哈", "ㅋㅋ", "草"),
        ]
    ),
}
# fmt: on

_COMPILED: dict[str, re.Pattern[str]] = {name: re.compile(pattern) for name, pattern in _CUES.items()}

_WALLET_RE = re.compile(r"\b(?:0x[0-9a-f]{40}|bc1[a-z0-9]{25,62}|t[1-9a-hj-np-z]{33})\b")
_PHONE_RE = re.compile(r"(?<![\w.])\+?\d[\d \-]{8,}\d(?![\w.])")
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|io|me|gg|xyz|top|vip|app|link|cc)\b"
)
_CASHTAG_RE = re.compile(r"\$[a-z]{2,6}\b")
_ARABIC_MARKS_RE = re.compile("[\u064b-\u0652\u0670]")
_SENTENCE_RE = re.compile(r"[^.!?。！？\n]+")
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff]")
# Full-width letters and the full-width at sign (a disguise); full-width punctuation is how Chinese and
# Japanese are written.
_FULL_WIDTH_RE = re.compile("[\uff20-\uff3a\uff41-\uff5a]")
_FLOOD_RE = re.compile(r"(.)\1{7,}")
_DEFANGED_RE = re.compile(r"hxxp|\[\.\]|\(\.\)|\(dot\)|\[dot\]", re.IGNORECASE)
_SPACED_RE = re.compile(r"(?:\b\w ){2,}\w\b")
_CONSONANT_RUN_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
# Runs along a keyboard row (Latin QWERTY/AZERTY, Russian ЙЦУКЕН, Korean 2-set) typed to fill a comment.
_KEYBOARD_MASH_RE = re.compile(
    r"(?:asdf|sdfg|dfgh|fghj|ghjk|hjkl|qwer|wert|erty|rtyu|tyui|yuio|zxcv|xcvb|cvbn|vbnm|azer|"
    r"йцук|цуке|укен|фыва|ывап|вапр|апро|ячсм|ㅁㄴㅇㄹ|ㅂㅈㄷㄱ|ㅋㅌㅊㅍ)"
)
# Texts shorter than this say nothing through their compressibility.
_COMPRESSION_MIN_CHARS = 40

_PAIRS = (
    ("adv_buy", "adv_you"),
    ("adv_sell", "adv_you"),
    ("adv_buy", "adv_urgency"),
    ("adv_sell", "adv_urgency"),
    ("adv_buy", "cue_question"),
    ("adv_sell", "cue_question"),
    ("adv_buy", "cue_past_self"),
    ("adv_buy", "cue_warning"),
    ("sp_offsite", "sp_dm"),
    ("sp_offsite", "cue_warning"),
    ("sp_phishing", "cue_warning"),
    ("adv_returns", "adv_guarantee"),
    ("adv_buy", "sp_offsite"),
    ("adv_urgency", "sp_offsite"),
    ("adv_returns", "sp_offsite"),
    ("adv_returns", "sp_dm"),
)
_SHAPES = (
    "wallet", "phone", "urls", "cashtags", "emoji", "repeated_sentence", "char_flood", "zero_width",
    "full_width", "defanged", "spaced_letters", "gibberish", "keyboard_mash", "repeated_phrase",
    "compressibility", "length_log",
)  # fmt: skip
# The cues, then those read off the text's structure rather than one pattern.
_CUE_NAMES = (*_CUES, "cue_quoted_advice")
FEATURE_NAMES: tuple[str, ...] = (
    _CUE_NAMES + tuple(f"{a}*{b}" for a, b in _PAIRS) + tuple(f"shape_{name}" for name in _SHAPES)
)
# What the block reads, not only its column names: a changed cue pattern changes the model's recipe.
PATTERN_FINGERPRINT = hashlib.sha256(
    json.dumps([_CUES, _PAIRS, _SHAPES], ensure_ascii=False, sort_keys=True).encode()
).hexdigest()


def _repeated_sentence(normalized: str) -> int:
    """1 when one sentence of at least 12 characters stands three or more times."""
    counts = Counter(part.strip() for part in _SENTENCE_RE.findall(normalized) if len(part.strip()) >= 12)
    return int(any(count >= 3 for count in counts.values()))


def _repeated_phrase(normalized: str) -> int:
    """1 when a run of three words (or, without spaces, of eight characters) stands three or more times."""
    words = normalized.split()
    if len(words) >= 9:
        grams = Counter(zip(words, words[1:], words[2:], strict=False))
    else:
        grams = Counter(normalized[i : i + 8] for i in range(0, max(0, len(normalized) - 7), 4))
    return int(bool(grams) and max(grams.values()) >= 3)


def _compressibility(normalized: str) -> float:
    """1 - compressed/raw size: pasted copies and floods compress far better than prose."""
    if len(normalized) < _COMPRESSION_MIN_CHARS:
        return 0.0
    raw = normalized.encode()
    return round(max(0.0, 1 - len(zlib.compress(raw, 6)) / len(raw)), 3)


def _gibberish(normalized: str) -> float:
    """Share of Latin words that look like keyboard mashing (five consonants in a row, no vowel run)."""
    words = list(re.findall(r"[a-z]{5,}", normalized))
    if not words:
        return 0.0
    return round(sum(1 for word in words if _CONSONANT_RUN_RE.search(word)) / len(words), 3)


def _shapes(raw: str, normalized: str) -> list[float]:
    return [
        # Addresses and numbers from the raw text: normalisation reads "e0f" inside a hex address as leetspeak.
        float(bool(_WALLET_RE.search(raw.lower()))),
        float(bool(_PHONE_RE.search(raw))),
        float(min(len(_URL_RE.findall(normalized)), 3)),
        float(min(len(_CASHTAG_RE.findall(normalized)), 3)),
        float(min(len(_EMOJI_RE.findall(raw)), 10)) / 10,
        float(_repeated_sentence(normalized)),
        float(bool(_FLOOD_RE.search(raw))),
        float(bool(_ZERO_WIDTH_RE.search(raw))),
        float(bool(_FULL_WIDTH_RE.search(raw))),
        float(bool(_DEFANGED_RE.search(raw))),
        float(bool(_SPACED_RE.search(raw))),
        _gibberish(normalized),
        float(bool(_KEYBOARD_MASH_RE.search(normalized))),
        float(_repeated_phrase(normalized)),
        _compressibility(normalized),
        float(np.log1p(len(normalized)) / 7),
    ]


def lexicon_features(raw: str, normalized: str) -> tuple[list[float], list[str]]:
    """The block's feature vector for one text, and the evidence of every cue that fired."""
    text = _ARABIC_MARKS_RE.sub("", re.sub(r"\d", "0", normalized)).replace("٪", "%")
    # A directive or promise inside quotation marks is what the comment quotes (a scam it warns about),
    # not what it says: advice cues read the text with quoted spans masked, and one cue notes the quote.
    unquoted = mask_quotes(text)
    fired: dict[str, str] = {}
    quoted_advice = False
    for name, pattern in _COMPILED.items():
        match = pattern.search(unquoted if name.startswith("adv_") else text)
        if match:
            fired[name] = match.group(0).strip()
        elif name.startswith("adv_") and unquoted != text and pattern.search(text):
            quoted_advice = True
    if quoted_advice:
        fired["cue_quoted_advice"] = ""
    vector = [1.0 if name in fired else 0.0 for name in _CUE_NAMES]
    vector += [1.0 if a in fired and b in fired else 0.0 for a, b in _PAIRS]
    vector += _shapes(raw, normalized)
    evidence = [f"lex:{name}({phrase!r})" for name, phrase in fired.items() if not name.startswith("cue_")]
    evidence += [f"lex:{name}" for name in fired if name.startswith("cue_")]
    shapes = vector[len(_CUE_NAMES) + len(_PAIRS) :]
    evidence += [
        f"lex:shape_{name}"
        for name, value in zip(_SHAPES, shapes, strict=True)
        if value >= 0.5 and name not in ("length_log", "emoji", "compressibility")
    ]
    return vector, evidence


def lexicon_matrix(raw_texts: list[str], normalized_texts: list[str]) -> tuple[np.ndarray, list[list[str]]]:
    """``lexicon_features`` for a batch, as a float32 matrix (rows aligned with the texts)."""
    rows, evidence = [], []
    for raw, normalized in zip(raw_texts, normalized_texts, strict=True):
        vector, fired = lexicon_features(raw, normalized)
        rows.append(vector)
        evidence.append(fired)
    matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(FEATURE_NAMES))
    return matrix, evidence
