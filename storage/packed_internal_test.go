package storage

import (
	"reflect"
	"testing"
	"time"

	"peil/survey"
)

// FuzzUnpack: any blob either unpacks to answers that pack back to the
// same bytes, or is refused with errPacked; never a panic or a huge
// allocation.
func FuzzUnpack(f *testing.F) {
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	f.Add(appendPacked(nil, nil))
	f.Add(appendPacked(nil, []survey.Answer{
		{ItemID: "a", Value: survey.Num(4), AnsweredAt: at},
		{ItemID: "b", Value: survey.ChoicesValue(1, 3), AnsweredAt: at.Add(-time.Second)},
		{ItemID: "c", Value: survey.TextValue("één"), AnsweredAt: at.Add(time.Hour)},
		{ItemID: "d", Value: survey.DontKnowValue(), AnsweredAt: at},
	}))
	f.Add([]byte{packFormat, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		answers, err := newUnpacker().unpack(b)
		if err != nil {
			if err != errPacked {
				t.Fatalf("unpack error %v, want errPacked", err)
			}
			return
		}
		again, err := newUnpacker().unpack(appendPacked(nil, answers))
		if err != nil || !reflect.DeepEqual(again, answers) {
			t.Fatalf("repacked answers differ: %v\n%+v\n%+v", err, again, answers)
		}
	})
}
