import CLibPQ

/// The statements prepared on one PostgreSQL connection, by SQL text and parameter types.
///
/// Our statements are built from `SQL` interpolation, so one call site always renders the same text with `$n`
/// placeholders: preparing it once per connection spares the server parsing and analysing it on every call.
/// Only statements with parameters whose first word is `SELECT`, `INSERT`, `UPDATE`, `DELETE` or `WITH` are
/// prepared (utility statements and scripts are not), at most ``capacity`` per connection; texts that vary
/// from call to call (multi-row inserts of different sizes) are kept out by a limit on the parameter count, and
/// once the cache is full further new texts simply run unprepared.
struct PreparedStatements {
    enum Lookup: Equatable {
        /// Prepared on this connection already: execute by name.
        case ready(String)
        /// Not prepared yet: prepare under this name (and ``remember(name:text:types:)`` it once the server
        /// accepted it).
        case new(String)
    }

    static let capacity = 256
    static let maxParameters = 64
    static let maxTextLength = 16_384

    private struct Key: Hashable {
        var text: String
        var types: [Oid]
    }

    private var names: [Key: String] = [:]
    private var keys: [String: Key] = [:]
    private var counter = 0

    var count: Int { names.count }

    /// Whether a statement is worth preparing.
    static func isCacheable(_ text: String, parameterCount: Int) -> Bool {
        guard parameterCount > 0, parameterCount <= maxParameters, text.utf8.count <= maxTextLength else {
            return false
        }
        var word = ""
        for character in text.unicodeScalars {
            if word.isEmpty, character == " " || character == "\n" || character == "\t" || character == "\r" {
                continue
            }
            guard ("a"..."z").contains(character) || ("A"..."Z").contains(character) else { break }
            word.unicodeScalars.append(character)
            if word.count > 6 { return false }
        }
        switch word.uppercased() {
        case "SELECT", "INSERT", "UPDATE", "DELETE", "WITH": return true
        default: return false
        }
    }

    /// The statement's name if it is prepared, a fresh name if it should be, nil when the cache is full.
    mutating func lookup(text: String, types: [Oid]) -> Lookup? {
        if let name = names[Key(text: text, types: types)] { return .ready(name) }
        guard names.count < Self.capacity else { return nil }
        counter += 1
        return .new("zg_\(counter)")
    }

    /// The server accepted `name`'s Parse.
    mutating func remember(name: String, text: String, types: [Oid]) {
        let key = Key(text: text, types: types)
        names[key] = name
        keys[name] = key
    }

    /// The server no longer has (or can no longer use) `name`.
    mutating func forget(name: String) {
        if let key = keys.removeValue(forKey: name) { names[key] = nil }
    }

    /// A new connection: nothing is prepared on it.
    mutating func reset() {
        names = [:]
        keys = [:]
    }
}
