import Testing

@Suite struct ServiceRuntimeTestsPlaceholder {}
