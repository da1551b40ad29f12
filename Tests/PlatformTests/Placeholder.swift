import Testing

@Suite struct PlatformTestsPlaceholder {}
