package instruments_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"peil/instruments"
	"peil/survey"
)

var update = flag.Bool("update", false, "rewrite the golden .want files in testdata/bad")

// TestBadFiles parses every file in testdata/bad and compares the problems
// with the golden file beside it, byte for byte.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in, err := instruments.Parse(name, data)
			if err == nil {
				t.Fatalf("Parse accepted a bad file: %+v", in)
			}
			if in != nil {
				t.Errorf("Parse returned an instrument along with problems")
			}
			var probs instruments.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			for _, p := range probs {
				if p.File != name {
					t.Errorf("problem names file %q, want %q", p.File, name)
				}
				if p.Line == 0 && name != "empty.yaml" {
					t.Errorf("problem without a line: %s", p)
				}
			}
			got := err.Error() + "\n"
			wantPath := strings.TrimSuffix(path, ".yaml") + ".want"
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s\ngot:\n%s\nwant:\n%s", wantPath, got, want)
			}
		})
	}
}

// goodFiles returns the instruments in testdata/good and the built-ins.
func goodFiles(t *testing.T) map[string]*survey.Instrument {
	t.Helper()
	out := map[string]*survey.Instrument{}
	files, _ := filepath.Glob("testdata/good/*.yaml")
	for _, path := range files {
		in, err := instruments.Load(path)
		if err != nil {
			t.Fatalf("Load(%s):\n%v", path, err)
		}
		out[path] = in
	}
	bs, err := instruments.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range bs {
		out["builtin "+in.ID] = in
	}
	return out
}

func TestGoodFile(t *testing.T) {
	in, err := instruments.Load("testdata/good/klein.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if in.Key() != "klein@2" || len(in.Sections) != 2 || len(in.Items()) != 10 {
		t.Fatalf("got %s with %d sections and %d items", in.Key(), len(in.Sections), len(in.Items()))
	}
	functie := in.Item("functie")
	if !functie.SetsRole || !functie.Required || functie.Type != survey.SingleChoice {
		t.Errorf("functie = %+v", functie)
	}
	var codes []int
	for _, o := range functie.Options {
		codes = append(codes, o.Code)
	}
	if !reflect.DeepEqual(codes, []int{1, 2, 9}) {
		t.Errorf("codes = %v, want [1 2 9] (default, default, explicit)", codes)
	}
	// YAML 1.1 would read Yes and No as booleans; here they stay text.
	kent := in.Item("kent")
	if got := kent.Options[0].Label[survey.English]; got != "Yes" {
		t.Errorf("English label of ja = %q, want Yes", got)
	}
	if in.Item("m1").DontKnow != true || in.Item("m3").DontKnow {
		t.Errorf("dont_know: m1 %v, m3 %v", in.Item("m1").DontKnow, in.Item("m3").DontKnow)
	}
	if jaren := in.Item("jaren"); jaren.Min != 0 || jaren.Max != 50 || jaren.Text[survey.Dutch] == "" || jaren.Text[survey.English] != "" {
		t.Errorf("jaren = %+v", jaren)
	}
	if c := in.Item("bronnen").ShowIf; c == nil || c.String() != "kent = 'ja' and role != 'anders'" {
		t.Errorf("bronnen show_if = %v", c)
	}
	s, ok := in.Scale("waardering")
	if !ok || s.MinAnswered != 0.67 || !s.IsReversed("m2") || len(s.Items) != 3 {
		t.Errorf("scale = %+v", s)
	}
	if in.Description[survey.Dutch] == "" {
		t.Errorf("a plain text should be read as Dutch: %v", in.Description)
	}
}

// TestRoundTrip checks Parse(Marshal(x)) == x for every good file and
// built-in, and that Marshal is stable.
func TestRoundTrip(t *testing.T) {
	for name, in := range goodFiles(t) {
		t.Run(name, func(t *testing.T) {
			data, err := instruments.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			back, err := instruments.Parse(name, data)
			if err != nil {
				t.Fatalf("Parse(Marshal(x)):\n%v\n%s", err, data)
			}
			if !reflect.DeepEqual(back, in) {
				t.Errorf("Parse(Marshal(x)) differs from x\n%s", data)
			}
			again, err := instruments.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(data) {
				t.Errorf("Marshal is not stable:\n%s\n---\n%s", data, again)
			}
			// A file people read and edit: numbers as they write them
			// (min: 0), never a YAML type tag (min: !!float 0).
			if strings.Contains(string(data), "!!") {
				t.Errorf("Marshal wrote a YAML type tag:\n%s", data)
			}
		})
	}
}

func TestMarshalNil(t *testing.T) {
	if _, err := instruments.Marshal(nil); err == nil {
		t.Error("Marshal(nil) succeeded")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := instruments.Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want os.ErrNotExist", err)
	}
}

func TestLoadNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cultuur.yaml")
	if err := os.WriteFile(path, []byte("id: x\nversion: 1\ntitle: X\nsections:\n  - id: s\n    title: S\n    items:\n      - id: q7\n        type: likret\n        text: Q\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := instruments.Load(path)
	want := path + `:9:15: item q7: unknown type "likret"; did you mean "likert"?`
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n%v\nwant:\n%s", err, want)
	}
}

// TestOriginalNames: the names an imported form gave are read, written
// back in place (after the id) and shown in the outline; items without one
// have none.
func TestOriginalNames(t *testing.T) {
	in, err := instruments.Load("testdata/good/original-names.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Sections[0].OriginalName; got != "about-you" {
		t.Errorf("section original name %q, want about-you", got)
	}
	for id, want := range map[string]string{"first_name": "first-name", "weight_kg": "weight.kg", "visit": ""} {
		if got := in.Item(id).OriginalName; got != want {
			t.Errorf("item %s: original name %q, want %q", id, got, want)
		}
	}
	data, err := instruments.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  - id: about_you\n    original_name: about-you\n    title:",
		"      - id: first_name\n        original_name: first-name\n        type: text\n",
		"      - id: weight_kg\n        original_name: weight.kg\n        type: decimal\n",
		"      - id: visit\n        type: date\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("Marshal lacks %q:\n%s", want, data)
		}
	}
	var b strings.Builder
	if err := instruments.WriteOutline(&b, in, survey.English); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  1. first_name [text, original name first-name]\n", "  2. weight_kg [decimal, from 0.5, original name weight.kg]\n", "  3. visit [date]\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the outline lacks %q:\n%s", want, b.String())
		}
	}
}
