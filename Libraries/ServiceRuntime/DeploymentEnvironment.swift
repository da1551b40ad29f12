/// Where a service runs. Only outside production may the clock be shifted or sandboxes be used.
public enum DeploymentEnvironment: String, Sendable, CaseIterable {
    case development
    case test
    case production

    public var isProduction: Bool { self == .production }
}
