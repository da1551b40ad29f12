import Foundation
import Hummingbird
import Logging
import Prometheus

/// `/healthz` (the process serves HTTP), `/readyz` (every dependency answers) and `/metrics` (Prometheus text),
/// the same on every service.
public enum OperationalRoutes {
    public static func add<Context: RequestContext>(to router: Router<Context>, service: String,
                                                    checks: [ReadinessCheck],
                                                    registry: PrometheusCollectorRegistry)
    {
        router.get("/healthz") { _, _ in
            jsonResponse(status: .ok, ["status": "ok", "service": service])
        }
        router.get("/readyz") { _, _ in
            var failures: [String: String] = [:]
            await withTaskGroup(of: (String, String?).self) { group in
                for check in checks {
                    group.addTask {
                        do {
                            try await withDeadline(.seconds(2)) { try await check.check() }
                            return (check.name, nil)
                        } catch {
                            return (check.name, String(describing: error))
                        }
                    }
                }
                for await (name, failure) in group {
                    if let failure { failures[name] = failure }
                }
            }
            var body: [String: String] = ["service": service, "status": failures.isEmpty ? "ready" : "not ready"]
            for check in checks { body["check." + check.name] = failures[check.name] ?? "ok" }
            return jsonResponse(status: failures.isEmpty ? .ok : .serviceUnavailable, body)
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    static func jsonResponse(status: HTTPResponse.Status, _ fields: [String: String]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(fields)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "did not answer in time" }
}

/// Runs `body`, failing with `DeadlineExceeded` if it has not finished after `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
        return value
    }
}
