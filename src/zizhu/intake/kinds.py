"""The kinds of file `zizhu import` takes (spec/formats.md), with their Chinese names, in the
order data flows. Both doors (the command line and the web pages) list them from here."""

from __future__ import annotations

KIND_NAMES: dict[str, str] = {
    "schools": "学校名册",
    "students": "学生名册",
    "jdlk": "建档立卡贫困人口",
    "civil": "民政救助对象",
    "disability": "残疾人",
    "hardship": "家庭经济困难学生认定",
    "loans": "生源地信用助学贷款",
    "returns": "银行回盘",
}
