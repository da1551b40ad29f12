import Database
import Foundation
import Testing
import TestSupport

@Suite struct ParameterRoundTripTests {
    enum Status: String, SQLBindable, SQLDecodable {
        case pending, confirmed
    }

    @Test func roundTripsEveryBindableTypeThroughATable() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "roundtrip", poolSize: 2)
            try await pool.execute("""
                CREATE TABLE samples (
                    id uuid PRIMARY KEY, title text, small int4, big int8, flag bool, ratio float8,
                    payload bytea, happened_at timestamptz, price numeric, tags text[], counts int8[],
                    refs uuid[], status text
                )
                """)
            let id = UUID()
            let otherID = UUID()
            let happenedAt = Date(timeIntervalSince1970: 1_714_979_289.123456)
            let payload = Data([0, 1, 0, 0xff, 0x5c, 0x27, 0])
            let price = try #require(Decimal(string: "123456789.000001"))
            let title = "Квартира у Байтерека — «уютная» 🏠"
            let tags = ["Астана", "with space", "comma,inside", "quote\"inside", "back\\slash", "", "NULL"]
            let counts: [Int64] = [Int64.min, -1, 0, Int64.max]
            let inserted = try await pool.execute("""
                INSERT INTO samples VALUES (\(id), \(title), \(Int32(-42)), \(Int64.max), \(true), \(0.1 + 0.2),
                    \(payload), \(happenedAt), \(price), \(tags), \(counts), \([id, otherID]), \(Status.confirmed))
                """)
            #expect(inserted == 1)

            let row = try #require(await pool.queryFirst("SELECT * FROM samples WHERE id = \(id)"))
            #expect(try row.decode("id", as: UUID.self) == id)
            #expect(try row.decode("title", as: String.self) == title)
            #expect(try row.decode("small", as: Int32.self) == -42)
            #expect(try row.decode("small", as: Int.self) == -42)
            #expect(try row.decode("big", as: Int64.self) == Int64.max)
            #expect(try row.decode("flag", as: Bool.self) == true)
            #expect(try row.decode("ratio", as: Double.self) == 0.1 + 0.2)
            #expect(try row.decode("payload", as: Data.self) == payload)
            #expect(try row.decode("happened_at", as: Date.self) == happenedAt)
            #expect(try row.decode("price", as: Decimal.self) == price)
            #expect(try row.decode("tags", as: [String].self) == tags)
            #expect(try row.decode("counts", as: [Int64].self) == counts)
            #expect(try row.decode("refs", as: [UUID].self) == [id, otherID])
            #expect(try row.decode("status", as: Status.self) == .confirmed)
            #expect(row.columnNames.first == "id")
            #expect(try row.decode(1, as: String.self) == title)
        }
    }

    @Test func optionalsRoundTripAsNull() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "nulls", poolSize: 1)
            try await pool.execute("""
                CREATE TABLE maybe (id int8 PRIMARY KEY, title text, big int8, flag bool, payload bytea,
                                    happened_at timestamptz, ref uuid, ratio float8, tags text[])
                """)
            let none: (String?, Int64?, Bool?, Data?, Date?, UUID?, Double?, [String]?) = (nil, nil, nil, nil, nil, nil, nil, nil)
            try await pool.execute("""
                INSERT INTO maybe VALUES (1, \(none.0), \(none.1), \(none.2), \(none.3), \(none.4), \(none.5),
                                         \(none.6), \(none.7))
                """)
            let row = try #require(await pool.queryFirst("SELECT * FROM maybe"))
            #expect(try row.decode("title", as: String?.self) == nil)
            #expect(try row.decode("big", as: Int64?.self) == nil)
            #expect(try row.decode("flag", as: Bool?.self) == nil)
            #expect(try row.decode("payload", as: Data?.self) == nil)
            #expect(try row.decode("happened_at", as: Date?.self) == nil)
            #expect(try row.decode("ref", as: UUID?.self) == nil)
            #expect(try row.decode("ratio", as: Double?.self) == nil)
            #expect(try row.decode("tags", as: [String]?.self) == nil)
            #expect(row["title"] == nil)
            let error = try #require(throws: DatabaseError.self) { try row.decode("title", as: String.self) }
            #expect(error.kind == .decoding)
            #expect(error.message.contains("title"))

            // A typed NULL works where the server could not infer a type on its own.
            let nothing: Int64? = nil
            let check = try #require(await pool.queryFirst("SELECT \(nothing) IS NULL AS missing"))
            #expect(try check.decode("missing", as: Bool.self))
        }
    }

    @Test func selectsParametersWithoutATable() async throws {
        try await withTestDatabase { database in
            let pool = database.adminPool
            let now = Date()
            let row = try #require(await pool.queryFirst("""
                SELECT \(Int(42)) AS answer, \(-1.5e-300) AS tiny, \(Double.infinity) AS forever,
                       \(now) AS now, \(Data()) AS empty, \(["x", "y"]) AS letters,
                       \([Int(3), 4]) AS numbers, \("Ә ғ қ ң ө ұ ү һ і")::text AS kazakh,
                       \(false) AS no, ARRAY[NULL, 'a']::text[] AS sparse
                """))
            #expect(try row.decode("answer", as: Int.self) == 42)
            #expect(try row.decode("tiny", as: Double.self) == -1.5e-300)
            #expect(try row.decode("forever", as: Double.self) == .infinity)
            let micros = (now.timeIntervalSince1970 * 1_000_000).rounded()
            #expect(try row.decode("now", as: Date.self) == Date(timeIntervalSince1970: micros / 1_000_000))
            #expect(try row.decode("empty", as: Data.self) == Data())
            #expect(try row.decode("letters", as: [String].self) == ["x", "y"])
            #expect(try row.decode("numbers", as: [Int].self) == [3, 4])
            #expect(try row.decode("kazakh", as: String.self) == "Ә ғ қ ң ө ұ ү һ і")
            #expect(try row.decode("no", as: Bool.self) == false)
            #expect(try row.decode("sparse", as: [String?].self) == [nil, "a"])
            #expect(throws: DatabaseError.self) { try row.decode("sparse", as: [String].self) }
        }
    }

    @Test func hostileStringsStayData() async throws {
        let hostile = [
            "'; DROP TABLE users; --",
            "\"; DROP TABLE users; --",
            "Robert'); DROP TABLE users;--",
            "$1", "$2 $1 $$ $$", "\\", "\\'", "''", "\\x00", "E'\\\\'", "%s %L %I",
            "1; DELETE FROM users", "*/ DROP TABLE users /*", "\u{2019}; DROP TABLE users; --",
        ]
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "hostile", poolSize: 2)
            try await pool.execute("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)")
            for name in hostile {
                try await pool.execute("INSERT INTO users (name) VALUES (\(name))")
                let rows = try await pool.query("SELECT name FROM users WHERE name = \(name)")
                #expect(try rows.map { try $0.decode("name", as: String.self) } == [name])
            }
            let count = try #require(await pool.queryFirst("SELECT count(*) AS n FROM users"))
            #expect(try count.decode("n", as: Int.self) == hostile.count)
            // A hostile identifier is quoted: the statement fails, the table survives.
            await #expect(throws: DatabaseError.self) {
                try await pool.query("SELECT * FROM \(identifier: "users\"; DROP TABLE users; --")")
            }
            let after = try #require(await pool.queryFirst("SELECT count(*) AS n FROM users"))
            #expect(try after.decode("n", as: Int.self) == hostile.count)
        }
    }

    @Test func textParametersWithNulCharactersAreRefused() async throws {
        try await withTestDatabase { database in
            let error = try await #require(throws: DatabaseError.self) {
                try await database.adminPool.query("SELECT \("a\u{0}b")::text")
            }
            #expect(error.kind == .invalidQuery)
        }
    }

    @Test func executeReturnsAffectedRows() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "affected", poolSize: 1)
            try await pool.execute("CREATE TABLE items (id int8 PRIMARY KEY, sold bool NOT NULL DEFAULT false)")
            #expect(try await pool.execute("INSERT INTO items (id) SELECT generate_series(1, \(10))") == 10)
            #expect(try await pool.execute("UPDATE items SET sold = true WHERE id = ANY(\([Int64(2), 4, 6]))") == 3)
            #expect(try await pool.execute("DELETE FROM items WHERE sold") == 3)
            #expect(try await pool.query("SELECT id FROM items WHERE false").isEmpty)
        }
    }
}
