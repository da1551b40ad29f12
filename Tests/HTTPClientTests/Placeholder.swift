import Testing

@Suite struct HTTPClientTestsPlaceholder {}
