package export_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"peil/analysis"
	"peil/export"
	"peil/survey"
)

// TestCodebookAlpha: the codebook gives each scale's Cronbach's alpha per
// round, over the completed responses that answered every item, and it is
// the alpha of the trend report (analysis) for the same responses;
// responses in progress and incomplete cases do not count, and a low alpha
// is called low.
func TestCodebookAlpha(t *testing.T) {
	st, ins, _ := fixture()
	v1 := ins[0]
	rng := rand.New(rand.NewPCG(17, 1))
	m := &memScanner{schoolsWP: map[string]string{"sc1": "w1", "sc2": "w1", "sc3": "w2"}}
	d := analysis.NewDataset(100)
	if _, err := d.AddRound("Nulmeting 2025", v1); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		latent := rng.NormFloat64()
		val := func(reverse, dontKnow bool) survey.Value {
			x := 3 + latent + rng.NormFloat64()*0.7
			if reverse {
				x = 6 - x
			}
			v := survey.Num(min(5, max(1, int(x+0.5))))
			if dontKnow && rng.Float64() < 0.08 {
				v = survey.DontKnowValue()
			}
			return v
		}
		answers := []survey.Answer{ans("rol", survey.Num(1)), ans("q1", val(false, true)), ans("q2", val(true, false)), ans("kent", survey.Num(1)), ans("q3", val(false, true))}
		if i%7 == 0 {
			answers = answers[:3] // q3 left out: not a complete case
		}
		status := survey.Complete
		if i%10 == 9 {
			status = survey.InProgress // does not count
		}
		m.records = append(m.records, survey.ResponseRecord{
			Response: survey.Response{ID: fmt.Sprint("x", i), RoundID: "r1", SchoolID: "sc1", RespondentCode: fmt.Sprint("C", i),
				InstrumentID: "cultuur", InstrumentVersion: 1, Status: status},
			Answers: answers,
		})
		if status != survey.Complete {
			continue
		}
		row := make([]int8, d.NumItems())
		for j := range row {
			row[j] = analysis.Missing
		}
		for _, a := range answers {
			if p, ok := d.ItemIndex(a.ItemID); ok {
				row[p] = analysis.Code(v1.Item(a.ItemID), a.Value)
			}
		}
		if err := d.Add(analysis.Response{Round: 0, Workplace: "WOA", School: "sc1", Role: survey.RoleTeacher, Values: row}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := rep.Measure("houding")
	c := ms.Cells[0][0]
	if c.AlphaN == 0 {
		t.Fatal("the trend report has no alpha to compare with")
	}
	st.Rounds = st.Rounds[:1]
	var b strings.Builder
	if _, err := export.Export(t.Context(), &b, m, st, ins, export.Options{Format: export.Codebook, Now: func() time.Time { return exportTime }}); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Nulmeting 2025: %.2f (n = %d", c.Alpha, c.AlphaN)
	if c.Alpha < analysis.LowAlpha {
		want += "; low reliability, below 0.70)"
	}
	if !strings.Contains(b.String(), "- Reliability (Cronbach's α over the completed responses that answered every item): "+want) {
		t.Errorf("the codebook does not say %q:\n%s", want, b.String())
	}
}
