"""The marketplace's published claims policy, as pure functions: facts in, decision out.

Nothing here reads the clock, the settings or the database, and nothing here knows HTTP: callers
pass "now" and a ``PolicyParameters`` (built once from settings) in. Read top to bottom:

``parameters``       the numbers: concession limit $1,000, claim cap $1,000,000, filing window
                     90 days, seller response 7 calendar days, reimbursement waiver 7 days,
                     appeal 30 days, desk decision 7 days, insurance threshold $10,000 of
                     sales in a calendar month, proof due 30 days after that month, minimum
                     cover $1,000,000 per occurrence.
``filing``           who may claim what: covered losses (property damage, medical bills, lost
                     earnings; not pain and suffering, punitive or other non-economic damages),
                     what cannot be filed at all (harm before delivery, a future date, nothing
                     or more than the cap claimed), and the filing window.
``decision``         the decision on a screened claim: policy denials (late filing, duplicate,
                     not covered); suspicious claims to the fraud experts; under the concession
                     limit the marketplace pays at once (reimbursement sought only from a seller
                     without qualifying insurance; no order-defect-rate impact); at or over it the
                     claim goes to the seller (and insurer) with a response deadline.
``seller_response``  the seller accepts (pays), forwards to its insurer (the insurer pays) or
                     rejects with a defence (a dispute the marketplace reviews), before the deadline.
``step_in``          seller silent past the deadline, or a rejection of a claim the marketplace
                     holds valid: the marketplace pays and seeks the money back (held while the
                     seller keeps disputing).
``appeal``           a seller may appeal a concession once, within the appeal window; the desk
                     upholds the concession or grants the appeal (reimbursement waived).
``dispute``          the desk decides a seller's rejection within its deadline (default 7 days):
                     the marketplace steps in, or the seller's defence is upheld (denied).
``recovery``         a held recovery is released or collected; an open one marked collected.
``closing``          a claim is over when its money is settled (payouts paid, recoveries
                     collected, waived or released, no appeal waiting), or when denied or
                     withdrawn and the appeal window has passed: then it is closed.
``waiver``           a seller proving qualifying insurance within the waiver window owes no
                     reimbursement of a concession.
``insurance``        qualifying insurance (in force, enough cover, marketplace named as additional
                     insured), and which sellers must hold it: required, compliant, overdue.
``lifecycle``        the statuses a claim can be in and the events recorded along the way,
``transitions``      and the moves between statuses the policy allows: every state change is one.
``ruling``           what a decision records: who pays, reimbursement, order defect rate, reasons.
``messages``         what the customer and the seller read about each decision, by reason code.
"""
