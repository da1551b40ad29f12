import Foundation
import HTTPClient

/// The few RabbitMQ management API calls the benchmark needs (HTTP basic auth, the AMQP user's credentials).
struct RabbitManagement: Sendable {
    let baseURL: String
    let user: String
    let password: String
    let http: HTTPClient

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func createVirtualHost(_ name: String) async throws {
        _ = try await call(.put, "vhosts/\(Self.encoded(name))", body: "{}")
        _ = try await call(.put, "permissions/\(Self.encoded(name))/\(Self.encoded(user))",
                           body: #"{"configure":".*","write":".*","read":".*"}"#)
    }

    func deleteVirtualHost(_ name: String) async throws {
        _ = try await call(.delete, "vhosts/\(Self.encoded(name))")
    }

    func queueDepth(virtualHost: String, queue: String) async throws -> Int? {
        guard let data = try await call(.get, "queues/\(Self.encoded(virtualHost))/\(Self.encoded(queue))",
                                        allowNotFound: true),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["messages"] as? Int
    }

    private func call(_ method: HTTPMethod, _ path: String, body: String? = nil,
                      allowNotFound: Bool = false) async throws -> Data?
    {
        let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
        let headers: HTTPHeaders = ["Authorization": "Basic \(credentials)"]
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let request = HTTPRequest(method: method, url: "\(trimmed)/api/\(path)", headers: headers,
                                  body: body.map { .data(Data($0.utf8), contentType: "application/json") } ?? .none,
                                  timeout: .seconds(30))
        let response = try await http.send(request)
        if response.status == 404, allowNotFound { return nil }
        guard (200..<300).contains(response.status) else {
            throw Failure(description: "RabbitMQ management \(path): HTTP \(response.status) \(response.text.prefix(300))")
        }
        return response.body
    }

    private static func encoded(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? segment
    }
}
