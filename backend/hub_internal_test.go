package backend

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"peil/instruments"
	"peil/pack"
	"peil/storage"
	"peil/survey"
)

// TestUploadLargerThanMemory: an upload with more responses than the hub
// reads ahead streams the rest during its merge, and a response out of
// scope among those still refuses the whole upload, changing nothing.
func TestUploadLargerThanMemory(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := New(st)
	s, err := b.CreateStudy(ctx, "monitor", "Monitor", survey.DefaultMinGroupSize)
	if err != nil {
		t.Fatal(err)
	}
	schools := map[string]survey.School{}
	for _, w := range []string{"WOA", "POINT"} {
		if _, _, err := b.AddWorkplace(ctx, s.Code, w, w); err != nil {
			t.Fatal(err)
		}
		if _, schools[w], err = b.AddSchool(ctx, s.Code, w, w+"-01", w); err != nil {
			t.Fatal(err)
		}
	}
	inst, err := instruments.Builtin("collega")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := b.OpenRound(ctx, s, "Meting", func() (*survey.Instrument, string, error) { return inst, "", nil })
	if err != nil {
		t.Fatal(err)
	}
	h := b.NewHub(st, 1)
	h.inMemory = 3
	tok, _, err := h.Enrol(ctx, EnrolRequest{Role: survey.RoleDevice, Workplaces: []string{"WOA"}})
	if err != nil {
		t.Fatal(err)
	}
	var defs bytes.Buffer
	if _, err := b.WritePackage(ctx, &defs, s, PackageRequest{Setup: true}, time.Time{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pr, err := pack.NewReader(&defs)
	if err != nil {
		t.Fatal(err)
	}
	upload := func(foreignAt int) (UploadResult, error) {
		var buf bytes.Buffer
		w, err := pack.NewWriter(&buf, pack.Header{DeviceID: "laptop"}, pr.Definitions)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		for i := range 10 {
			sc := schools["WOA"]
			if i == foreignAt {
				sc = schools["POINT"]
			}
			w.Add(survey.ResponseRecord{Response: survey.Response{ID: uuid.NewString(), RoundID: r.ID, SchoolID: sc.ID,
				RespondentCode: fmt.Sprintf("%d-%d", foreignAt, i), Status: survey.InProgress, InstrumentID: inst.ID,
				InstrumentVersion: inst.Version, StartedAt: at, DeviceID: "laptop"}})
		}
		if _, err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return h.Upload(ctx, tok, &buf)
	}
	count := func() int {
		counts, err := st.ResponseCounts(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range counts {
			n += c.InProgress + c.Complete
		}
		return n
	}
	if _, err := upload(7); survey.ErrorCode(err) != survey.EFORBIDDEN {
		t.Errorf("a foreign response after the read-ahead: error %v, want EFORBIDDEN", err)
	}
	if _, err := upload(1); survey.ErrorCode(err) != survey.EFORBIDDEN {
		t.Errorf("a foreign response in the read-ahead: error %v, want EFORBIDDEN", err)
	}
	if n := count(); n != 0 {
		t.Errorf("refused uploads left %d responses", n)
	}
	if res, err := upload(-1); err != nil || res.Added != 10 || res.Responses != 10 {
		t.Errorf("upload of 10 = %+v, %v; want 10 added", res, err)
	}
	if n := count(); n != 10 {
		t.Errorf("the hub has %d responses, want 10", n)
	}
}
