import CLibPQ
import Foundation
import Logging
import Toolkit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection and its reconnect state. Confined to its worker thread: every method is called
/// from that thread only, so it needs no locking.
final class PostgresSession {
    private let configuration: DatabaseConfiguration
    private let logger: Logger
    private let secrets: [String]
    private let setupScript: String?
    private let setupProblem: String?

    private var connection: OpaquePointer?
    /// Incremented on every successful connect; a lease pinned to one generation never sees another.
    private var generation = 0
    private var consecutiveFailures = 0
    private var nextAttempt: ContinuousClock.Instant?
    private var lastFailure = ""

    /// Statements prepared on the current connection (emptied on every reconnect).
    private var prepared = PreparedStatements()

    private var currentLease: UInt64 = 0
    private var leaseGeneration: Int?

    init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        secrets = configuration.secretsToRedact
        (setupScript, setupProblem) = Self.makeSetupScript(configuration)
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    // MARK: Statements

    struct Outcome: Sendable {
        var rows: [Row]
        var affectedRows: Int
    }

    /// Runs one statement with bound parameters (extended protocol, text results).
    ///
    /// - `begin`: a `BEGIN …` the caller's transaction has not sent yet; it goes out in the same round trip as
    ///   the statement (libpq pipeline mode), so a transaction costs no round trip of its own for `BEGIN`.
    /// - `deferred`: statements of the caller's transaction whose results nobody reads (``DatabaseTransaction/
    ///   executeDeferred(_:)``); they go out in the same round trip, before `sql`.
    /// - Statements with parameters whose first word is a DML or query keyword are prepared once per connection
    ///   (``PreparedStatements``) and executed by name after that: PostgreSQL parses and analyses them once, not
    ///   on every call. The first use pipelines the Parse with the execution, so it costs no extra round trip.
    func run(_ sql: SQL, lease: UInt64, begin: String? = nil, deferred: [SQL] = []) throws(DatabaseError) -> Outcome {
        // Connect first: a reconnect empties the prepared-statement cache the plan looks into.
        let connection = try prepare(lease: lease)
        let statement = try plan(sql)
        if begin == nil, deferred.isEmpty {
            switch statement.lookup {
            case let .ready(name)?:
                let result = try withParameters(statement.parameters) { _, values, lengths, formats in
                    PQexecPrepared(connection, name, Int32(statement.parameters.count), values, lengths, formats, 0)
                }
                return try consumePrepared(result, connection: connection, name: name)
            case nil:
                let result = try withParameters(statement.parameters) { types, values, lengths, formats in
                    PQexecParams(connection, statement.text, Int32(statement.parameters.count),
                                 types, values, lengths, formats, 0)
                }
                return try consume(result, connection: connection)
            case .new?:
                break
            }
        }
        var statements = try deferred.map { sql throws(DatabaseError) in try plan(sql) }
        statements.append(statement)
        return try runPipelined(begin: begin, statements: statements, finalCommand: nil, connection: connection)
            .outcome
    }

    /// One statement ready to be sent: its text, parameters, and whether (and under which name) it is prepared.
    private struct PlannedStatement {
        var text: String
        var parameters: [SQLValue]
        var types: [Oid]
        var lookup: PreparedStatements.Lookup?
    }

    private func plan(_ sql: SQL) throws(DatabaseError) -> PlannedStatement {
        let rendered = try sql.render()
        let types = rendered.parameters.map(\.type.rawValue)
        var statement = PlannedStatement(text: rendered.text, parameters: rendered.parameters, types: types)
        if PreparedStatements.isCacheable(rendered.text, parameterCount: rendered.parameters.count) {
            statement.lookup = prepared.lookup(text: rendered.text, types: types)
        }
        return statement
    }

    /// `BEGIN` (if any), then each statement — its `Parse` first if it is new to this connection — then
    /// `finalCommand` (a `COMMIT`, if any), all in one pipeline: one round trip. A failed step aborts what
    /// follows it, and the first error is thrown. Returns the last step's outcome and command status.
    private func runPipelined(begin: String?, statements: [PlannedStatement], finalCommand: String?,
                              connection: OpaquePointer) throws(DatabaseError) -> (outcome: Outcome, status: String?)
    {
        // A text that is new twice in one pipeline is parsed once: the second use executes the first's name. After
        // this, a statement is `.new` exactly when its Parse goes into this pipeline.
        var statements = statements
        var parsedHere: [String: (types: [Oid], name: String)] = [:]
        for index in statements.indices {
            guard case let .new(fresh)? = statements[index].lookup else { continue }
            if let earlier = parsedHere[statements[index].text], earlier.types == statements[index].types {
                statements[index].lookup = .ready(earlier.name)
            } else {
                parsedHere[statements[index].text] = (statements[index].types, fresh)
            }
        }

        guard PQenterPipelineMode(connection) == 1 else { throw connectionError(connection) }
        var expected = 0
        var sent = true
        if let begin {
            sent = sent && PQsendQueryParams(connection, begin, 0, nil, nil, nil, nil, 0) == 1
            expected += 1
        }
        for statement in statements {
            if case let .new(fresh)? = statement.lookup {
                sent = sent && statement.types.withUnsafeBufferPointer { buffer in
                    PQsendPrepare(connection, fresh, statement.text, Int32(statement.types.count),
                                  buffer.baseAddress) == 1
                }
                expected += 1
            }
            let queued: Int32
            do {
                queued = try withParameters(statement.parameters) { types, values, lengths, formats in
                    switch statement.lookup {
                    case let .ready(name)?, let .new(name)?:
                        PQsendQueryPrepared(connection, name, Int32(statement.parameters.count), values, lengths,
                                            formats, 0)
                    case nil:
                        PQsendQueryParams(connection, statement.text, Int32(statement.parameters.count), types,
                                          values, lengths, formats, 0)
                    }
                }
            } catch {
                // A parameter libpq cannot carry: the half-sent pipeline is abandoned with the connection.
                drop()
                throw error
            }
            sent = sent && queued == 1
            expected += 1
        }
        if let finalCommand {
            sent = sent && PQsendQueryParams(connection, finalCommand, 0, nil, nil, nil, nil, 0) == 1
            expected += 1
        }
        guard sent, PQpipelineSync(connection) == 1 else {
            let error = connectionError(connection)
            drop()
            throw error
        }
        var results: [OpaquePointer?] = []
        for _ in 0..<expected {
            let result = PQgetResult(connection)
            results.append(result)
            if result == nil { break }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(connection) { PQclear(extra) }
        }
        let sync = results.count == expected ? PQgetResult(connection) : nil
        let synced = sync.map { PQresultStatus($0) == PGRES_PIPELINE_SYNC } ?? false
        if let sync { PQclear(sync) }
        guard synced, PQexitPipelineMode(connection) == 1 else {
            for result in results { if let result { PQclear(result) } }
            let error = connectionError(connection)
            drop()
            throw error
        }
        // The results in order: BEGIN, each statement's Parse and execution, the final command. The first error
        // wins: what follows a failed step is only "pipeline aborted". The last step's outcome is returned.
        var index = 0
        var failure: DatabaseError?
        func take() -> OpaquePointer? {
            defer { index += 1 }
            return results[index]
        }
        func check(_ result: OpaquePointer?, name: String? = nil) -> Outcome? {
            do {
                if let name { return try consumePrepared(result, connection: connection, name: name) }
                return try consume(result, connection: connection)
            } catch {
                if failure == nil { failure = error }
                return nil
            }
        }
        var last: Outcome?
        var status: String?
        if begin != nil { last = check(take()) }
        for statement in statements {
            if case let .new(fresh)? = statement.lookup {
                let parse = take()
                if parse.map({ PQresultStatus($0) == PGRES_COMMAND_OK }) == true {
                    prepared.remember(name: fresh, text: statement.text, types: statement.types)
                }
                _ = check(parse)
            }
            switch statement.lookup {
            case let .ready(name)?, let .new(name)?: last = check(take(), name: name)
            case nil: last = check(take())
            }
        }
        if finalCommand != nil {
            let result = take()
            if let result, PQresultStatus(result) == PGRES_COMMAND_OK {
                status = PQcmdStatus(result).map { String(cString: $0) }
            }
            last = check(result)
        }
        if let failure { throw failure }
        guard let last else { throw DatabaseError(kind: .connection, message: "an empty pipeline") }
        return (last, status)
    }

    /// Runs a script of one or more statements without parameters (simple protocol), e.g. a migration;
    /// `begin` and `deferred` as in ``run(_:lease:begin:deferred:)``: deferred statements (which carry parameters)
    /// go first, in a pipeline of their own.
    func runScript(_ script: String, lease: UInt64, begin: String? = nil, deferred: [SQL] = []) throws(DatabaseError) {
        guard !script.utf8.contains(0) else {
            throw DatabaseError(kind: .invalidQuery, message: "SQL text contains a NUL character")
        }
        let connection = try prepare(lease: lease)
        var begin = begin
        if !deferred.isEmpty {
            let statements = try deferred.map { sql throws(DatabaseError) in try plan(sql) }
            _ = try runPipelined(begin: begin, statements: statements, finalCommand: nil, connection: connection)
            begin = nil
        }
        _ = try consume(PQexec(connection, begin.map { $0 + "; " + script } ?? script), connection: connection)
    }

    /// Commits the open transaction; throws when the server rolled it back instead. `begin` (a transaction that
    /// sent nothing yet) and `deferred` statements go out in the same round trip as the `COMMIT`.
    func commit(lease: UInt64, begin: String? = nil, deferred: [SQL] = []) throws(DatabaseError) {
        let connection = try prepare(lease: lease)
        if PQtransactionStatus(connection) == PQTRANS_INERROR {
            _ = try? consume(PQexec(connection, "ROLLBACK"), connection: connection)
            throw DatabaseError(kind: .transaction,
                                message: "a statement failed inside the transaction, so it was rolled back")
        }
        let status: String?
        if begin != nil || !deferred.isEmpty {
            let statements = try deferred.map { sql throws(DatabaseError) in try plan(sql) }
            status = try runPipelined(begin: begin, statements: statements, finalCommand: "COMMIT",
                                      connection: connection).status
        } else {
            guard let result = PQexec(connection, "COMMIT") else {
                throw connectionError(connection)
            }
            status = PQcmdStatus(result).map { String(cString: $0) }
            _ = try consume(result, connection: connection)
        }
        if status == "ROLLBACK" {
            throw DatabaseError(kind: .transaction, message: "the transaction was rolled back instead of committed")
        }
    }

    /// Closes the connection (on shutdown).
    func close() {
        if let connection {
            PQfinish(connection)
            self.connection = nil
            logger.debug("Database connection closed")
        }
    }

    // MARK: Connection life cycle

    /// The connection for a statement of `lease`. The first statement of a lease may (re)connect; later
    /// ones must find the same connection, so a lease never silently continues on a new session (which
    /// would lose its transaction, locks or settings).
    private func prepare(lease: UInt64) throws(DatabaseError) -> OpaquePointer {
        if lease != currentLease || leaseGeneration == nil {
            currentLease = lease
            leaseGeneration = nil
            let connection = try healthyConnection()
            leaseGeneration = generation
            return connection
        }
        guard let connection, generation == leaseGeneration, PQstatus(connection) == CONNECTION_OK else {
            throw DatabaseError(kind: .connection,
                                message: "the database connection was lost earlier in this transaction or lease")
        }
        return connection
    }

    private func healthyConnection() throws(DatabaseError) -> OpaquePointer {
        if let connection {
            if PQstatus(connection) == CONNECTION_OK, isAlive(connection) {
                if PQtransactionStatus(connection) == PQTRANS_IDLE { return connection }
                // A previous lease left a transaction open: end it before handing the connection on.
                if (try? consume(PQexec(connection, "ROLLBACK"), connection: connection)) != nil,
                   PQtransactionStatus(connection) == PQTRANS_IDLE {
                    return connection
                }
            }
            logger.warning("Database connection lost, reconnecting")
            drop()
        }
        return try connect()
    }

    /// Whether an idle connection is still usable: if the server wrote something (such as the
    /// termination notice of a restart), read it and let libpq notice a closed socket.
    private func isAlive(_ connection: OpaquePointer) -> Bool {
        // A terminated backend sends an error message and then closes the socket; libpq reads the
        // message first and notices the end of the stream only on the next read, hence the loop.
        for _ in 0..<8 {
            let socket = PQsocket(connection)
            guard socket >= 0 else { return false }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 { return errno == EINTR }
            if ready == 0 { return true }
            if PQconsumeInput(connection) == 0 { return false }
            while let notification = PQnotifies(connection) { PQfreemem(notification) }
            guard PQstatus(connection) == CONNECTION_OK else { return false }
        }
        // Still readable after several reads while idle: something is wrong with this session.
        return false
    }

    private func connect() throws(DatabaseError) -> OpaquePointer {
        if let setupProblem {
            throw DatabaseError(kind: .configuration, message: setupProblem)
        }
        let now = ContinuousClock.now
        if let nextAttempt, now < nextAttempt {
            let wait = (nextAttempt - now).wholeMilliseconds
            throw DatabaseError(kind: .connection,
                                message: "database unavailable (\(lastFailure)); next attempt in \(wait) ms")
        }
        let timeoutSeconds = max(2, Int((configuration.connectTimeout.wholeMilliseconds + 999) / 1_000))
        let parameters: [(String, String)] = [
            ("dbname", configuration.url),
            ("application_name", configuration.applicationName),
            ("connect_timeout", String(timeoutSeconds)),
            ("client_encoding", "UTF8"),
        ]
        let connection = withCStrings(parameters.map(\.0)) { keywords in
            withCStrings(parameters.map(\.1)) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let connection else {
            try recordFailure("out of memory while connecting")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = redact(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            try recordFailure(message)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        if let setupScript {
            do {
                _ = try consume(PQexec(connection, setupScript), connection: connection)
            } catch {
                PQfinish(connection)
                try recordFailure("session setup failed: \(error.message)")
            }
        }
        self.connection = connection
        prepared.reset()
        generation += 1
        if consecutiveFailures > 0 {
            logger.info("Database connection re-established", metadata: ["db.failed_attempts": "\(consecutiveFailures)"])
        } else {
            logger.debug("Database connection opened")
        }
        consecutiveFailures = 0
        nextAttempt = nil
        return connection
    }

    private func recordFailure(_ message: String) throws(DatabaseError) -> Never {
        consecutiveFailures += 1
        lastFailure = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let exponent = min(consecutiveFailures - 1, 16)
        var delay = configuration.reconnectDelay * (1 << exponent)
        if delay > configuration.maxReconnectDelay { delay = configuration.maxReconnectDelay }
        delay = delay * Double.random(in: 0.8...1.2)
        nextAttempt = .now + delay
        logger.warning("Database connection failed", metadata: [
            "db.error": "\(lastFailure)", "db.failed_attempts": "\(consecutiveFailures)",
            "db.retry_in_ms": "\(delay.wholeMilliseconds)",
        ])
        throw DatabaseError(kind: .connection, message: lastFailure)
    }

    private func drop() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    private static func makeSetupScript(_ configuration: DatabaseConfiguration) -> (String?, String?) {
        var statements = ["SET TIME ZONE 'UTC'", "SET DateStyle TO ISO", "SET bytea_output TO hex"]
        if let searchPath = configuration.searchPath {
            var schemas: [String] = []
            for name in searchPath.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let problem = SQL.identifierProblem(name) {
                    return (nil, "searchPath: \(problem)")
                }
                schemas.append("\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
            statements.append("SET search_path TO " + schemas.joined(separator: ", "))
        }
        if let timeout = configuration.statementTimeout {
            statements.append("SET statement_timeout TO \(max(1, timeout.wholeMilliseconds))")
        }
        return (statements.joined(separator: "; "), nil)
    }

    // MARK: Results and errors

    private func consume(_ result: OpaquePointer?, connection: OpaquePointer) throws(DatabaseError) -> Outcome {
        guard let result else { throw connectionError(connection) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK:
            return Outcome(rows: rows(of: result), affectedRows: affectedRows(of: result))
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Outcome(rows: [], affectedRows: affectedRows(of: result))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            drop()
            throw DatabaseError(kind: .invalidQuery, message: "COPY is not supported")
        default:
            let error = serverError(result, connection: connection)
            if PQstatus(connection) != CONNECTION_OK { drop() }
            throw error
        }
    }

    /// ``consume(_:connection:)`` for a prepared statement: a statement the server no longer knows, or whose
    /// cached plan became invalid (a migration changed a table's columns under a running service), is
    /// forgotten, so the next call prepares it again.
    private func consumePrepared(_ result: OpaquePointer?, connection: OpaquePointer,
                                 name: String) throws(DatabaseError) -> Outcome
    {
        do {
            return try consume(result, connection: connection)
        } catch {
            if error.sqlState == "26000" || error.sqlState == "0A000" { prepared.forget(name: name) }
            throw error
        }
    }

    private func rows(of result: OpaquePointer) -> [Row] {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        guard rowCount > 0 else { return [] }
        let columns = RowColumns(names: (0..<columnCount).map { String(cString: PQfname(result, $0)) })
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for rowIndex in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, rowIndex, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, rowIndex, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(result, rowIndex, column)!)
                    values.append(String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private func affectedRows(of result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    private func serverError(_ result: OpaquePointer, connection: OpaquePointer) -> DatabaseError {
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(result, Int32(UInt8(ascii: code))).map { redact(String(cString: $0)) }
        }
        let sqlState = field("C")
        let broken = PQstatus(connection) != CONNECTION_OK
        var message = field("M") ?? redact(String(cString: PQresultErrorMessage(result)))
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.isEmpty { message = redact(String(cString: PQerrorMessage(connection))) }
        return DatabaseError(kind: broken && sqlState == nil ? .connection : .server,
                             message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                             sqlState: sqlState, detail: field("D"), hint: field("H"),
                             constraint: field("n"), table: field("t"))
    }

    private func connectionError(_ connection: OpaquePointer) -> DatabaseError {
        let message = redact(String(cString: PQerrorMessage(connection)))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if PQstatus(connection) != CONNECTION_OK { drop() }
        return DatabaseError(kind: .connection, message: message.isEmpty ? "the database connection failed" : message)
    }

    private func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text
    }

    // MARK: Parameter marshalling

    /// Lays all parameter values out in one buffer and calls `body` with libpq's parallel arrays.
    private func withParameters<Result>(
        _ parameters: [SQLValue],
        _ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                 UnsafePointer<Int32>?) -> Result
    ) throws(DatabaseError) -> Result {
        if parameters.isEmpty { return body(nil, nil, nil, nil) }
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        offsets.reserveCapacity(parameters.count)
        types.reserveCapacity(parameters.count)
        lengths.reserveCapacity(parameters.count)
        formats.reserveCapacity(parameters.count)
        for (index, parameter) in parameters.enumerated() {
            types.append(parameter.type.rawValue)
            switch parameter.content {
            case .null:
                offsets.append(-1)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                let start = storage.count
                storage.append(contentsOf: text.utf8)
                if storage[start...].contains(0) {
                    throw DatabaseError(kind: .invalidQuery,
                                        message: "parameter $\(index + 1) contains a NUL character, which text cannot hold")
                }
                storage.append(0)
                offsets.append(start)
                lengths.append(0)
                formats.append(0)
            case .binary(let data):
                guard data.count <= Int(Int32.max) else {
                    throw DatabaseError(kind: .invalidQuery, message: "parameter $\(index + 1) is too large")
                }
                offsets.append(storage.count)
                storage.append(contentsOf: data)
                lengths.append(Int32(data.count))
                formats.append(1)
            }
        }
        storage.append(0)
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return body(types, values, lengths, formats)
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<Result>(_ strings: [String],
                                  _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

