import Foundation

/// One versioned SQL migration, read from a file named `0001_create_things.sql`.
public struct Migration: Sendable, Hashable {
    /// The number from the file name (1, 2, …; versions are contiguous).
    public let version: Int
    /// The descriptive part of the file name (`create_things`).
    public let name: String
    /// The SQL script; it may hold several statements and runs in one transaction.
    public let sql: String
    /// SHA-256 (hex) of the script with line endings normalised to `\n`; recorded when applied, so an
    /// edited migration is detected.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        checksum = SHA256.hex(sql.replacingOccurrences(of: "\r\n", with: "\n").utf8)
    }

    /// `0003_create_things` — how logs and errors name the migration.
    public var identifier: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name
    }

    /// Reads every `*.sql` file of `directory` (other files are ignored), sorted by version.
    ///
    /// Throws a `DatabaseError` of kind `.migration` for a badly named `.sql` file (the pattern is
    /// `NNNN_name.sql`: four or more digits, an underscore, then letters, digits, `_` or `-`), a version
    /// used twice, a gap in the numbering (versions must run 1, 2, 3, …) or an unreadable file.
    public static func load(directory: URL) throws -> [Migration] {
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw DatabaseError(kind: .migration,
                                message: "cannot list migrations in \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        var fileByVersion: [Int: String] = [:]
        for fileName in fileNames.sorted() where fileName.hasSuffix(".sql") && !fileName.hasPrefix(".") {
            guard let (version, name) = parse(fileName: fileName) else {
                throw DatabaseError(kind: .migration, message: """
                    bad migration file name \"\(fileName)\" in \(directory.path): expected NNNN_name.sql \
                    (at least four digits, an underscore, then letters, digits, '_' or '-')
                    """)
            }
            if let other = fileByVersion[version] {
                throw DatabaseError(kind: .migration,
                                    message: "migration version \(version) is used twice: \"\(other)\" and \"\(fileName)\"")
            }
            fileByVersion[version] = fileName
            let sql: String
            do {
                sql = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
            } catch {
                throw DatabaseError(kind: .migration,
                                    message: "cannot read migration \(fileName): \(error.localizedDescription)")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        try validateSequence(migrations)
        return migrations
    }

    /// Checks that versions run 1, 2, 3, … without duplicates or gaps.
    static func validateSequence(_ migrations: [Migration]) throws(DatabaseError) {
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            if index > 0, migrations[index - 1].version == migration.version {
                throw DatabaseError(kind: .migration, message: "migration version \(migration.version) is used twice")
            }
            throw DatabaseError(kind: .migration, message: """
                migration versions must be contiguous from 1: expected version \(index + 1) before \
                \(migration.identifier)
                """)
        }
    }

    private static func parse(fileName: String) -> (Int, String)? {
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let version = Int(digits), version > 0,
              !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (version, String(name))
    }
}
