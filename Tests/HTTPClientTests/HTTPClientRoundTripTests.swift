import Foundation
import HTTPClient
import Testing

@Suite("HTTPClient round trips against a local server")
struct HTTPClientRoundTripTests {
    @Test func getsPlainText() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.get(url: "\(server.baseURL)/hello")
                #expect(response.status == 200)
                #expect(response.isSuccess)
                #expect(response.text == "hello")
            }
        }
    }

    @Test func postsJSONAndDecodesTheReply() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.postJSON(
                    url: "\(server.baseURL)/greet", body: Greeting(name: "Алия", city: "Алматы"))
                #expect(response.status == 201)
                #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
                let reply = try response.decode(GreetingReply.self)
                #expect(reply == GreetingReply(text: "Привет, Алия!"))
            }
        }
    }

    @Test func sendsCyrillicBodyBytesUnchanged() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let text = "Квартира у Байтерека: 2 комнаты, 25 000 ₸ / сутки 🏠"
                let response = try await client.send(HTTPRequest(
                    method: .post, url: "\(server.baseURL)/echo",
                    body: .data(Data(text.utf8), contentType: "text/plain; charset=utf-8")))
                let echo = try response.decode(EchoReply.self)
                #expect(String(decoding: echo.body, as: UTF8.self) == text)
                #expect(echo.header("Content-Type") == "text/plain; charset=utf-8")
            }
        }
    }

    @Test func sendsRequestHeadersAndDefaultUserAgent() async throws {
        try await withTestServer { server in
            try await withClient(HTTPClientConfiguration(userAgent: "zhilyego-tests/1")) { client in
                var headers: HTTPHeaders = ["X-Auth-Token": "kaspi-secret", "Accept": "application/json"]
                headers.add(name: "X-Multi", value: "one")
                headers.add(name: "X-Multi", value: "two")
                headers.add(name: "X-Empty", value: "")
                let response = try await client.get(url: "\(server.baseURL)/echo", headers: headers)
                let echo = try response.decode(EchoReply.self)
                #expect(echo.method == "GET")
                #expect(echo.header("x-auth-token") == "kaspi-secret")
                #expect(echo.header("accept") == "application/json")
                #expect(echo.header("user-agent") == "zhilyego-tests/1")
                #expect(echo.headers.filter { $0[0].lowercased() == "x-multi" }.map { $0[1] } == ["one", "two"])
                #expect(echo.header("x-empty") == "")
                #expect(echo.header("expect") == nil)
            }
        }
    }

    @Test func receivesResponseHeadersWithCaseInsensitiveLookup() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.get(url: "\(server.baseURL)/headers")
                #expect(response.headers["X-REQUEST-TRACE"] == "abc-123")
                #expect(response.headers["x-request-trace"] == "abc-123")
                #expect(response.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
                #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
                #expect(response.headers["x-missing"] == nil)
            }
        }
    }

    @Test func encodesFormFieldsIncludingCyrillicAndReservedCharacters() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.send(HTTPRequest(
                    method: .post, url: "\(server.baseURL)/form",
                    body: .form(["name": "Ерлан & Co = 100%+", "city": "Нур-Султан"])))
                #expect(response.status == 200)
                #expect(try response.decode(GreetingReply.self).text == "Ерлан & Co = 100%+ из Нур-Султан")
            }
        }
    }

    @Test func formEncodingFollowsURLEncodedRules() {
        #expect(HTTPBody.formEncoded([("a b", "c&d=e"), ("ключ", "*-._~+")])
                    == "a+b=c%26d%3De&%D0%BA%D0%BB%D1%8E%D1%87=*-._%7E%2B")
    }

    @Test func uploadsMultipartFileBytesIntact() async throws {
        try await withTestServer { server in
            try await withClient { client in
                // Every byte value, plus CR LF and dashes that could be mistaken for a boundary.
                var photo = Data((0...255).map { UInt8($0) })
                photo.append(Data("\r\n--\r\n".utf8))
                photo.append(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
                let response = try await client.send(HTTPRequest(
                    method: .post, url: "\(server.baseURL)/echo",
                    body: .multipart([
                        .field(name: "chat_id", value: "-100123"),
                        .field(name: "caption", value: "Уютная студия"),
                        .file(name: "photo", filename: "flat.png", contentType: "image/png", data: photo),
                    ])))
                let echo = try response.decode(EchoReply.self)
                let contentType = try #require(echo.header("content-type"))
                #expect(contentType.hasPrefix("multipart/form-data"))
                let parts = try #require(parseMultipart(echo.body, contentType: contentType))
                try #require(parts.count == 3)
                #expect(parts[0].headers["content-disposition"] == "form-data; name=\"chat_id\"")
                #expect(parts[0].body == Data("-100123".utf8))
                #expect(parts[1].headers["content-disposition"] == "form-data; name=\"caption\"")
                #expect(String(decoding: parts[1].body, as: UTF8.self) == "Уютная студия")
                #expect(parts[2].headers["content-disposition"] == "form-data; name=\"photo\"; filename=\"flat.png\"")
                #expect(parts[2].headers["content-type"] == "image/png")
                #expect(parts[2].body == photo)
            }
        }
    }

    @Test(arguments: [HTTPMethod.put, .patch, .delete])
    func sendsOtherMethodsWithBodies(method: HTTPMethod) async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.send(HTTPRequest(
                    method: method, url: "\(server.baseURL)/echo",
                    body: try .json(Greeting(name: "Дана"))))
                let echo = try response.decode(EchoReply.self)
                #expect(echo.method == method.rawValue)
                #expect(try JSONDecoder().decode(Greeting.self, from: echo.body) == Greeting(name: "Дана"))
            }
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let response = try await client.send(HTTPRequest(method: .head, url: "\(server.baseURL)/resource"))
                #expect(response.status == 200)
                #expect(response.headers["x-resource-version"] == "7")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test func returnsErrorStatusesAsResponses() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let notFound = try await client.get(url: "\(server.baseURL)/status/404")
                #expect(notFound.status == 404)
                #expect(!notFound.isSuccess)
                let tooMany = try await client.get(url: "\(server.baseURL)/status/429")
                #expect(tooMany.status == 429)
                #expect(tooMany.text == "status 429")
            }
        }
    }

    @Test func reusesTheConnectionForSequentialRequests() async throws {
        try await withTestServer { server in
            try await withClient { client in
                var ports: Set<String> = []
                for _ in 0..<5 {
                    ports.insert(try await client.get(url: "\(server.baseURL)/peer").text)
                }
                #expect(ports.count == 1)
            }
        }
    }

    @Test func reusesTheClientForSequentialRequests() async throws {
        try await withTestServer { server in
            try await withClient { client in
                for index in 0..<20 {
                    let response = try await client.postJSON(
                        url: "\(server.baseURL)/greet", body: Greeting(name: "гость \(index)"))
                    #expect(try response.decode(GreetingReply.self).text == "Привет, гость \(index)!")
                }
            }
        }
    }
}
