package storage_test

import (
	"context"
	"fmt"
	"testing"

	"peil/survey"
)

// BenchmarkSaveAnswer measures one durable answer save (a transaction with
// synchronous=FULL in WAL mode) on a real file.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	s := openStore(b)
	f := mustFixture(b, s)
	r := start(b, s, f, 0, "BENCH-01")
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf("q%02d", i)
	}
	cleared := []string{"who"}
	i := 0
	for b.Loop() {
		a := survey.Answer{ItemID: items[i%len(items)], Value: survey.Num(1 + i%5)}
		if err := s.SaveAnswer(ctx, r.ID, a, cleared, survey.RoleTeacher); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
