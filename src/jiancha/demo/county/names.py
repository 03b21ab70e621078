"""Names of the demo county's people and companies, and the typos clerks make in them.

Owns: surname and given-name characters (all encodable in GBK), the homophone substitutions used
as name typos, and the parts of company names (字号, 行业, 组织形式). Pure data and small helpers
that draw from a caller's ``random.Random``.
"""

from __future__ import annotations

import math
import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹"
)
"""The most common Chinese surnames, most frequent first (the first draws dominate)."""

MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊峰建国志文博兵锋海波成亮龙东晨阳"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲婷雪慧红梅琳颖倩洁琴云莉萍蓉丹英兰秀佳悦欣怡雯"

HOMOPHONES = {
    "伟": "玮", "明": "铭", "华": "桦", "丽": "莉", "军": "君", "杰": "洁", "刚": "钢",
    "静": "靖", "磊": "垒", "芳": "方", "娟": "鹃", "红": "宏", "平": "萍", "建": "剑",
    "英": "瑛", "涛": "韬", "勇": "永", "霞": "侠", "燕": "艳", "兰": "岚", "梅": "玫",
    "婷": "亭", "超": "潮", "斌": "彬", "鹏": "朋", "辉": "晖", "峰": "锋", "琳": "林",
    "颖": "莹", "俊": "骏", "波": "博", "晨": "辰", "飞": "菲", "文": "雯", "敏": "闽",
}  # fmt: skip
"""Given-name characters and a homophone a clerk may type instead (王伟 → 王玮)."""

TRADE_NAMES = "宏达鑫源永盛华通恒丰瑞祥金誉锦程顺发兴隆正泰天成嘉禾博远汇通广联信诚中亿安邦新越"
INDUSTRIES = (
    "建材", "建筑工程", "科技", "贸易", "商贸", "纺织", "印染", "服饰", "机械", "电子",
    "餐饮管理", "物业管理", "房地产开发", "医药", "食品", "家居", "化工", "包装", "环保科技",
    "信息技术", "酒店管理", "装饰工程", "汽车销售", "农业开发",
)  # fmt: skip
TRANSPORT_INDUSTRIES = ("运输", "物流", "渣土运输", "货运", "客运", "危险品运输")
FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")


def person_name(rng: random.Random, male: bool) -> str:
    """A plausible name: a common surname and one or two given-name characters."""
    rnd = rng.random
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    size = len(pool)
    surname = SURNAMES[min(int(-14 * math.log(1.0 - rnd())), len(SURNAMES) - 1)]
    if rnd() < 0.3:
        return surname + pool[int(rnd() * size)]
    return surname + pool[int(rnd() * size)] + pool[int(rnd() * size)]


def typo(name: str) -> str | None:
    """``name`` with one given-name character replaced by a homophone, if any has one."""
    for i in range(len(name) - 1, 0, -1):
        other = HOMOPHONES.get(name[i])
        if other is not None:
            return name[:i] + other + name[i + 1 :]
    return None


def trade_name(rng: random.Random) -> str:
    """A two-character 字号 such as 宏达 or 鑫源."""
    return rng.choice(TRADE_NAMES) + rng.choice(TRADE_NAMES)
