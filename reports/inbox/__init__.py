"""The "Việc cần làm" inbox and workflow notifications: what waits for each user, and who is told of each step."""
