"""Every write of the financing app, one module per concept (plans: formulas, plans and
funder decisions; disbursements; schedules and payments). Import from the module that
holds it."""
