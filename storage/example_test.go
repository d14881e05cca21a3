package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"peil/storage"
	"peil/survey"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "peil-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	s, err := storage.Open(ctx, filepath.Join(dir, "data", "peil.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	study, err := s.CreateStudy(ctx, survey.Study{Code: "monitor-po", Title: "Monitor PO"})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = s.CreateStudy(ctx, survey.Study{Code: "monitor-po"})
	fmt.Println(study.Code, study.MinGroupSize)
	fmt.Println(survey.ErrorCode(err)+":", err)

	// A file that is not a database is refused and left alone.
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("meeting notes"), 0o600)
	_, err = storage.Open(ctx, notes)
	fmt.Println(survey.ErrorCode(err))
	// Output:
	// monitor-po 5
	// conflict: there is already a study with code "monitor-po"; choose another code
	// invalid
}
