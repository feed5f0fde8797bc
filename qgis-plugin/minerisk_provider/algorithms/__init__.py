"""One Processing algorithm per minerisk CLI command."""
