"""Whether a policy on file counts: the marketplace's data counts at once; a seller's own filing
is ``pending`` until an admin has looked at its proof and verified (or rejected) it."""

VERIFIED = "verified"
PENDING = "pending"
REJECTED = "rejected"
