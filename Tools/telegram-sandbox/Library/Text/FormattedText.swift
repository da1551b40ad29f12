/// Text with entities, offsets and lengths in UTF-16 code units as the Bot API counts them.
public struct FormattedText: Sendable, Equatable {
    public var text: String
    public var entities: [BotAPI.MessageEntity]

    public init(text: String, entities: [BotAPI.MessageEntity] = []) {
        self.text = text
        self.entities = entities
    }

    /// Length as Telegram counts it (UTF-16 code units), the unit of the 4096 and 1024 limits.
    public var length: Int { text.utf16.count }

    /// TDLib's `fix_formatted_text` as far as the limits depend on it: leading and trailing whitespace is removed
    /// (entities shifted and clipped), and entities left empty are dropped.
    public func trimmed() -> FormattedText {
        let units = Array(text.utf16)
        var start = 0
        var end = units.count
        while start < end && Self.isTrimmedSpace(units[start]) { start += 1 }
        while end > start && Self.isTrimmedSpace(units[end - 1]) { end -= 1 }
        if start == 0 && end == units.count { return FormattedText(text: text, entities: entities.filter { $0.length > 0 }) }
        let newText = String(decoding: units[start..<end], as: UTF16.self)
        var newEntities: [BotAPI.MessageEntity] = []
        for entity in entities {
            let entityStart = max(entity.offset, start)
            let entityEnd = min(entity.offset + entity.length, end)
            guard entityEnd > entityStart else { continue }
            var moved = entity
            moved.offset = entityStart - start
            moved.length = entityEnd - entityStart
            newEntities.append(moved)
        }
        return FormattedText(text: newText, entities: newEntities)
    }

    private static func isTrimmedSpace(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x09 || unit == 0x0A || unit == 0x0D || unit == 0x0B || unit == 0x0C
    }

    /// The entities Telegram detects in text a user types: `/commands` (with an optional `@botname`).
    public static func userText(_ text: String) -> FormattedText {
        var entities: [BotAPI.MessageEntity] = []
        let units = Array(text.utf16)
        var index = 0
        while index < units.count {
            let atWordStart = index == 0 || isWordBreak(units[index - 1])
            if atWordStart && units[index] == 0x2F /* / */ {
                var end = index + 1
                while end < units.count && isCommandCharacter(units[end]) { end += 1 }
                if end < units.count && units[end] == 0x40 /* @ */ {
                    var mentionEnd = end + 1
                    while mentionEnd < units.count && isCommandCharacter(units[mentionEnd]) { mentionEnd += 1 }
                    if mentionEnd > end + 1 { end = mentionEnd }
                }
                let commandLength = end - index
                if commandLength > 1 && commandLength <= 65 && (end == units.count || isWordBreak(units[end])) {
                    entities.append(.init(type: "bot_command", offset: index, length: commandLength))
                }
                index = end
                continue
            }
            index += 1
        }
        return FormattedText(text: text, entities: entities)
    }

    private static func isCommandCharacter(_ unit: UInt16) -> Bool {
        (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A)
            || unit == 0x5F
    }

    private static func isWordBreak(_ unit: UInt16) -> Bool {
        isTrimmedSpace(unit) || unit == 0x2C || unit == 0x2E || unit == 0x21 || unit == 0x3F || unit == 0x3B
            || unit == 0x3A || unit == 0x28 || unit == 0x29
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, isSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isSpace(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
