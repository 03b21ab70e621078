"""Defendant paragraphs: identity, the measures of this case, custody (REFERENCE 4.2 variants)."""

import pytest

from jiancha.documents.extraction.custody import custody_status
from jiancha.documents.extraction.measures import find_measures
from jiancha.documents.extraction.persons import find_persons


def _read(paragraph: str) -> tuple[list[tuple[str, str | None]], bool | None]:
    measures = find_measures(paragraph, 0, len(paragraph))
    pairs = [(m.type, m.date.isoformat() if m.date else None) for m in measures]
    return pairs, custody_status(paragraph, 0, len(paragraph), measures)


@pytest.mark.parametrize(
    ("paragraph", "measures", "held"),
    [
        (
            "曾因犯盗窃罪于2015年3月31日被某法院判处有期徒刑八个月，2015年5月1日刑满释放。"
            "因涉嫌犯盗窃罪于2017年7月24日被刑事拘留，同年8月5日被逮捕。现羁押于某看守所。",
            [("刑事拘留", "2017-07-24"), ("逮捕", "2017-08-05")],
            True,
        ),
        (
            "2014年1月9日因盗窃被行政拘留十日。现因涉嫌犯诈骗罪于2018年10月26日被传唤到案，"
            "次日被刑事拘留，同年11月23日被逮捕。",
            [("刑事拘留", "2018-10-27"), ("逮捕", "2018-11-23")],
            True,
        ),
        (
            "2018年11月10日因涉嫌犯盗窃罪被玉环市公安局刑事拘留，同年12月10日转取保候审。现在家。",
            [("刑事拘留", "2018-11-10"), ("取保候审", "2018-12-10")],
            False,
        ),
        (
            "因本案于2016年6月13日被羁押，次日被刑事拘留，同月14日，检察院不批准逮捕，同日被取保候审。",
            [("刑事拘留", "2016-06-14"), ("取保候审", "2016-06-14")],
            False,
        ),
        (
            "因涉嫌犯盗窃罪于2017年7月1日被刑事拘留，2017年7月10日被本院决定逮捕，次日执行逮捕。",
            [("刑事拘留", "2017-07-01"), ("逮捕", "2017-07-11")],
            True,
        ),
        (
            "经某人民检察院决定，2019年6月25日被某公安局执行取保候审。"
            "经本院决定，2019年6月29日被某公安局执行取保候审。",
            [("取保候审", "2019-06-25"), ("取保候审", "2019-06-29")],
            False,
        ),
        (
            "于2014年11月21日被检察院取报候审，现取保候审于居住地。",
            [("取保候审", "2014-11-21")],
            False,
        ),
        ("2013年9月28日被指定居所监视居住。", [("监视居住", "2013-09-28")], False),
        ("汉族，初中文化，无业。", [], None),
    ],
)
def test_measures_and_custody(
    paragraph: str, measures: list[tuple[str, str | None]], held: bool | None
) -> None:
    assert _read(paragraph) == (measures, held)


def test_persons_identity_and_boundaries() -> None:
    text = (
        "公诉机关某人民检察院。 被告人于涛，男，1981年12月1日出生于天津市，公民身份号码"
        "120106198112010011，汉族。2018年9月18日因涉嫌犯盗窃罪被刑事拘留。 "
        "辩护人王一，律师。 "
        "上诉人（原审被告人）李某（曾用名李二），女，1990年出生。"
        "被告人李某的父亲李三。 某人民检察院以"
    )
    persons = find_persons(text, 0, text.index("某人民检察院以"))
    assert [p.name for p in persons] == ["于涛", "李某"]
    first, second = persons
    assert (first.sex, first.birth_date, first.id_number) == (
        "男",
        "1981-12-01",
        "120106198112010011",
    )
    assert "辩护人" not in text[first.span[0] : first.span[1]]
    assert (second.sex, second.birth_date) == ("女", None)


@pytest.mark.parametrize(
    ("paragraph", "measures", "held"),
    [
        # a second, undated mention of the same measure is the same measure
        (
            "因涉嫌危险驾驶犯罪2015年10月28日被某分局取保候审（取保候审期间脱管），2019年5月24日"
            "被某分局刑事拘留。2019年5月30日经本院决定，同日被某分局逮捕。",
            [("取保候审", "2015-10-28"), ("刑事拘留", "2019-05-24"), ("逮捕", "2019-05-30")],
            True,
        ),
        (
            "2017年3月1日因涉嫌犯盗窃罪被取保候审，后继续取保候审，在取保候审期间又犯新罪，"
            "于2017年6月2日被刑事拘留。",
            [("取保候审", "2017-03-01"), ("刑事拘留", "2017-06-02")],
            True,
        ),
        # 分别于: one entry per date (bail renewed by the procuratorate and the court)
        (
            "因涉嫌犯危险驾驶罪于2019年9月5日被刑事拘留，同月12日变更为取保候审；某县人民检察院和"
            "本院分别于2019年9月30日和2019年10月29日继续予以取保候审。",
            [
                ("刑事拘留", "2019-09-05"),
                ("取保候审", "2019-09-12"),
                ("取保候审", "2019-09-30"),
                ("取保候审", "2019-10-29"),
            ],
            False,
        ),
        (
            "因涉嫌犯盗窃罪分别于2019年1月1日、1月10日被刑事拘留、逮捕。",
            [("刑事拘留", "2019-01-01"), ("逮捕", "2019-01-10")],
            True,
        ),
        # a clause opened by 因本案 before a later 行政拘留 is still this case
        (
            "因本案于2016年4月8日被抓获，同日被刑事拘留，同月14日被监视居住；又因本案于2016年6月25日"
            "被抓获，次日被处行政拘留十五日，同年7月11日被刑事拘留，同月18日被监视居住。",
            [
                ("刑事拘留", "2016-04-08"),
                ("监视居住", "2016-04-14"),
                ("刑事拘留", "2016-07-11"),
                ("监视居住", "2016-07-18"),
            ],
            False,
        ),
        # taken to prison for an earlier sentence before this judgment: in custody
        (
            "2016年7月1日被本院判处有期徒刑一年五个月。后又因涉嫌犯容留他人吸毒罪于2016年8月24日被"
            "公安机关取保候审。2016年10月29日被收监执行。",
            [("取保候审", "2016-08-24")],
            True,
        ),
        (
            "因涉嫌犯盗窃罪于2018年3月2日被取保候审。因前罪缓刑被撤销，于2018年5月6日被送监执行。",
            [("取保候审", "2018-03-02")],
            True,
        ),
        # a past status (在逃, 羁押于) followed by a later measure: the measure decides
        (
            "2013年5月2日经某公安局决定刑事拘留（在逃）；2015年7月8日被抓获，同日被刑事拘留；"
            "同年8月7日经某人民检察院批准，同日由某公安局执行逮捕。",
            [("刑事拘留", "2013-05-02"), ("刑事拘留", "2015-07-08"), ("逮捕", "2015-08-07")],
            True,
        ),
        (
            "2017年7月1日被刑事拘留，羁押于某看守所，同年7月10日被取保候审。",
            [("刑事拘留", "2017-07-01"), ("取保候审", "2017-07-10")],
            False,
        ),
    ],
)
def test_measures_second_pass(
    paragraph: str, measures: list[tuple[str, str | None]], held: bool | None
) -> None:
    assert _read(paragraph) == (measures, held)


@pytest.mark.parametrize(
    ("paragraph", "birth"),
    [
        (
            "被告人韩某，男，1990年10月9日（户籍登记为1989年11月29日）出生于安徽省阜南县，汉族。",
            "1990-10-09",
        ),
        ("被告人韩某，男，1992年6月10日(自报)出生，汉族。", "1992-06-10"),
        ("被告人韩某，男，出生日期：1985年3月2日，汉族。", "1985-03-02"),
        ("被告人韩某，男，生于1979年12月1日，汉族。", "1979-12-01"),
        ("被告人韩某，男，出生于1979年12月1日，汉族。", "1979-12-01"),
        ("被告人韩某，男，1979年出生，汉族。2018年3月1日被刑事拘留。", None),
    ],
)
def test_birth_date_variants(paragraph: str, birth: str | None) -> None:
    (person,) = find_persons(paragraph, 0, len(paragraph))
    assert person.birth_date == birth


def test_passage_shared_by_several_defendants() -> None:
    text = (
        "被告人林某，女，1971年9月17日出生，汉族。 被告人徐某，男，1970年4月14日出生，汉族。 "
        "上列二被告人因涉嫌持有、使用假币于2015年7月3日被某分局羁押，次日被刑事拘留，"
        "2015年8月11日被执行逮捕。现均押于某看守所。 某区人民检察院以"
    )
    persons = find_persons(text, 0, text.index("某区人民检察院以"))
    assert [p.name for p in persons] == ["林某", "徐某"]
    for person in persons:
        assert "上列" not in text[person.span[0] : person.span[1]]
        assert person.shared is not None
        measures = find_measures(text, *person.shared)
        assert [(m.type, str(m.date)) for m in measures] == [
            ("刑事拘留", "2015-07-04"),
            ("逮捕", "2015-08-11"),
        ]
        assert custody_status(text, *person.shared, measures) is True
