// Placeholder: implemented in the foundation work.
