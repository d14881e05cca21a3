package survey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"peil/survey"
)

// condItems are the items the condition tests refer to, one of each type.
var condItems = []survey.Item{
	{ID: "j", Type: survey.SingleChoice, Options: []survey.Option{
		{Code: 1, Value: "ja"}, {Code: 2, Value: "nee"}, {Code: 3, Value: "weet-niet"},
	}},
	{ID: "l", Type: survey.Likert, DontKnow: true},
	{ID: "n", Type: survey.Integer, Min: -10, Max: 10},
	{ID: "g", Type: survey.Grade},
	{ID: "m", Type: survey.MultipleChoice, Options: []survey.Option{
		{Code: 1, Value: "a"}, {Code: 2, Value: "b"}, {Code: 3, Value: "c"},
	}},
	{ID: "t", Type: survey.OpenText},
	{ID: "note", Type: survey.Note},
	{ID: "klok", Type: survey.Time},
}

func condItem(id string) *survey.Item {
	for i := range condItems {
		if condItems[i].ID == id {
			return &condItems[i]
		}
	}
	return nil
}

// mapEnv is an Env over fixed answers; hidden items have no value.
type mapEnv struct {
	values map[string]survey.Value
	hidden map[string]bool
	role   string
}

func (e mapEnv) Item(id string) *survey.Item { return condItem(id) }
func (e mapEnv) Value(id string) (survey.Value, bool) {
	v, ok := e.values[id]
	if !ok || e.hidden[id] {
		return survey.Value{}, false
	}
	return v, true
}
func (e mapEnv) Role() string { return e.role }

func TestConditionEval(t *testing.T) {
	answers := map[string]survey.Value{
		"j": survey.Num(1), // ja
		"l": survey.Num(4),
		"n": survey.Num(-3),
		"g": survey.Num(8),
		"m": survey.ChoicesValue(1, 3),
		"t": survey.TextValue("hallo"),
	}
	env := mapEnv{values: answers, role: "collega"}
	tests := []struct {
		src  string
		want bool
	}{
		// single choice by value and by code
		{"j = 'ja'", true},
		{`j = "ja"`, true},
		{"j == 'ja'", true},
		{"j = 'nee'", false},
		{"j != 'nee'", true},
		{"j != 'ja'", false},
		{"j = 1", true},
		{"j = 2", false},
		{"j != 2", true},
		{"j < 2", true},
		{"j >= 2", false},
		// Likert: every operator, both sides of the boundary
		{"l = 4", true},
		{"l == 4", true},
		{"l = 3", false},
		{"l != 4", false},
		{"l != 3", true},
		{"l < 4", false},
		{"l < 5", true},
		{"l <= 4", true},
		{"l <= 3", false},
		{"l > 4", false},
		{"l > 3", true},
		{"l >= 4", true},
		{"l >= 5", false},
		{"l = '4'", false}, // a number item never equals text
		// integer with negative numbers
		{"n = -3", true},
		{"n=-3", true},
		{"n < -2", true},
		{"n < -3", false},
		{"n > -4", true},
		{"n >= 0", false},
		// grade
		{"g >= 8", true},
		{"g > 8", false},
		// open text
		{"t = 'hallo'", true},
		{"t != 'hallo'", false},
		{"t = 'Hallo'", false},
		{"t = 1", false},
		// multiple choice
		{"selected(m, 'a')", true},
		{"selected(m, 'b')", false},
		{"selected(m, 3)", true},
		{"selected(m, 2)", false},
		{"selected(m, 'onbekend')", false},
		{"SELECTED(m, 'c')", true},
		// answered
		{"answered(j)", true},
		{"answered(m)", true},
		{"Answered(t)", true},
		// role
		{"role = 'collega'", true},
		{"role = 'leerkracht-onderzoeker'", false},
		{"role != 'leerkracht-onderzoeker'", true},
		{"role != 'collega'", false},
		{"role = 1", false},
		// not, and, or, with their precedence: not binds tightest, then and, then or
		{"not j = 'nee'", true},
		{"not not j = 'ja'", true},
		{"NOT j = 'ja'", false},
		{"j = 'ja' and l = 4", true},
		{"j = 'ja' AND l = 3", false},
		{"j = 'nee' or l = 4", true},
		{"j = 'nee' Or l = 3", false},
		{"j = 'ja' or j = 'nee' and l = 3", true},    // ja or (nee and 3)
		{"(j = 'ja' or j = 'nee') and l = 3", false}, // parentheses first
		{"l = 3 and j = 'nee' or j = 'ja'", true},    // (3 and nee) or ja
		{"l = 3 and (j = 'nee' or j = 'ja')", false},
		{"not j = 'ja' and l = 3", false},   // (not ja) and 3
		{"not (j = 'ja' and l = 3)", true},  // not (ja and 3)
		{"not j = 'nee' or l = 3", true},    // (not nee) or 3
		{"not (j = 'nee' or l = 4)", false}, // not (nee or 4)
		{"((j = 'ja'))", true},
		{"(j='ja')and(l=4)", true},
		{"  j = 'ja'\n\tand l = 4  ", true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := survey.ParseCondition(tt.src)
			if err != nil {
				t.Fatalf("ParseCondition: %v", err)
			}
			if got := c.Eval(env); got != tt.want {
				t.Errorf("Eval = %v, want %v", got, tt.want)
			}
			if c.String() != tt.src {
				t.Errorf("String() = %q, want the source %q", c.String(), tt.src)
			}
		})
	}
}

// A comparison on an item without an answer, a hidden item or a "don't
// know" answer is false, whichever the operator: so both q = x and q != x
// are false, and only not makes such a condition true.
func TestConditionMissingAnswers(t *testing.T) {
	answered := map[string]survey.Value{
		"j": survey.Num(2), "l": survey.Num(3), "n": survey.Num(0), "g": survey.Num(6),
		"m": survey.ChoicesValue(2), "t": survey.TextValue("x"),
	}
	allHidden := map[string]bool{"j": true, "l": true, "n": true, "g": true, "m": true, "t": true}
	envs := map[string]mapEnv{
		"unanswered": {values: map[string]survey.Value{}},
		"hidden":     {values: answered, hidden: allHidden},
		"don't know": {values: map[string]survey.Value{"l": survey.DontKnowValue()}},
		"no role":    {values: answered},
	}
	conds := map[string][]string{
		"unanswered": {"j = 'ja'", "j != 'ja'", "j = 2", "j != 1", "l = 3", "l != 3", "l < 9", "l >= -9",
			"n = 0", "n != 5", "g != 1", "t = 'x'", "t != 'x'", "selected(m, 'b')", "selected(m, 2)", "answered(j)",
			"answered(m)", "answered(t)"},
		"hidden": {"j = 'nee'", "j != 'ja'", "j = 2", "l = 3", "l != 3", "n = 0", "n != 1", "g >= 1", "t = 'x'",
			"t != 'y'", "selected(m, 'b')", "answered(j)", "answered(l)", "answered(m)"},
		"don't know": {"l = 3", "l != 3", "l < 9", "l > 0", "answered(l)"},
		"no role":    {"role = 'collega'", "role != 'collega'"},
	}
	for name, srcs := range conds {
		for _, src := range srcs {
			t.Run(name+"/"+src, func(t *testing.T) {
				c := survey.MustParseCondition(src)
				if c.Eval(envs[name]) {
					t.Errorf("%s is true, want false", src)
				}
				if !survey.MustParseCondition("not (" + src + ")").Eval(envs[name]) {
					t.Errorf("not (%s) is false, want true", src)
				}
			})
		}
	}
}

// An Env may return a value for an item it does not know; conditions on
// such an item are false rather than panicking.
func TestConditionUnknownItemIsFalse(t *testing.T) {
	env := mapEnv{values: map[string]survey.Value{"x": survey.Num(1)}}
	for _, src := range []string{"x = 1", "x != 1", "selected(x, 1)"} {
		if survey.MustParseCondition(src).Eval(env) {
			t.Errorf("%s on an unknown item is true", src)
		}
	}
}

func TestParseConditionErrors(t *testing.T) {
	tests := []struct {
		src string
		pos int
		msg string
	}{
		{"", 0, "the condition is empty"},
		{"  \t ", 0, "the condition is empty"},
		{"j = 'ja", 4, "this text has no closing quote"},
		{`j = "ja'`, 4, "this text has no closing quote"},
		{"j = 'ja' and", 12, "the condition ends too early"},
		{"j = 'ja' or", 11, "the condition ends too early"},
		{"j = 'ja' and not", 16, "the condition ends too early"},
		{"not", 3, "the condition ends too early"},
		{"and j = 'ja'", 0, `"and" needs a condition before it`},
		{"or j = 'ja'", 0, `"or" needs a condition before it`},
		{"j = 'ja' and or l = 1", 13, `"or" needs a condition before it`},
		{"j = 'ja' or and l = 1", 12, `"and" needs a condition before it`},
		{"j 'ja'", 2, "expected a comparison (=, !=, <, <=, >, >=) after j, found 'ja'"},
		{"j", 1, "expected a comparison (=, !=, <, <=, >, >=) after j, found end of condition"},
		{"j = 'ja' l = 1", 9, `unexpected "l"; join conditions with 'and' or 'or'`},
		{"j = 'ja' && l = 1", 9, "write the word and instead of &"},
		{"j = 'ja' || l = 1", 9, "write the word or instead of |"},
		{"!answered(j)", 0, "use != for 'not equal', or the word not"},
		{"j ! 1", 2, "use != for 'not equal', or the word not"},
		{"l >= 3.5", 5, "numbers in conditions are whole numbers"},
		{"l >= -3.5", 5, "numbers in conditions are whole numbers"},
		{"l >= 3,5", 5, "numbers in conditions are whole numbers"},
		{"selected(m, 1,2)", 12, "numbers in conditions are whole numbers"},
		{"selected(m, 1, 2)", 13, `expected a closing parenthesis, found ","`},
		{"l >= 3x", 5, "numbers in conditions are whole numbers"},
		{"n = 99999999999999999999", 4, "this number is too large"},
		{"j = l", 4, `expected a number or a quoted text after =, found "l"`},
		{"j =", 3, "expected a number or a quoted text after =, found end of condition"},
		{"j <> 1", 3, `expected a number or a quoted text after <, found ">"`},
		{"= 1", 0, `expected an item id, not or '(', found "="`},
		{"(j = 'ja'", 9, "expected a closing parenthesis, found end of condition"},
		{"(j = 'ja' l = 1)", 10, `expected a closing parenthesis, found "l"`},
		{"j = 'ja')", 8, `unexpected ")"; join conditions with 'and' or 'or'`},
		{"()", 1, `expected an item id, not or '(', found ")"`},
		{"selected(m 'a')", 11, "expected a comma and the option to test, found 'a'"},
		{"selected(m, a)", 12, `expected an option value such as 'ja', found "a"`},
		{"selected(m, 'a'", 15, "expected a closing parenthesis, found end of condition"},
		{"selected('m', 'a')", 9, "expected an item id, found 'm'"},
		{"answered(1)", 9, "expected an item id, found 1"},
		{"answered(j, 1)", 10, `expected a closing parenthesis, found ","`},
		{"j # 1", 2, "unexpected character '#'"},
		{"j = 'ja'; l = 1", 8, "unexpected character ';'"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := survey.ParseCondition(tt.src)
			if err == nil {
				t.Fatalf("ParseCondition succeeded (%v), want an error", c)
			}
			var ce *survey.ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is a %T, want *survey.ConditionError", err, err)
			}
			if ce.Pos != tt.pos || ce.Msg != tt.msg || ce.Src != tt.src {
				t.Errorf("got pos %d %q (src %q), want pos %d %q", ce.Pos, ce.Msg, ce.Src, tt.pos, tt.msg)
			}
		})
	}
}

func TestConditionErrorMessage(t *testing.T) {
	tests := []struct{ src, want string }{
		{"j = 'ja' && l = 1", `condition "j = 'ja' && l = 1", at character 10: write the word and instead of &`},
		{"", `condition "", at character 1: the condition is empty`},
		// Pos is a byte offset; the message counts characters, as a person does.
		{"t = 'één' & x", `condition "t = 'één' & x", at character 11: write the word and instead of &`},
	}
	for _, tt := range tests {
		_, err := survey.ParseCondition(tt.src)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseCondition(%q) error:\n got %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestMustParseConditionPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseCondition of an invalid condition did not panic")
		}
	}()
	survey.MustParseCondition("j = ")
}

func TestConditionRefs(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"j = 'ja'", []string{"j"}},
		{"role = 'collega'", nil},
		{"role = 'collega' and (l >= 4 or selected(m, 'a')) and not answered(t) and l != 2 or j = 1", []string{"l", "m", "t", "j"}},
		{"answered(g) or g = 5", []string{"g"}},
	}
	for _, tt := range tests {
		if got := survey.MustParseCondition(tt.src).Refs(); !slices.Equal(got, tt.want) {
			t.Errorf("Refs(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestConditionCheck(t *testing.T) {
	tests := []struct {
		src  string
		errs []string // each must appear in the joined error; none means valid
	}{
		{"j = 'ja' or j = 2 or j != 'nee' or j < 3", nil},
		{"l >= 4 and n = -10 and g < 6", nil},
		{"t = 'ja' or t != ''", nil},
		{"selected(m, 'a') or selected(m, 3)", nil},
		{"answered(j) and answered(l) and answered(m) and answered(t)", nil},
		{"role = 'collega' or role != 'ib'", nil},
		{"x = 1", []string{`the condition refers to "x", which is not an item of this instrument`}},
		{"selected(x, 'a')", []string{`the condition refers to "x", which is not an item of this instrument`}},
		{"answered(x)", []string{`the condition refers to "x", which is not an item of this instrument`}},
		{"j = 'misschien'", []string{"item j has no option 'misschien'"}},
		{"j = 7", []string{"item j has no option with code 7"}},
		{"j < 'ja'", []string{"option values of item j can only be compared with = or !="}},
		{"j >= 'x'", []string{"item j has no option 'x'", "option values of item j can only be compared with = or !="}},
		{"l = 'ja'", []string{"item l is a likert item: compare it with a number, not 'ja'"}},
		{"n != 'x'", []string{"item n is a integer item: compare it with a number, not 'x'"}},
		{"g = '8'", []string{"item g is a grade item: compare it with a number, not '8'"}},
		{"t = 1", []string{"item t is open text: compare it with = or != and a quoted text"}},
		{"t < 'b'", []string{"item t is open text: compare it with = or != and a quoted text"}},
		{"m = 'a'", []string{"item m is multiple choice: use selected(m, 'option') instead of ="}},
		{"m != 1", []string{"item m is multiple choice: use selected(m, 'option') instead of !="}},
		{"note = 1", []string{"item note is a note and has no answer to compare"}},
		{"answered(klok)", nil},
		{"klok = '09:30'", []string{"item klok is a time item: a condition can only test whether it is answered, as in answered(klok)"}},
		{"answered(note)", []string{"item note is a note and is never answered"}},
		{"selected(j, 'ja')", []string{"selected() needs a multiple choice item; j is single (compare it with =)"}},
		{"selected(m, 'z')", []string{"item m has no option 'z'"}},
		{"selected(m, 9)", []string{"item m has no option with code 9"}},
		{"role = 1", []string{"role is compared with a number; compare it with a role such as 'leerkracht'"}},
		{"role < 'a'", []string{"role can only be compared with = or !="}},
		{"x = 1 and (j = 'z' or not m = 1)", []string{
			`"x", which is not an item`, "item j has no option 'z'", "item m is multiple choice",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			err := survey.MustParseCondition(tt.src).Check(condItem)
			if len(tt.errs) == 0 {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check succeeded, want %q", tt.errs)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.errs) {
				t.Errorf("Check gave %d problems, want %d:\n%v", len(lines), len(tt.errs), err)
			}
			for _, want := range tt.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Check error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestConditionTextRoundTrip(t *testing.T) {
	srcs := []string{
		"j = 'ja'",
		`role = "collega" and not (l <= 2 or selected(m, 3))`,
		"answered(t)",
	}
	for _, src := range srcs {
		c := survey.MustParseCondition(src)
		b, err := c.MarshalText()
		if err != nil || string(b) != src {
			t.Errorf("MarshalText = %q, %v; want %q", b, err, src)
		}
		var back survey.Condition
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", b, err)
		}
		if back.String() != src || !slices.Equal(back.Refs(), c.Refs()) {
			t.Errorf("round trip of %q gave %q", src, back.String())
		}
	}

	// Through JSON, inside an item, the condition is its source text.
	it := survey.Item{ID: "q2", Type: survey.OpenText, ShowIf: survey.MustParseCondition("j = 'ja'")}
	b, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"ShowIf":"j = 'ja'"`) {
		t.Errorf("JSON %s does not hold the condition's source", b)
	}
	var back survey.Item
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	env := mapEnv{values: map[string]survey.Value{"j": survey.Num(1)}}
	if back.ShowIf == nil || !back.ShowIf.Eval(env) || back.ShowIf.String() != "j = 'ja'" {
		t.Errorf("condition after a JSON round trip: %v", back.ShowIf)
	}
	// An item without a condition stays without one.
	b, _ = json.Marshal(survey.Item{ID: "q1"})
	back = survey.Item{}
	if err := json.Unmarshal(b, &back); err != nil || back.ShowIf != nil {
		t.Errorf("item without condition came back with %v, %v", back.ShowIf, err)
	}

	// Invalid text is refused with the syntax error, and leaves c alone.
	c := survey.MustParseCondition("j = 1")
	err = c.UnmarshalText([]byte("j = 'ja' &&"))
	var ce *survey.ConditionError
	if !errors.As(err, &ce) || ce.Pos != 9 {
		t.Errorf("UnmarshalText of an invalid condition: %v", err)
	}
	if c.String() != "j = 1" {
		t.Errorf("failed UnmarshalText changed the condition to %q", c.String())
	}
}

func TestFoldCondition(t *testing.T) {
	lit := func(l survey.ConditionLiteral) string {
		if l.IsNumber {
			return fmt.Sprint(l.Number)
		}
		return "'" + l.Text + "'"
	}
	print := survey.ConditionParts[string]{
		Or:       func(l, r string) string { return "or(" + l + ", " + r + ")" },
		And:      func(l, r string) string { return "and(" + l + ", " + r + ")" },
		Not:      func(x string) string { return "not(" + x + ")" },
		Compare:  func(id, op string, l survey.ConditionLiteral) string { return id + op + lit(l) },
		Selected: func(id string, l survey.ConditionLiteral) string { return "selected(" + id + ", " + lit(l) + ")" },
		Answered: func(id string) string { return "answered(" + id + ")" },
	}
	tests := []struct{ src, want string }{
		{"q1 = 3", "q1=3"},
		{"role = 'leider' or not answered(q2)", "or(role='leider', not(answered(q2)))"},
		{"a >= -2 and b != 'x' and selected(c, 4)", "and(and(a>=-2, b!='x'), selected(c, 4))"},
		{"(a = 1 or b = 2) and c < 5", "and(or(a=1, b=2), c<5)"},
	}
	for _, tt := range tests {
		if got := survey.FoldCondition(survey.MustParseCondition(tt.src), print); got != tt.want {
			t.Errorf("FoldCondition(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
	if got := survey.FoldCondition(nil, print); got != "" {
		t.Errorf("FoldCondition(nil) = %q, want the zero value", got)
	}
}
