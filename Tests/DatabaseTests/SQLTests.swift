import Foundation
import Testing
@testable import Database

@Suite struct SQLTests {
    @Test func interpolatedValuesBecomeNumberedParameters() throws {
        let id = 7
        let name = "Асель"
        let sql: SQL = "SELECT * FROM t WHERE id = \(id) AND name = \(name)"
        let rendered = try sql.render()
        #expect(rendered.text == "SELECT * FROM t WHERE id = $1 AND name = $2")
        #expect(rendered.parameters == [
            SQLValue(type: .int8, content: .text("7")),
            SQLValue(type: .unknown, content: .text("Асель")),
        ])
    }

    @Test func hostileValuesNeverReachTheStatementText() throws {
        let hostile = "'; DROP TABLE users; --"
        let sql: SQL = "SELECT \(hostile)"
        let rendered = try sql.render()
        #expect(rendered.text == "SELECT $1")
        #expect(!rendered.text.contains("DROP"))
    }

    @Test func concatenatedFragmentsRenumberParameters() throws {
        var sql: SQL = "SELECT * FROM t WHERE a = \(1)"
        sql += " AND b = \(2)"
        let condition: SQL = "c = \(3)"
        sql.append(" AND \(condition)")
        let joined = ["x = \(4)" as SQL, "y = \(5)" as SQL].joined(separator: " OR ")
        let full = sql + " OR (" + joined + ")"
        let rendered = try full.render()
        #expect(rendered.text == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 OR (x = $4 OR y = $5)")
        #expect(rendered.parameters.map(\.content) == ["1", "2", "3", "4", "5"].map { .text($0) })
    }

    @Test func identifiersAreQuoted() throws {
        let sql: SQL = "SELECT * FROM \(identifier: "booking").\(identifier: "we\"ird")"
        #expect(try sql.render().text == "SELECT * FROM \"booking\".\"we\"\"ird\"")
    }

    @Test(arguments: ["", String(repeating: "a", count: 64), "bad\u{0}name", "new\nline"])
    func invalidIdentifiersMakeExecutionThrow(name: String) {
        let sql: SQL = "SELECT * FROM \(identifier: name)"
        #expect(throws: DatabaseError.self) { try sql.render() }
    }

    @Test func unsafeRawTextIsInsertedVerbatim() throws {
        let order = "created_at DESC"
        let sql: SQL = "SELECT * FROM t ORDER BY \(unsafeRaw: order)"
        #expect(try sql.render().text == "SELECT * FROM t ORDER BY created_at DESC")
    }

    @Test func descriptionShowsPlaceholdersButNoValues() {
        let secret = "s3cr3t-token"
        let sql: SQL = "UPDATE t SET token = \(secret)"
        #expect(sql.description == "UPDATE t SET token = $1")
    }

    @Test func optionalsBindAsTypedNulls() {
        let missing: Int? = nil
        let present: UUID? = UUID(uuidString: "6F1C2E0A-0B7A-4D8E-9E55-3D4A2B1C0D9E")
        #expect(missing.sqlValue == SQLValue(type: .int8, content: .null))
        #expect(present.sqlValue == SQLValue(type: .uuid, content: .text("6F1C2E0A-0B7A-4D8E-9E55-3D4A2B1C0D9E")))
    }

    @Test func arraysBindAsQuotedLiterals() {
        #expect(["a", "b,c", "d\"e", "f\\g", "", "NULL"].sqlValue
            == .text(#"{"a","b,c","d\"e","f\\g","","NULL"}"#, type: .textArray))
        #expect([Int64(1), -2].sqlValue == .text(#"{"1","-2"}"#, type: .int8Array))
        #expect([Int]().sqlValue == .text("{}", type: .int8Array))
    }
}
