package instruments_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"peil/instruments"
)

// FuzzParse checks that no input makes Parse panic, that a failure is
// always a non-empty Problems list, and that whatever Parse accepts
// survives Marshal and Parse again unchanged. Run it with
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s -fuzzminimizetime 20x ./instruments
//
// (without -fuzzminimizetime the fuzzer spends up to a minute shrinking each
// new input, and seems to hang).
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"testdata/good/*.yaml", "testdata/bad/*.yaml", "builtin/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := instruments.Parse("fuzz.yaml", data)
		if err != nil {
			probs, ok := err.(instruments.Problems)
			if !ok || len(probs) == 0 || in != nil {
				t.Fatalf("Parse error %T (%v), instrument %v", err, err, in)
			}
			return
		}
		out, err := instruments.Marshal(in)
		if err != nil {
			t.Fatalf("Marshal of a parsed instrument: %v", err)
		}
		back, err := instruments.Parse("fuzz.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Marshal(x)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, in) {
			t.Fatalf("Parse(Marshal(x)) != x\n%s", out)
		}
	})
}
