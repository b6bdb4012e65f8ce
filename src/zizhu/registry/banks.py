"""The 开户银行 a payee account may be corrected to: the banks that pay students' aid in the
city, by the names the bank files carry. It is data: a bureau whose students bank elsewhere
adds the name here (one line), and the correction form offers it at once.

Rosters keep whatever bank their file named; only a correction made by an officer is held to
this list, so that a typed name ("农行", "农业银行某市分行") never reaches a reissue."""

from __future__ import annotations

BANKS: tuple[str, ...] = (
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "中国邮政储蓄银行",
    "招商银行",
    "中信银行",
    "中国光大银行",
    "华夏银行",
    "中国民生银行",
    "广发银行",
    "平安银行",
    "兴业银行",
    "上海浦东发展银行",
    "广东南粤银行",
    "广东农村信用社",
    "农村商业银行",
)
