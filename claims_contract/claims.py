"""A claim as the assistant, the action server and the backend name it."""

from __future__ import annotations

import re

# What the backend hands out as a claim's reference (backend.references), e.g. "CLM-7K3Q9X".
CLAIM_REFERENCE_CODE = "[A-Z0-9]{4,12}"
CLAIM_REFERENCE_PATTERN = rf"^CLM-{CLAIM_REFERENCE_CODE}$"
CLAIM_REFERENCE = re.compile(CLAIM_REFERENCE_PATTERN)

# How an injury was treated, least to most serious (the policy weighs "hospitalized" most).
TREATMENTS = ("none", "first_aid", "doctor", "emergency_room", "hospitalized")

# The longest description or statement the backend stores.
MAX_TEXT_CHARS = 5000

# What the customer told the assistant about the claim: the assistant's slots, which agents see
# in the handoff queue (the action server sends them, the backend reads them from Rasa).
FACT_SLOTS = (
    "order_id",
    "customer_email",
    "claim_sku",
    "incident_date",
    "defect_description",
    "harm_kind",
    "property_damage_description",
    "property_damage_amount",
    "injury_description",
    "injury_treatment",
    "medical_costs",
    "lost_earnings",
    "evidence_ids",
)
