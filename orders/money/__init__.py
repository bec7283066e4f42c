"""Money: the earnings ledger, payout runs (结算) and payout details, payslips (工资条) and the
mother's money page — every yuan traceable from piece to payslip."""
