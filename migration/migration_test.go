package migration

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string // the error, or "" with versions 1..n
	}{
		{"in order", []string{"0002_b.sql", "0001_a.sql", "0003_c.sql"}, ""},
		{"a gap", []string{"0001_a.sql", "0003_c.sql"}, "migration 0003_c.sql: expected number 2"},
		{"two with one number", []string{"0001_a.sql", "0001_b.sql"}, "expected number 2"},
		{"no number", []string{"0001_a.sql", "init.sql"}, "migration init.sql: name must start with its number"},
		{"zero", []string{"0000_a.sql"}, "name must start with its number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys["m/"+f] = &fstest.MapFile{Data: []byte("-- " + f)}
			}
			ms, err := Load(fsys, "m")
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Load = %v, want an error with %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range ms {
				if m.Version != i+1 || m.SQL != "-- "+m.Name {
					t.Errorf("step %d = %+v", i, m)
				}
			}
		})
	}
}
