package postgres

import "testing"

func TestDescribeAndHasPassword(t *testing.T) {
	for _, tc := range []struct {
		dsn      string
		describe string
		password bool
	}{
		{"postgres://peil:geheim@db.example.nl:5433/monitor?sslmode=verify-full", "database monitor on db.example.nl:5433", true},
		{"postgres://peil@db.example.nl/monitor", "database monitor on db.example.nl:5432", false},
		{"postgres://db.example.nl/monitor?password=geheim", "database monitor on db.example.nl:5432", true},
		{"host=/tmp/pg user=peil dbname=peil", "database peil on /tmp/pg", false},
		{"host=db dbname=peil password=geheim", "database peil on db:5432", true},
	} {
		if got := Describe(tc.dsn); got != tc.describe {
			t.Errorf("Describe(%q) = %q, want %q", tc.dsn, got, tc.describe)
		}
		if got := HasPassword(tc.dsn); got != tc.password {
			t.Errorf("HasPassword(%q) = %v, want %v", tc.dsn, got, tc.password)
		}
	}
}
