print("telegram-sandbox: placeholder")
