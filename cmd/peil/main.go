// Command peil administers questionnaires on school laptops, keeps the
// answers in a local SQLite database, and compares workplaces across
// measurement rounds. Run "peil --help" for the commands.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
