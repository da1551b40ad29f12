import Foundation

/// Telegram's `parse_mode=HTML`, following TDLib's `parse_html` byte for byte so that errors carry Telegram's
/// own wording and byte offsets ("Unsupported start tag \"p\" at byte offset 0",
/// "Can't find end tag corresponding to start tag \"b\"", …).
///
/// Supported tags: b, strong, i, em, u, ins, s, strike, del, a href, code (class="language-…"), pre,
/// tg-spoiler, span class="tg-spoiler", tg-emoji emoji-id, blockquote (expandable). Entities: `&lt;`, `&gt;`,
/// `&amp;`, `&quot;` and numeric ones; any other `&` stays a literal character, as in Telegram.
public enum HTMLEntityParser {
    /// A parse failure; `message` is TDLib's text, which the Bot API prefixes with "can't parse entities: ".
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static let supportedTags: Set<String> = [
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre",
        "code", "blockquote",
    ]

    private struct OpenTag {
        let name: String
        let argument: String
        let utf16Offset: Int
        let resultByteOffset: Int
    }

    /// Parses `html` into plain text and entities (offsets in UTF-16 code units), before trimming.
    public static func parse(_ html: String) throws(ParseError) -> FormattedText {
        let text = Array(html.utf8)
        func at(_ index: Int) -> UInt8 { index < text.count ? text[index] : 0 }
        func fail(_ message: String) -> ParseError { ParseError(message: message) }

        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var entities: [BotAPI.MessageEntity] = []
        // The language of each `code` entity in `entities` (TDLib keeps it in the entity's argument).
        var codeLanguages: [Int: String] = [:]
        var utf16Offset = 0
        var nested: [OpenTag] = []

        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "&") {
                if let (character, next) = decodeCharacterReference(text, at: i) {
                    if (0xD800...0xDFFF).contains(character) {
                        throw fail("Text contains invalid Unicode characters after decoding HTML entities, check "
                            + "for unmatched surrogate code units")
                    }
                    utf16Offset += character > 0xFFFF ? 2 : 1
                    appendUTF8(character, to: &result)
                    i = next
                    continue
                }
            }
            if c != UInt8(ascii: "<") {
                if isFirstCodeUnit(c) { utf16Offset += c >= 0xF0 ? 2 : 1 }
                result.append(c)
                i += 1
                continue
            }

            let beginPos = i
            i += 1
            if at(i) != UInt8(ascii: "/") {
                // A start tag.
                while !isSpace(at(i)) && at(i) != UInt8(ascii: ">") { i += 1 }
                if at(i) == 0 { throw fail("Unclosed start tag at byte offset \(beginPos)") }
                let tagName = lowercasedText(text[(beginPos + 1)..<i])
                guard supportedTags.contains(tagName) else {
                    throw fail("Unsupported start tag \"\(tagName)\" at byte offset \(beginPos)")
                }

                var argument = ""
                while at(i) != UInt8(ascii: ">") {
                    while at(i) != 0 && isSpace(at(i)) { i += 1 }
                    if at(i) == UInt8(ascii: ">") { break }
                    let attributeBegin = i
                    while !isSpace(at(i)) && at(i) != UInt8(ascii: "=") && at(i) != UInt8(ascii: ">") { i += 1 }
                    let attributeName = lowercasedText(text[attributeBegin..<min(i, text.count)])
                    if attributeName.isEmpty {
                        throw fail("Empty attribute name in the tag \"\(tagName)\" at byte offset \(beginPos)")
                    }
                    while at(i) != 0 && isSpace(at(i)) { i += 1 }
                    if at(i) != UInt8(ascii: "=") {
                        if tagName == "blockquote" && attributeName == "expandable" {
                            argument = "1"
                            if at(i) == 0 { throw fail("Unclosed start tag at byte offset \(beginPos)") }
                            continue
                        }
                        throw fail("Expected equal sign in declaration of an attribute of the tag \"\(tagName)\" "
                            + "at byte offset \(beginPos)")
                    }
                    i += 1
                    while at(i) != 0 && isSpace(at(i)) { i += 1 }
                    if at(i) == 0 {
                        throw fail("Unclosed start tag \"\(tagName)\" at byte offset \(beginPos)")
                    }

                    var attributeValue: String
                    if at(i) != UInt8(ascii: "'") && at(i) != UInt8(ascii: "\"") {
                        // A name token: letters, digits, periods and hyphens; not case sensitive.
                        let tokenBegin = i
                        while isAlphanumeric(at(i)) || at(i) == UInt8(ascii: ".") || at(i) == UInt8(ascii: "-") {
                            i += 1
                        }
                        attributeValue = lowercasedText(text[tokenBegin..<min(i, text.count)])
                        if !isSpace(at(i)) && at(i) != UInt8(ascii: ">") {
                            throw fail("Unexpected end of name token at byte offset \(tokenBegin)")
                        }
                    } else {
                        // A string literal in single or double quotes.
                        let endCharacter = at(i)
                        i += 1
                        var valueBytes: [UInt8] = []
                        while at(i) != endCharacter && at(i) != 0 {
                            if at(i) == UInt8(ascii: "&"), let (character, next) = decodeCharacterReference(text, at: i) {
                                appendUTF8(character, to: &valueBytes)
                                i = next
                                continue
                            }
                            valueBytes.append(at(i))
                            i += 1
                        }
                        if at(i) == endCharacter { i += 1 }
                        attributeValue = String(decoding: valueBytes, as: UTF8.self)
                    }
                    if at(i) == 0 { throw fail("Unclosed start tag at byte offset \(beginPos)") }

                    if tagName == "a" && attributeName == "href" {
                        argument = attributeValue
                    } else if tagName == "code" && attributeName == "class" && attributeValue.hasPrefix("language-") {
                        argument = String(attributeValue.dropFirst(9))
                    } else if tagName == "span" && attributeName == "class" && attributeValue.hasPrefix("tg-") {
                        argument = String(attributeValue.dropFirst(3))
                    } else if tagName == "tg-emoji" && attributeName == "emoji-id" {
                        argument = attributeValue
                    } else if tagName == "blockquote" && attributeName == "expandable" {
                        argument = "1"
                    }
                }

                if tagName == "span" && argument != "spoiler" {
                    throw fail("Tag \"span\" must have class \"tg-spoiler\" at byte offset \(beginPos)")
                }
                nested.append(OpenTag(name: tagName, argument: argument, utf16Offset: utf16Offset,
                                      resultByteOffset: result.count))
                i += 1  // past '>'
            } else {
                // An end tag.
                guard let open = nested.last else {
                    throw fail("Unexpected end tag at byte offset \(beginPos)")
                }
                while !isSpace(at(i)) && at(i) != UInt8(ascii: ">") { i += 1 }
                let endTagName = lowercasedText(text[min(beginPos + 2, text.count)..<min(i, text.count)])
                while isSpace(at(i)) && at(i) != 0 { i += 1 }
                if at(i) != UInt8(ascii: ">") { throw fail("Unclosed end tag at byte offset \(beginPos)") }
                if !endTagName.isEmpty && endTagName != open.name {
                    throw fail("Unmatched end tag at byte offset \(beginPos), expected \"</\(open.name)>\", found "
                        + "\"</\(endTagName)>\"")
                }

                if utf16Offset > open.utf16Offset {
                    let offset = open.utf16Offset
                    let length = utf16Offset - offset
                    switch open.name {
                    case "i", "em":
                        entities.append(.init(type: "italic", offset: offset, length: length))
                    case "b", "strong":
                        entities.append(.init(type: "bold", offset: offset, length: length))
                    case "s", "strike", "del":
                        entities.append(.init(type: "strikethrough", offset: offset, length: length))
                    case "u", "ins":
                        entities.append(.init(type: "underline", offset: offset, length: length))
                    case "tg-spoiler", "span":
                        entities.append(.init(type: "spoiler", offset: offset, length: length))
                    case "tg-emoji":
                        guard let identifier = Int64(open.argument), identifier != 0 else {
                            throw fail("Invalid custom emoji identifier specified")
                        }
                        entities.append(.init(type: "custom_emoji", offset: offset, length: length,
                                              customEmojiId: String(identifier)))
                    case "a":
                        var url = open.argument
                        if url.isEmpty {
                            url = String(decoding: result[open.resultByteOffset...], as: UTF8.self)
                        }
                        if let checked = checkedLink(url) {
                            entities.append(.init(type: "text_link", offset: offset, length: length, url: checked))
                        }
                    case "pre":
                        if let last = entities.last, last.type == "code", last.offset == offset,
                           last.length == length, let language = codeLanguages[entities.count - 1],
                           !language.isEmpty
                        {
                            entities[entities.count - 1] = .init(type: "pre", offset: offset, length: length,
                                                                 language: language)
                        } else {
                            entities.append(.init(type: "pre", offset: offset, length: length))
                        }
                    case "code":
                        if let last = entities.last, last.type == "pre", last.offset == offset,
                           last.length == length, last.language == nil, !open.argument.isEmpty
                        {
                            entities[entities.count - 1].language = open.argument
                        } else {
                            codeLanguages[entities.count] = open.argument
                            entities.append(.init(type: "code", offset: offset, length: length))
                        }
                    case "blockquote":
                        entities.append(.init(type: open.argument.isEmpty ? "blockquote" : "expandable_blockquote",
                                              offset: offset, length: length))
                    default:
                        break
                    }
                }
                nested.removeLast()
                i += 1  // past '>'
            }
        }

        if let open = nested.last {
            throw fail("Can't find end tag corresponding to start tag \"\(open.name)\"")
        }
        entities.sort { ($0.offset, -$0.length) < ($1.offset, -$1.length) }
        return FormattedText(text: String(decoding: result, as: UTF8.self), entities: entities)
    }

    /// TDLib's `decode_html_entity`: the character and the position after the reference, or nil when `&` starts
    /// no known reference (it then stays a literal `&`).
    static func decodeCharacterReference(_ text: [UInt8], at position: Int) -> (UInt32, Int)? {
        func at(_ index: Int) -> UInt8 { index < text.count ? text[index] : 0 }
        var end = position + 1
        var value: UInt32 = 0
        if at(position + 1) == UInt8(ascii: "#") {
            end += 1
            if at(position + 2) == UInt8(ascii: "x") {
                end += 1
                while let digit = hexValue(at(end)) {
                    if value < 0x1000_0000 { value = value * 16 + digit }
                    end += 1
                }
            } else {
                while at(end) >= UInt8(ascii: "0") && at(end) <= UInt8(ascii: "9") {
                    if value < 0x1000_0000 { value = value * 10 + UInt32(at(end) - UInt8(ascii: "0")) }
                    end += 1
                }
            }
            if value == 0 || value >= 0x10FFFF || end - position >= 10 { return nil }
        } else {
            while isLetter(at(end)) { end += 1 }
            switch String(decoding: text[(position + 1)..<min(end, text.count)], as: UTF8.self) {
            case "lt": value = UInt32(UInt8(ascii: "<"))
            case "gt": value = UInt32(UInt8(ascii: ">"))
            case "amp": value = UInt32(UInt8(ascii: "&"))
            case "quot": value = UInt32(UInt8(ascii: "\""))
            default: return nil
            }
        }
        return (value, at(end) == UInt8(ascii: ";") ? end + 1 : end)
    }

    /// TDLib's link check, simplified: http(s) (a bare host gets `http://` and a trailing `/`), tg: and ton:
    /// links are kept; anything else (spaces, no host, other schemes) drops the entity, as Telegram does.
    static func checkedLink(_ link: String) -> String? {
        let trimmed = link.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else { return nil }
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("tg:") || lowered.hasPrefix("ton:") { return trimmed }
        var url = trimmed
        if let schemeEnd = lowered.range(of: "://") {
            let scheme = lowered[..<schemeEnd.lowerBound]
            guard scheme == "http" || scheme == "https" else { return nil }
        } else if let colon = lowered.firstIndex(of: ":"),
                  lowered[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }),
                  !lowered[lowered.index(after: colon)...].prefix(while: { $0 != "/" }).allSatisfy(\.isNumber)
        {
            return nil  // another scheme (javascript:, mailto:, …); "host:port" is not a scheme
        } else {
            url = "http://" + trimmed
        }
        guard let hostStart = url.range(of: "://")?.upperBound else { return nil }
        let rest = url[hostStart...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix("."), !host.hasSuffix("."), !host.contains("..") else { return nil }
        if rest.count == host.count { url += "/" }
        return url
    }

    // MARK: Byte helpers, as TDLib defines them (NUL counts as space so that scans stop at the end).

    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x00 || c == 0x0B
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isFirstCodeUnit(_ c: UInt8) -> Bool { (c & 0xC0) != 0x80 }

    private static func lowercasedText(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    private static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        guard let unicode = Unicode.Scalar(scalar) else { return }
        bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
    }
}
