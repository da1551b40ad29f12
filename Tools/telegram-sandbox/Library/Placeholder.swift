// Placeholder: the Telegram sandbox arrives with the guest-search issue.
