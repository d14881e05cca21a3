package instruments_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"peil/instruments"
	"peil/survey"
)

func TestBuiltinsValid(t *testing.T) {
	ins, err := instruments.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range ins {
		ids = append(ids, in.ID)
	}
	want := []string{"collega", "cultuursurvey", "kennisproduct", "leerkracht-onderzoeker"}
	if !slices.Equal(ids, want) {
		t.Fatalf("built-ins = %v, want %v", ids, want)
	}
	for _, in := range ins {
		got, err := instruments.Builtin(in.ID)
		if err != nil {
			t.Fatalf("Builtin(%q): %v", in.ID, err)
		}
		if got.Key() != in.Key() {
			t.Errorf("Builtin(%q) = %s, want %s", in.ID, got.Key(), in.Key())
		}
		for _, it := range in.Items() {
			if it.Text.Get(survey.English) == it.Text.Get(survey.Dutch) {
				t.Errorf("%s: item %s has no English translation", in.ID, it.ID)
			}
		}
	}
}

func TestBuiltinUnknown(t *testing.T) {
	for _, id := range []string{"cultuur", "", "../builtin/collega", "builtin/collega"} {
		if _, err := instruments.Builtin(id); !errors.Is(err, instruments.ErrUnknownBuiltin) {
			t.Errorf("Builtin(%q) error = %v, want ErrUnknownBuiltin", id, err)
		}
	}
}

// TestCultuursurveyShape checks what the domain asks of the culture survey:
// a required role question first, 8 scales of 4-6 Likert items with
// "don't know", one or two reverse-worded items each, 30+ items.
func TestCultuursurveyShape(t *testing.T) {
	in, err := instruments.Builtin("cultuursurvey")
	if err != nil {
		t.Fatal(err)
	}
	first := in.Items()[0]
	if !first.SetsRole || !first.Required {
		t.Errorf("first item %s: SetsRole=%v Required=%v, want a required role question", first.ID, first.SetsRole, first.Required)
	}
	for _, r := range []string{survey.RoleTeacherResearcher, survey.RoleTeacher, survey.RoleSENCo, survey.RoleSchoolLeader, survey.RoleOther} {
		if _, ok := first.OptionByValue(r); !ok {
			t.Errorf("role question has no option %q", r)
		}
	}
	if len(in.Scales) < 8 {
		t.Errorf("%d scales, want 8", len(in.Scales))
	}
	likert := 0
	for _, s := range in.Scales {
		if len(s.Items) < 4 || len(s.Items) > 6 {
			t.Errorf("scale %s has %d items, want 4-6", s.ID, len(s.Items))
		}
		if len(s.Reversed) < 1 || len(s.Reversed) > 2 {
			t.Errorf("scale %s has %d reverse items, want 1 or 2", s.ID, len(s.Reversed))
		}
		for _, id := range s.Items {
			if !in.Item(id).DontKnow {
				t.Errorf("scale %s item %s has no don't know", s.ID, id)
			}
			likert++
		}
	}
	if likert < 30 {
		t.Errorf("%d scale items, want 30+", likert)
	}
}

// Builtins decodes builtin/<id>.json, made from builtin/<id>.yaml by
// gen_builtin.go: every .json must be exactly what the generator makes of
// its .yaml today, and decode to what parsing the .yaml gives.
func TestBuiltinJSONIsTheYAML(t *testing.T) {
	yamls, err := filepath.Glob("builtin/*.yaml")
	if err != nil || len(yamls) == 0 {
		t.Fatalf("no built-in instruments (%v)", err)
	}
	for _, name := range yamls {
		id := strings.TrimSuffix(filepath.Base(name), ".yaml")
		t.Run(id, func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want, err := instruments.BuiltinJSON("builtin/"+id+".yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(strings.TrimSuffix(name, ".yaml") + ".json")
			if err != nil {
				t.Fatalf("%v; run: go generate ./instruments", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("builtin/%s.json is not the parsed form of builtin/%s.yaml; run: go generate ./instruments", id, id)
			}
			parsed, err := instruments.Parse(name, src)
			if err != nil {
				t.Fatal(err)
			}
			decoded, err := instruments.Builtin(id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(decoded, parsed) {
				t.Errorf("Builtin(%q) differs from parsing builtin/%s.yaml", id, id)
			}
		})
	}
	jsons, err := filepath.Glob("builtin/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, js := range jsons {
		if _, err := os.Stat(strings.TrimSuffix(js, ".json") + ".yaml"); err != nil {
			t.Errorf("%s has no .yaml; run: go generate ./instruments", js)
		}
	}
}
