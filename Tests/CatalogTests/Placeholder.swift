import Testing

@Suite struct CatalogPlaceholder {}
