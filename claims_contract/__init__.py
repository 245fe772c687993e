"""What the three processes agree on: the Rasa server and its channels (bot/), the action server
(actions/) and the claims backend (backend/).

The backend's ``openapi.yaml`` publishes the contract; ``tests/contract/test_contract.py`` checks it against
this package, and that bot/ and actions/ reach the backend only over HTTP. The package imports
nothing from backend, bot or actions, and only the standard library and
PyJWT (for the signed tokens), which every process's environment has.

- ``claims_contract.claims``: the claim reference, treatments, text limit, the assistant's fact
  slots.
- ``claims_contract.incident_dates``: which incident dates the policy admits, in any time zone.
- ``claims_contract.signing``: the tokens the backend signs and the web chat channel verifies.
"""
