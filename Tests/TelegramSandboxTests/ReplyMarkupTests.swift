import Testing
@testable import TelegramSandbox

@Suite struct ReplyMarkupTests {
    private func error(_ json: String) -> String? {
        do {
            _ = try ReplyMarkup.parse(json)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsCallbackDataOfOneTo64Bytes() throws {
        let data = String(repeating: "ж", count: 32)  // 64 bytes in UTF-8
        let markup = try #require(try ReplyMarkup.parse(
            #"{"inline_keyboard":[[{"text":"A","callback_data":"\#(data)"}],[{"text":"B","url":"https://kaspi.kz"}]]}"#))
        #expect(markup.kind == .inlineKeyboard)
        #expect(markup.callbackData == [data])
    }

    @Test func refusesCallbackDataOver64BytesOrEmpty() {
        let data = String(repeating: "a", count: 65)
        #expect(error(#"{"inline_keyboard":[[{"text":"A","callback_data":"\#(data)"}]]}"#)
            == "Bad Request: BUTTON_DATA_INVALID")
        #expect(error(#"{"inline_keyboard":[[{"text":"A","callback_data":""}]]}"#) == "Bad Request: BUTTON_DATA_INVALID")
    }

    @Test func refusesMalformedInlineKeyboards() {
        #expect(error(#"{"inline_keyboard":[[{"text":"A"}]]}"#)
            == "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
        #expect(error(#"{"inline_keyboard":[{"text":"A","callback_data":"x"}]}"#)
            == "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
        #expect(error("{nope") == "Bad Request: can't parse reply keyboard markup JSON object")
        #expect(error("[1]") == "Bad Request: object expected as reply markup")
        #expect(error(#"{"inline_keyboard":[[{"text":"A","url":"not a url"}]]}"#)
            == "Bad Request: inline keyboard button URL 'not a url' is invalid: Wrong HTTP URL")
    }

    @Test func normalisesReplyKeyboardsAndRemoval() throws {
        let keyboard = try #require(try ReplyMarkup.parse(
            #"{"keyboard":[["Меню"],[{"text":"Поделиться","request_contact":true,"junk":1}]],"resize_keyboard":true,"one_time_keyboard":true}"#))
        #expect(keyboard.kind == .replyKeyboard)
        #expect(keyboard.json == [
            "keyboard": [[["text": "Меню"]], [["text": "Поделиться", "request_contact": true]]],
            "resize_keyboard": true, "one_time_keyboard": true,
        ])
        #expect(try ReplyMarkup.parse(#"{"remove_keyboard":true}"#)?.kind == .removeKeyboard)
        #expect(try ReplyMarkup.parse(#"{"inline_keyboard":[]}"#) == nil)
    }
}
