package instruments

import "testing"

func TestUsesRole(t *testing.T) {
	for src, want := range map[string]bool{
		"role = 'schoolleider'":              true,
		"not (role != 'ib') and q1 = 'ja'":   true,
		"q1 = 'role'":                        false,
		`q1 = "role" or q2 = 1`:              false,
		"roles = 'x'":                        false,
		"q1 = 'ja' and role='leerkracht'":    true,
		"selected(q5, 'role') or x_role = 1": false,
	} {
		if got := usesRole(src); got != want {
			t.Errorf("usesRole(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	types := []string{"likert", "single", "multiple", "integer", "grade", "text", "note"}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"likret", "likert", true},
		{"Likert", "likert", true},
		{"singel", "single", true},
		{"multi", "", false},
		{"nr", "", false},
		{"txt", "text", true},
		{"open", "", false},
	} {
		got, ok := closest(tc.in, types)
		if got != tc.want && ok || ok != tc.ok {
			t.Errorf("closest(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestQuoteHint(t *testing.T) {
	for _, tc := range []struct {
		src  string
		pos  int
		want string
	}{
		{"kent = ja", 7, "; put option values and roles in quotes: 'ja'"},
		{"role = leerkracht-onderzoeker", 7, "; put option values and roles in quotes: 'leerkracht-onderzoeker'"},
		{"role = leerkracht-onderzoeker", 17, "; put option values and roles in quotes: 'leerkracht-onderzoeker'"},
		{"kent ja", 5, ""},
		{"(kent = 'ja'", 12, ""},
	} {
		if got := quoteHint(tc.src, tc.pos); got != tc.want {
			t.Errorf("quoteHint(%q, %d) = %q, want %q", tc.src, tc.pos, got, tc.want)
		}
	}
}
