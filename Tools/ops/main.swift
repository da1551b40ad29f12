print("zhilyego-ops: placeholder")
