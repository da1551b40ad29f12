import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Routes every request: the partner API (`/r3/v01/…`, `/r3/v02/…`), the control API (`/sandbox/…`), the
/// page (`/`), the link page (`/pay/<id>`) and `/healthz`.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: KaspiState
    let partnerAPI: PartnerAPIHandler
    let control: ControlAPI
    let logger: Logger

    static let maximumBodyBytes = 1024 * 1024
    private static let apiKeyHeader = HTTPField.Name("Api-Key")!
    private static let requestIdHeader = HTTPField.Name("X-Request-ID")!

    func respond(to request: Request, context: Context) async throws -> Response {
        let rawPath = request.uri.path
        let path = rawPath.removingPercentEncoding ?? rawPath
        let query = Self.queryDictionary(request.uri.query)
        if path == "/" || path == "/index.html" {
            return SandboxResponses.html(KaspiPage.html)
        }
        if path == "/healthz" {
            return SandboxResponses.json(status: 200, .object([("status", .string("ok")),
                                                               ("service", .string("kaspi-sandbox"))]))
        }
        if path.hasPrefix("/pay/") {
            guard let id = Int64(path.dropFirst("/pay/".count)) else {
                return SandboxResponses.html(LinkPage.notFound, status: 404)
            }
            return SandboxResponses.html(LinkPage.html(paymentId: id))
        }
        let body: Data
        do {
            let buffer = try await request.body.collect(upTo: Self.maximumBodyBytes)
            body = Data(buffer.readableBytesView)
        } catch {
            return SandboxResponses.json(status: 413, .object([("StatusCode", .int(-1)),
                                                               ("Message", .string("Слишком большой запрос"))]))
        }
        if path.hasPrefix("/sandbox/") {
            let components = path.dropFirst("/sandbox/".count).split(separator: "/").map(String.init)
            let method: ControlRequest.Method = switch request.method {
            case .get, .head: .get
            case .post: .post
            default: .other
            }
            let answer = await control.handle(ControlRequest(method: method, components: components, query: query,
                                                             body: body))
            return SandboxResponses.json(status: answer.status, data: answer.body)
        }
        let segments = path.split(separator: "/").map(String.init)
        if segments.count >= 3, segments[0] == "r3", segments[1] == "v01" || segments[1] == "v02" {
            let method: PartnerAPIRequest.Method = switch request.method {
            case .get, .head: .get
            case .post: .post
            default: .other
            }
            let answer = await partnerAPI.handle(PartnerAPIRequest(
                method: method, version: segments[1], components: Array(segments.dropFirst(2)), query: query,
                apiKey: request.headers[Self.apiKeyHeader], requestId: request.headers[Self.requestIdHeader],
                body: Array(body)))
            return SandboxResponses.json(status: answer.status, answer.body)
        }
        return SandboxResponses.json(status: 404, .object([("StatusCode", .int(-1)),
                                                           ("Message", .string("Метод не найден"))]))
    }

    /// `a=1&b=x%20y` → `["a": "1", "b": "x y"]` (`+` is a space; the last of repeated names wins).
    static func queryDictionary(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            guard !name.isEmpty else { continue }
            result[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
