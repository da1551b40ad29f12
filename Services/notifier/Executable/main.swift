print("notifier: placeholder")
