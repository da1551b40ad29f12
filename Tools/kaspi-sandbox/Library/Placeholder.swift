// Replaced by the Kaspi sandbox (issue 4).
enum KaspiSandboxPlaceholder {}
