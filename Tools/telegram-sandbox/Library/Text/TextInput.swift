import Foundation

/// Text parameters (`text`, `caption`) as Telegram reads them: parse_mode HTML, or explicit entities, then
/// trimmed; the result's length is what the 4096/1024 limits count.
enum TextInput {
    static func formatted(_ text: String?, parseMode: String?, entities: String?) throws(BotAPIError) -> FormattedText? {
        guard let text else { return nil }
        var formatted: FormattedText
        switch parseMode?.lowercased() ?? "" {
        case "":
            formatted = FormattedText(text: text)
            if let entities {
                guard let data = entities.data(using: .utf8),
                      let list = try? BotAPI.makeDecoder().decode([BotAPI.MessageEntity].self, from: data)
                else { throw .badRequest("can't parse entities JSON object") }
                formatted.entities = list
            }
        case "html":
            do throws(HTMLEntityParser.ParseError) {
                formatted = try HTMLEntityParser.parse(text)
            } catch {
                throw .cantParseEntities(error.message)
            }
        case "markdown", "markdownv2":
            throw .badRequest("the sandbox supports parse_mode HTML only")
        default:
            throw .badRequest("unsupported parse_mode")
        }
        return formatted.trimmed()
    }
}
