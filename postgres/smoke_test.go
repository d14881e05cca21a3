package postgres_test

import (
	"context"
	"testing"

	"peil/postgres/pgtest"
	"peil/survey"
)

func TestSmoke(t *testing.T) {
	s, _ := pgtest.Open(t)
	ctx := context.Background()
	st, err := s.CreateStudy(ctx, survey.Study{Code: "x", Title: "X"})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(st)
}
