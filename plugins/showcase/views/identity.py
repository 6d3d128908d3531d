"""Who runs the portal, as every page's footer and the About page show it.

The options come from mkdocs.yml (config.IdentityConfig); only what is set is shown, each line
with its Chinese label. The record numbers link to the registries where readers can look them
up, as the rules for sites hosted in mainland China ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from showcase.config import IdentityConfig

ICP_REGISTRY = "https://beian.miit.gov.cn/"
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class IdentityLine:
    label: str  # 主办单位, 联系电话, ICP 备案号…
    text: str
    url: str | None = None  # a link readers can follow (mailto:, tel:, a registry)


@dataclass(frozen=True)
class SiteIdentity:
    organisers: list[IdentityLine]  # 主办单位, then 协办单位
    contact: list[IdentityLine]  # 联系电话, 电子邮箱, 通信地址
    records: list[IdentityLine]  # ICP 备案号, 公安机关备案号
    repository: str | None  # where the case files and the contributor guide live

    @property
    def organiser(self) -> str | None:
        first = self.organisers[0] if self.organisers else None
        return first.text if first is not None and first.label == "主办单位" else None


def _text(value: str | None) -> str | None:
    """A configured value, stripped; None when unset or blank."""
    value = (value or "").strip()
    return value or None


def police_record_url(number: str) -> str:
    """The MPS registry looks a record up by its digits (京公网安备 11010502000000号)."""
    return POLICE_REGISTRY + "".join(re.findall(r"\d", number))


def site_identity(config: IdentityConfig) -> SiteIdentity:
    organisers = []
    if organiser := _text(config.organiser):
        organisers.append(IdentityLine("主办单位", organiser))
    co_organisers = [name for name in map(_text, config.co_organisers) if name]
    if co_organisers:
        organisers.append(IdentityLine("协办单位", "、".join(co_organisers)))
    contact = []
    if phone := _text(config.contact.phone):
        contact.append(IdentityLine("联系电话", phone, "tel:" + re.sub(r"[^\d+]", "", phone)))
    if email := _text(config.contact.email):
        contact.append(IdentityLine("电子邮箱", email, "mailto:" + email))
    if address := _text(config.contact.address):
        contact.append(IdentityLine("通信地址", address))
    records = []
    if icp := _text(config.icp):
        records.append(IdentityLine("ICP 备案号", icp, ICP_REGISTRY))
    if police := _text(config.police_record):
        records.append(IdentityLine("公安机关备案号", police, police_record_url(police)))
    return SiteIdentity(organisers, contact, records, _text(config.repository))
