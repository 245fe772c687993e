"""The one place where a domain refusal becomes an HTTP status (``backend.refusals``)."""

from __future__ import annotations

from aiohttp import web

from backend.api.errors import ApiError, Handler
from backend.refusals import (
    AssistantUnreachable,
    CannotStepIn,
    ClaimFinished,
    ClaimNotFound,
    CustomerMismatch,
    EmptyFile,
    HandoffConflict,
    HandoffNotFound,
    IdempotencyConflict,
    InvalidAppeal,
    InvalidBody,
    InvalidClaim,
    InvalidEvidence,
    InvalidInsurance,
    InvalidMarketplaceData,
    InvalidOrderId,
    InvalidResponse,
    MessageNotFound,
    NotAppealable,
    NotAwaitingResponse,
    NotDecidable,
    NotEligibleForQuotes,
    NotUnderReview,
    OrderNotFound,
    OtherConversation,
    PolicyLocked,
    PolicyNotFound,
    PolicyNotPending,
    QuoteNotFound,
    QuoteNotOpen,
    Refusal,
    ResponseDeadlinePassed,
    SellerNotFound,
    StaleState,
    UnsupportedFile,
    UploadLimitReached,
)

STATUS_OF: dict[type[Refusal], int] = {
    InvalidOrderId: 422,
    OrderNotFound: 404,
    CustomerMismatch: 403,
    InvalidClaim: 422,
    IdempotencyConflict: 409,
    ClaimNotFound: 404,
    NotAwaitingResponse: 409,
    ResponseDeadlinePassed: 409,
    InvalidResponse: 422,
    CannotStepIn: 409,
    NotAppealable: 409,
    InvalidAppeal: 422,
    NotUnderReview: 409,
    OtherConversation: 403,
    ClaimFinished: 409,
    InvalidEvidence: 422,
    StaleState: 409,
    NotDecidable: 409,
    MessageNotFound: 404,
    NotEligibleForQuotes: 409,
    QuoteNotFound: 404,
    QuoteNotOpen: 409,
    InvalidBody: 422,
    EmptyFile: 422,
    UnsupportedFile: 415,
    UploadLimitReached: 429,
    SellerNotFound: 404,
    InvalidMarketplaceData: 422,
    InvalidInsurance: 422,
    PolicyLocked: 409,
    PolicyNotFound: 404,
    PolicyNotPending: 409,
    HandoffNotFound: 404,
    HandoffConflict: 409,
    AssistantUnreachable: 502,
}


def status_of(refusal: Refusal) -> int:
    """The HTTP status that answers ``refusal`` (its kind's, or the nearest base kind's)."""
    return next(STATUS_OF[kind] for kind in type(refusal).__mro__ if kind in STATUS_OF)


@web.middleware
async def refusal_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer a refusal raised anywhere below the routes with its status."""
    try:
        return await handler(request)
    except Refusal as refusal:
        raise ApiError(status_of(refusal), refusal.problems) from None
