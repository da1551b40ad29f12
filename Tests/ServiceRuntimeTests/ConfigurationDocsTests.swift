import Foundation
import Testing

/// Every environment variable the code reads is documented: the services', the libraries' and the ops tool's in
/// docs/configuration.md, each sandbox's in its own page (which docs/configuration.md links). The benchmarks'
/// `BENCH_*` settings are left out: `./zg bench` sets them.
///
/// A variable counts as read when a file that reads configuration (it uses `ConfigReader`, a `reader.` or an
/// `environment[…]` lookup) holds its name as a string literal shaped like one (`"KASPI_API_URL"`: capitals,
/// digits and at least one underscore) — as arguments to `ConfigReader`, to `ConfigError` or as named constants.
/// Names built at run time (`DB_PASSWORD_<SERVICE>`) are not found and are documented by hand.
@Suite struct ConfigurationDocsTests {
    /// Source folders and the page that must name each of their variables (in backticks).
    static let pages: [(sources: [String], doc: String)] = [
        (["Services", "Libraries", "Tools/ops"], "docs/configuration.md"),
        (["Tools/telegram-sandbox"], "docs/telegram-sandbox.md"),
        (["Tools/kaspi-sandbox"], "docs/kaspi-sandbox.md"),
    ]

    @Test(arguments: pages.map(\.doc))
    func everyVariableTheCodeReadsIsDocumented(doc: String) throws {
        let page = try #require(Self.pages.first { $0.doc == doc })
        let root = Self.repositoryRoot
        let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
        let read = try page.sources.flatMap { try Self.variablesRead(under: root.appendingPathComponent($0)) }
        #expect(!read.isEmpty, "no variables found under \(page.sources): is the scan looking in the right place?")
        let missing = Set(read).filter { !text.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "read by the code but missing from \(doc): \(missing.joined(separator: ", "))")
    }

    /// The scan itself: it finds the common variables, one read through a named constant, and no made-up ones.
    @Test func theScanFindsVariablesReadInEveryWay() throws {
        let read = Set(try Self.variablesRead(under: Self.repositoryRoot.appendingPathComponent("Libraries")))
            .union(try Self.variablesRead(under: Self.repositoryRoot.appendingPathComponent("Services")))
        for name in ["DATABASE_URL", "AMQP_URL", "LOG_LEVEL", "ZG_CLOCK_SHIFT", "CODES_ENCRYPTION_KEYS",
                     "NOTIFIER_PER_CHAT_RATE", "KASPI_API_URL"] {
            #expect(read.contains(name), "\(name)")
        }
        #expect(!read.contains("HTTP"))
    }

    // MARK: Scanning

    /// The checkout: this file is Tests/ServiceRuntimeTests/ConfigurationDocsTests.swift.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The variable names read by the Swift files under `folder`.
    static func variablesRead(under folder: URL) throws -> [String] {
        let readsConfiguration = #/ConfigReader|reader\.|environment\[/#
        let variableLiteral = #/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/#
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var names: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let source = try String(contentsOf: file, encoding: .utf8)
            guard source.contains(readsConfiguration) else { continue }
            for match in source.matches(of: variableLiteral) { names.insert(String(match.output.1)) }
        }
        return names.sorted()
    }
}
