import Testing

@Suite struct MessagingTestsPlaceholder {}
