"""The sponsor's work: orders placed, contracts won by programme enterprises, money paid
to them, and the share of the orders that found an enterprise (demand met)."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from rowad.market.enums import OrderStatus
from rowad.market.models import Contract, SponsorPayment, WorkOrder

from ..indicators import Column, Indicator, Unit, define
from .common import link

ORDER_DIMENSIONS = {
    "programme": "programme",
    "partner": "sponsor",
    "province": "province",
    "specialty": "specialty",
}


def _contract_dimensions(contract: str) -> dict[str, str]:
    prefix = f"{contract}__" if contract else ""
    return {
        "programme": f"{prefix}order__programme",
        "partner": f"{prefix}order__sponsor",
        "province": f"{prefix}order__province",
        "specialty": f"{prefix}order__specialty",
        "campaign": f"{prefix}enterprise__dossier__met_at_stop__campaign",
        "stop": f"{prefix}enterprise__dossier__met_at_stop",
        "phase": f"{prefix}enterprise__dossier__met_at_stop__phase",
    }


ORDER_COLUMNS = (
    Column(_("Reference"), lambda o: o.reference),
    Column(_("Title"), lambda o: o.title),
    Column(_("Province"), lambda o: o.province),
    Column(_("Placed on"), lambda o: o.on),
    Column(_("Status"), lambda o: o.get_status_display()),
)


def _orders(*statuses):
    def records():
        qs = WorkOrder.objects.select_related("province").annotate(on=TruncDate("created_at"))
        return qs.filter(status__in=statuses) if statuses else qs

    return records


def _order(code, label, description, records):
    define(
        Indicator(
            code=code,
            label=label,
            description=description,
            group="market",
            unit=Unit.ORDERS,
            records=records,
            date="on",
            province="province",
            country="province__country",
            dimensions=ORDER_DIMENSIONS,
            order_by=("-created_at", "-pk"),
            link=link("market:order_detail"),
            columns=ORDER_COLUMNS,
        )
    )


_order(
    "orders_placed",
    _("Work orders placed"),
    _("Work orders the sponsors placed (cancelled ones excluded), on the day placed."),
    lambda: _orders()().exclude(status=OrderStatus.CANCELLED),
)
_order(
    "orders_met",
    _("Work orders given to an enterprise"),
    _("Orders placed that became a contract with a programme enterprise (demand met)."),
    lambda: _orders()().filter(Exists(Contract.objects.filter(order=OuterRef("pk")))),
)
_order(
    "orders_unfilled",
    _("Work orders no enterprise took"),
    _("Orders closed without an eligible enterprise accepting them."),
    _orders(OrderStatus.UNFILLED),
)

CONTRACT_COLUMNS = (
    Column(_("Reference"), lambda c: c.reference),
    Column(_("Enterprise"), lambda c: c.enterprise),
    Column(_("Signed on"), lambda c: c.signed_on),
    Column(_("Amount"), lambda c: c.amount),
)

for code, label, description, amount in (
    ("contracts_signed", _("Contracts signed"), _("Contracts signed with programme enterprises."), None),
    (
        "contract_amount",
        _("Amount of the contracts"),
        _("The amounts of the contracts signed with programme enterprises."),
        "amount",
    ),
):
    define(
        Indicator(
            code=code,
            label=label,
            description=description,
            group="market",
            unit=Unit.MONEY if amount else Unit.CONTRACTS,
            records=lambda: Contract.objects.select_related("enterprise", "order__province"),
            date="signed_on",
            province="order__province",
            country="order__province__country",
            dimensions=_contract_dimensions(""),
            amount=amount,
            link=link("market:contract_detail"),
            columns=CONTRACT_COLUMNS,
        )
    )

define(
    Indicator(
        code="paid_to_enterprises",
        label=_("Paid to enterprises"),
        description=_("The sponsors' payments of the enterprises' invoices, on the day paid."),
        group="market",
        unit=Unit.MONEY,
        records=lambda: SponsorPayment.objects.select_related("invoice__milestone__contract__enterprise"),
        date="paid_on",
        province="invoice__milestone__contract__order__province",
        country="invoice__milestone__contract__order__province__country",
        dimensions=_contract_dimensions("invoice__milestone__contract"),
        amount="amount",
        link=link("market:contract_detail", "invoice.milestone.contract_id"),
        columns=(
            Column(_("Contract"), lambda p: p.invoice.milestone.contract.reference),
            Column(_("Invoice"), lambda p: p.invoice.number),
            Column(_("Paid on"), lambda p: p.paid_on),
            Column(_("Amount"), lambda p: p.amount),
        ),
    )
)
