import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Building HTTP responses: JSON (Bot API and control API envelopes), raw bytes, HTML.
enum SandboxResponses {
    private struct BotAPISuccess<Result: Encodable>: Encodable {
        let ok = true
        let result: Result
        let description: String?
    }

    private struct BotAPIFailure: Encodable {
        struct Parameters: Encodable {
            let retryAfter: Int
        }

        let ok = false
        let errorCode: Int
        let description: String
        let parameters: Parameters?
    }

    private struct ControlSuccess<Result: Encodable>: Encodable {
        let ok = true
        let result: Result
    }

    private struct ControlFailure: Encodable {
        let ok = false
        let error: String
    }

    /// `{"ok":true,"result":…}` (plus `description` where Telegram adds one, e.g. "Webhook was set").
    static func botAPI<Result: Encodable>(_ result: Result, description: String? = nil) -> Response {
        json(status: 200, BotAPISuccess(result: result, description: description))
    }

    /// `{"ok":false,"error_code":…,"description":…}` with the same HTTP status, and `parameters.retry_after`
    /// plus a `Retry-After` header for 429.
    static func botAPI(error: BotAPIError) -> Response {
        var response = json(status: error.errorCode,
                            BotAPIFailure(errorCode: error.errorCode, description: error.description,
                                          parameters: error.retryAfter.map { .init(retryAfter: $0) }))
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func control<Result: Encodable>(_ result: Result, status: Int = 200) -> Response {
        json(status: status, ControlSuccess(result: result))
    }

    static func control(error: ControlError) -> Response {
        json(status: error.status, ControlFailure(error: error.message))
    }

    static func json<Body: Encodable>(status: Int, _ body: Body) -> Response {
        let data = (try? BotAPI.makeEncoder().encode(body)) ?? Data(#"{"ok":false,"error":"encoding failed"}"#.utf8)
        return bytes(data, contentType: "application/json", status: status)
    }

    static func bytes(_ data: Data, contentType: String, status: Int = 200, extraHeaders: [(HTTPField.Name, String)] = [])
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        for (name, value) in extraHeaders { headers[name] = value }
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ text: String) -> Response {
        bytes(Data(text.utf8), contentType: "text/html; charset=utf-8",
              extraHeaders: [(.contentSecurityPolicy,
                              "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; "
                                  + "script-src 'unsafe-inline'")])
    }
}
