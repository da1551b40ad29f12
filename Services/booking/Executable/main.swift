print("booking: placeholder")
