import Foundation

/// Turns URLs into text that is safe for logs and error messages.
///
/// Rules (applied by `HTTPClientError` and the client's logs; use them for your own logs too):
/// - only scheme, host, port and path are kept: user info (`user:password@`), the query string and the
///   fragment are dropped, since credentials and signatures travel there;
/// - a path segment that starts with `bot` followed by a digit is replaced by `bot<redacted>`: the Telegram Bot
///   API carries the token in the path (`/bot123456:ABC-DEF/getUpdates`, `/file/bot123456:ABC-DEF/photo.jpg`).
public enum URLRedaction {
    public static let botTokenPlaceholder = "bot<redacted>"

    /// `https://user:pw@api.telegram.org/bot123:ABC/getUpdates?offset=5` becomes
    /// `https://api.telegram.org/bot<redacted>/getUpdates`.
    public static func redact(_ url: String) -> String {
        var rest = Substring(url)
        // Query and fragment go first: they may hold anything, including `/` and `@`.
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<cut]
        }
        var prefix = ""
        if let schemeEnd = rest.range(of: "://") {
            prefix = String(rest[..<schemeEnd.upperBound])
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                authority = authority[authority.index(after: at)...]
            }
            prefix += authority
            rest = rest[authorityEnd...]
        }
        let path = rest.split(separator: "/", omittingEmptySubsequences: false)
            .map { isBotTokenSegment($0) ? botTokenPlaceholder : String($0) }
            .joined(separator: "/")
        return prefix + path
    }

    /// Replaces every `bot<digits>…` token-looking word in free text (e.g. a libcurl message) with the
    /// placeholder. A token word ends at `/`, whitespace, a quote or the end of the text.
    public static func redactBotTokens(in text: String) -> String {
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("bot"), isWordStart(text, at: index),
               let afterBot = text.index(index, offsetBy: 3, limitedBy: text.endIndex),
               afterBot < text.endIndex, text[afterBot].isASCII, text[afterBot].isNumber {
                out += botTokenPlaceholder
                index = text[afterBot...].firstIndex(where: isTokenTerminator) ?? text.endIndex
            } else {
                out.append(text[index])
                index = text.index(after: index)
            }
        }
        return out
    }

    private static func isBotTokenSegment(_ segment: Substring) -> Bool {
        guard segment.hasPrefix("bot") else { return false }
        let afterBot = segment.dropFirst(3)
        guard let first = afterBot.first else { return false }
        return first.isASCII && first.isNumber
    }

    private static func isWordStart(_ text: String, at index: String.Index) -> Bool {
        guard index > text.startIndex else { return true }
        let previous = text[text.index(before: index)]
        return !(previous.isLetter || previous.isNumber)
    }

    private static func isTokenTerminator(_ character: Character) -> Bool {
        character == "/" || character == "?" || character == "#" || character == "\"" || character == "'"
            || character.isWhitespace
    }
}
