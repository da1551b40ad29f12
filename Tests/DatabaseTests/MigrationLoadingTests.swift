import Database
import Foundation
import Testing

@Suite struct MigrationLoadingTests {
    @Test func loadsNumberedFilesInOrder() throws {
        try withMigrationDirectory([
            "0002_add_price.sql": "ALTER TABLE things ADD price int;",
            "0001_create_things.sql": "CREATE TABLE things (id int);",
            "0010_later-step.sql": "SELECT 10;",
            "README.md": "not a migration",
            ".0003_hidden.sql": "ignored",
        ].merging((3...9).map { (String(format: "%04d_step_%d.sql", $0, $0), "SELECT \($0);") },
                  uniquingKeysWith: { first, _ in first })) { directory in
            let migrations = try Migration.load(directory: directory)
            #expect(migrations.map(\.version) == Array(1...10))
            #expect(migrations[0].name == "create_things")
            #expect(migrations[0].sql == "CREATE TABLE things (id int);")
            #expect(migrations[9].name == "later-step")
            #expect(migrations[0].identifier == "0001_create_things")
            #expect(migrations[0].checksum.count == 64)
        }
    }

    @Test(arguments: [
        (["001_short.sql": "SELECT 1;"], "bad migration file name"),
        (["0001-dash.sql": "SELECT 1;"], "bad migration file name"),
        (["0001_.sql": "SELECT 1;"], "bad migration file name"),
        (["0001_sp ace.sql": "SELECT 1;"], "bad migration file name"),
        (["0000_zero.sql": "SELECT 1;"], "bad migration file name"),
        (["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"], "used twice"),
        (["0001_a.sql": "SELECT 1;", "00001_b.sql": "SELECT 2;"], "used twice"),
        (["0001_a.sql": "SELECT 1;", "0003_c.sql": "SELECT 3;"], "expected version 2"),
        (["0002_b.sql": "SELECT 2;"], "expected version 1"),
    ])
    func refusesInconsistentDirectories(files: [String: String], problem: String) throws {
        try withMigrationDirectory(files) { directory in
            let error = try #require(throws: DatabaseError.self) { try Migration.load(directory: directory) }
            #expect(error.kind == .migration)
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func checksumIgnoresLineEndingStyle() {
        let unix = Migration(version: 1, name: "a", sql: "CREATE TABLE a (id int);\nSELECT 1;\n")
        let windows = Migration(version: 1, name: "a", sql: "CREATE TABLE a (id int);\r\nSELECT 1;\r\n")
        let edited = Migration(version: 1, name: "a", sql: "CREATE TABLE a (id bigint);\nSELECT 1;\n")
        #expect(unix.checksum == windows.checksum)
        #expect(unix.checksum != edited.checksum)
    }

    @Test func aMissingDirectoryIsAClearError() {
        let missing = URL(fileURLWithPath: "/nonexistent/migrations-\(UUID().uuidString)")
        let error = #expect(throws: DatabaseError.self) { try Migration.load(directory: missing) }
        #expect(error?.message.contains(missing.path) == true)
    }
}

func withMigrationDirectory<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zg-migrations-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, contents) in files {
        try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return try body(directory)
}
