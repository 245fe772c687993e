"""Looking a seller up by the id a caller names."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.models import Seller
from backend.refusals import SellerNotFound


def known_seller(session: Session, seller_id: str) -> Seller:
    """The seller, or 404 ``seller_not_found`` (also for ids no seller could have)."""
    seller = None if "\x00" in seller_id else session.get(Seller, seller_id)
    if seller is None:
        raise SellerNotFound.single(
            "seller_not_found", f"There is no seller {seller_id!r}.", field="seller_id"
        )
    return seller
