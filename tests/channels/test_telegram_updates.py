"""Reading Telegram updates: text, captions, the largest photo, documents, button presses."""

from __future__ import annotations

from bot.channels.telegram_updates import read_update
from tests.fakes.telegram import button_update, document_update, photo_update, text_update


def test_text_message_is_read_with_its_chat() -> None:
    message = read_update(text_update(42, "my kettle exploded"))
    assert message is not None
    assert (message.chat_id, message.text, message.files) == ("42", "my kettle exploded", [])


def test_photo_is_its_largest_size_and_the_caption_its_text() -> None:
    message = read_update(photo_update(42, "ORIGINAL", 250_000, caption="the burned rug"))
    assert message is not None and message.text == "the burned rug"
    (photo,) = message.files
    assert photo.file_id == "ORIGINAL" and photo.size == 250_000 and photo.label == "your photo"


def test_photo_without_caption_has_no_text() -> None:
    message = read_update(photo_update(42, "ORIGINAL", 1000))
    assert message is not None and message.text is None and len(message.files) == 1


def test_document_keeps_its_name_and_type() -> None:
    message = read_update(document_update(7, "DOC", "receipt.pdf", "application/pdf", 900))
    assert message is not None
    (document,) = message.files
    assert (document.filename, document.mime_type, document.size) == (
        "receipt.pdf",
        "application/pdf",
        900,
    )
    assert "receipt.pdf" in document.label


def test_button_press_is_its_payload_in_the_question_chat() -> None:
    message = read_update(button_update(99, "/affirm"))
    assert message is not None
    assert (message.chat_id, message.text) == ("99", "/affirm")
    assert message.callback_query_id


def test_start_command_greets() -> None:
    message = read_update(text_update(5, "/start"))
    assert message is not None and message.text == "/greet"


def test_updates_with_nothing_to_answer_are_skipped() -> None:
    sticker = text_update(5, "x")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "S"}
    assert read_update(sticker) is None
    assert read_update({"update_id": 1, "my_chat_member": {}}) is None
