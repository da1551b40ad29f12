import Testing

@Suite struct DatabaseTestsPlaceholder {}
