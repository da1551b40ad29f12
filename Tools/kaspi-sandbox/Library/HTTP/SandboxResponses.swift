import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Building HTTP responses: JSON, HTML.
enum SandboxResponses {
    static func json(status: Int, _ body: KaspiJSON) -> Response {
        bytes(Data(body.text.utf8), contentType: "application/json; charset=utf-8", status: status)
    }

    static func json(status: Int, data: Data) -> Response {
        bytes(data, contentType: "application/json; charset=utf-8", status: status)
    }

    static func bytes(_ data: Data, contentType: String, status: Int = 200,
                      extraHeaders: [(HTTPField.Name, String)] = []) -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        for (name, value) in extraHeaders { headers[name] = value }
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ text: String, status: Int = 200) -> Response {
        bytes(Data(text.utf8), contentType: "text/html; charset=utf-8", status: status,
              extraHeaders: [(.contentSecurityPolicy,
                              "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")])
    }
}
