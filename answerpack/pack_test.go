package answerpack_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"peil/answerpack"
	"peil/survey"
)

// FuzzUnpack: any blob either unpacks to answers that pack back to the
// same bytes, or is refused with ErrDamaged; never a panic or a huge
// allocation.
func FuzzUnpack(f *testing.F) {
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	f.Add(answerpack.Append(nil, nil))
	f.Add(answerpack.Append(nil, []survey.Answer{
		{ItemID: "a", Value: survey.Num(4), AnsweredAt: at},
		{ItemID: "b", Value: survey.ChoicesValue(1, 3), AnsweredAt: at.Add(-time.Second)},
		{ItemID: "c", Value: survey.TextValue("één"), AnsweredAt: at.Add(time.Hour)},
		{ItemID: "d", Value: survey.DontKnowValue(), AnsweredAt: at},
	}))
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		answers, err := answerpack.NewUnpacker().Unpack(b)
		if err != nil {
			if err != answerpack.ErrDamaged {
				t.Fatalf("unpack error %v, want ErrDamaged", err)
			}
			return
		}
		again, err := answerpack.NewUnpacker().Unpack(answerpack.Append(nil, answers))
		if err != nil || !reflect.DeepEqual(again, answers) {
			t.Fatalf("repacked answers differ: %v\n%+v\n%+v", err, again, answers)
		}
	})
}

// Odd answers come back as they went in (times in UTC), one Unpacker
// reading blob after blob; what Append never makes is refused.
func TestRoundTripAndRefusal(t *testing.T) {
	at := time.Date(2025, 11, 3, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))
	answers := []survey.Answer{
		{ItemID: "q0", Value: survey.Value{}, AnsweredAt: at},
		{ItemID: "q1", Value: survey.Num(-7), AnsweredAt: at.Add(-time.Hour)},
		{ItemID: "q2", Value: survey.Value{Choices: []int{1, 300, 70000}}, AnsweredAt: at},
		{ItemID: "q3", Value: survey.Value{Text: "ĳs\x00\n\"é\U0001F600"}, AnsweredAt: at},
		{ItemID: "q4", Value: survey.DontKnowValue(), AnsweredAt: time.Unix(0, 0)},
	}
	u := answerpack.NewUnpacker()
	for range 3 {
		got, err := u.Unpack(answerpack.Append(nil, answers))
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range answers {
			if got[i].ItemID != a.ItemID || !got[i].Value.Equal(a.Value) || !got[i].AnsweredAt.Equal(a.AnsweredAt) || got[i].AnsweredAt.Location() != time.UTC {
				t.Errorf("answer %d: got %+v, want %+v (in UTC)", i, got[i], a)
			}
		}
	}
	good := answerpack.Append(nil, answers[:1])
	for _, tt := range []struct {
		name string
		blob []byte
	}{
		{"empty", nil},
		{"another format", append([]byte{2}, good[1:]...)},
		{"cut short", good[:len(good)-1]},
		{"a byte more", append(append([]byte{}, good...), 0)},
		{"an unknown flag", []byte{1, 1, 1, 'a', 0x10, 0}},
		{"a number flag with zero", []byte{1, 1, 1, 'a', 1, 0, 0}},
		{"a text flag with no text", []byte{1, 1, 1, 'a', 4, 0, 0}},
		{"more answers than bytes", []byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f}},
	} {
		if _, err := answerpack.NewUnpacker().Unpack(tt.blob); !errors.Is(err, answerpack.ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", tt.name, err)
		}
	}
}

// Answers handed out by one Unpack are not overwritten by the next
// unless Reuse says they may be.
func TestReuse(t *testing.T) {
	one := answerpack.Append(nil, []survey.Answer{{ItemID: "a", Value: survey.Num(1)}})
	two := answerpack.Append(nil, []survey.Answer{{ItemID: "a", Value: survey.Num(2)}})
	u := answerpack.NewUnpacker()
	first, _ := u.Unpack(one)
	if _, err := u.Unpack(two); err != nil || first[0].Value.Number != 1 {
		t.Fatalf("a second Unpack changed the first's answers: %+v, %v", first, err)
	}
	u.Reuse()
	if _, err := u.Unpack(two); err != nil {
		t.Fatal(err)
	}
	if first[0].Value.Number != 2 {
		t.Errorf("after Reuse the chunk was not handed out again: %+v", first)
	}
}

func TestChoices(t *testing.T) {
	for _, tt := range []struct {
		codes []int
		text  string
	}{
		{nil, ""},
		{[]int{3}, "3"},
		{[]int{1, 3, -2, 70000}, "1,3,-2,70000"},
	} {
		if got := answerpack.FormatChoices(tt.codes); got != tt.text {
			t.Errorf("FormatChoices(%v) = %q, want %q", tt.codes, got, tt.text)
		}
		if got, err := answerpack.ParseChoices(tt.text); err != nil || !reflect.DeepEqual(got, tt.codes) {
			t.Errorf("ParseChoices(%q) = %v, %v, want %v", tt.text, got, err, tt.codes)
		}
	}
	for _, bad := range []string{"1,,3", "a", "1;3", ","} {
		if _, err := answerpack.ParseChoices(bad); err == nil {
			t.Errorf("ParseChoices(%q) gave no error", bad)
		}
	}
}

func TestStale(t *testing.T) {
	answers := []survey.Answer{{ItemID: "a", Value: survey.Num(4)}, {ItemID: "b", Value: survey.TextValue("x")}}
	good := answerpack.Append(nil, answers)
	for _, tt := range []struct {
		name     string
		complete bool
		data     []byte
		want     bool
	}{
		{"complete, its blob", true, good, false},
		{"complete, no blob", true, nil, true},
		{"complete, another blob", true, answerpack.Append(nil, answers[:1]), true},
		{"complete, damaged", true, []byte{1, 0xff}, true},
		{"in progress, no blob", false, nil, false},
		{"in progress, a blob", false, good, true},
	} {
		if got := answerpack.Stale(tt.complete, tt.data, answers); got != tt.want {
			t.Errorf("%s: Stale = %v, want %v", tt.name, got, tt.want)
		}
	}
}
