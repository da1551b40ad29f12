print("payments: placeholder")
