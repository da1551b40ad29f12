// Placeholder: the notifier benchmark (issue 5) is being written.
print("notifier-benchmark: not implemented yet")
