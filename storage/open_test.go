package storage_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peil/storage"
	"peil/survey"
)

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	check(t, err)
	return sha256.Sum256(b)
}

// rawExec runs statements on a file with a plain SQLite connection, as
// another program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	check(t, err)
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenCreatesDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "peil.db")
	s := openAt(t, path)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	id, err := s.DeviceID(ctx)
	check(t, err)
	if len(id) != 36 {
		t.Errorf("device id %q is not a UUID", id)
	}
	check(t, s.Close())

	// The file is marked as peil's and carries the schema version.
	db, err := sql.Open("sqlite", path)
	check(t, err)
	defer db.Close()
	var appID, version int
	check(t, db.QueryRow("PRAGMA application_id").Scan(&appID))
	check(t, db.QueryRow("PRAGMA user_version").Scan(&version))
	if appID != storage.ApplicationID {
		t.Errorf("application_id = %#x, want %#x", appID, storage.ApplicationID)
	}
	if version != storage.SchemaVersion() || version < 1 {
		t.Errorf("user_version = %d, want %d", version, storage.SchemaVersion())
	}
}

// TestOpenRefusesEmptyFile: a file of 0 bytes (a copy that failed, a
// full disk) is not silently made a new database (issue 16); it is left
// as it is, and once deleted, the same name makes a new database.
func TestOpenRefusesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peil.db")
	check(t, os.WriteFile(path, nil, 0o600))
	for _, opts := range [][]storage.Option{nil, {storage.WithReadOnly()}, {storage.WithoutCreate()}} {
		_, err := storage.Open(context.Background(), path, opts...)
		wantCode(t, err, survey.EINVALID)
		if !strings.Contains(err.Error(), "is empty (0 bytes)") || !strings.Contains(err.Error(), "delete the empty file") {
			t.Errorf("error %v does not say what to do", err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
			t.Fatalf("the empty file changed: %v, %v", fi, err)
		}
		if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
			t.Errorf("a -wal file was made beside the empty file: %v", err)
		}
	}
	check(t, os.Remove(path))
	s := openAt(t, path)
	if _, err := s.DeviceID(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenWithoutCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	for _, opt := range []storage.Option{storage.WithoutCreate(), storage.WithReadOnly()} {
		_, err := storage.Open(context.Background(), path, opt)
		wantCode(t, err, survey.ENOTFOUND)
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("Open created %s: %v", path, err)
		}
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s, err := storage.Open(ctx, path, storage.WithNow(clock()))
	check(t, err)
	f := mustFixture(t, s)
	r, err := s.StartResponse(ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "K7MQ-4XA"})
	check(t, err)
	check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q1", Value: survey.Num(4)}, nil, survey.RoleTeacher))
	check(t, s.SetSetting(ctx, "kiosk_round", f.round.ID))
	device, err := s.DeviceID(ctx)
	check(t, err)
	wantAnswers, err := s.Answers(ctx, r.ID)
	check(t, err)
	check(t, s.Close())

	for _, opts := range [][]storage.Option{nil, {storage.WithReadOnly()}} {
		s2 := openAt(t, path, opts...)
		if got, err := s2.DeviceID(ctx); err != nil || got != device {
			t.Errorf("device id after reopen = %q, %v; want %q", got, err, device)
		}
		if got, err := s2.StudyByCode(ctx, "monitor-po"); err != nil || got != f.study {
			t.Errorf("study after reopen = %+v, %v; want %+v", got, err, f.study)
		}
		if got, err := s2.Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
			t.Errorf("schools after reopen = %v, %v", got, err)
		}
		if got, err := s2.Round(ctx, f.round.ID); err != nil || got != f.round {
			t.Errorf("round after reopen = %+v, %v; want %+v", got, err, f.round)
		}
		got, err := s2.Response(ctx, r.ID)
		check(t, err)
		if got.Role != survey.RoleTeacher || got.RespondentCode != r.RespondentCode {
			t.Errorf("response after reopen = %+v", got)
		}
		answers, err := s2.Answers(ctx, r.ID)
		check(t, err)
		if fmt.Sprint(answers) != fmt.Sprint(wantAnswers) {
			t.Errorf("answers after reopen = %v, want %v", answers, wantAnswers)
		}
		if v, ok, err := s2.Setting(ctx, "kiosk_round"); err != nil || !ok || v != f.round.ID {
			t.Errorf("setting after reopen = %q, %v, %v", v, ok, err)
		}
		check(t, s2.Close())
	}
}

func TestReadOnlyRefusesChanges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	check(t, openAt(t, path).Close())
	s := openAt(t, path, storage.WithReadOnly())
	wantCode(t, s.SetSetting(ctx, "x", "y"), survey.EINVALID)
	_, err := s.CreateStudy(ctx, survey.Study{Code: "x"})
	wantCode(t, err, survey.EINVALID)
}

func TestOpenRefusesBadFiles(t *testing.T) {
	known := storage.SchemaVersion()
	tests := []struct {
		name  string
		write func(t *testing.T, path string)
		want  []string
	}{
		{
			name: "random bytes",
			write: func(t *testing.T, path string) {
				b := make([]byte, 8192)
				rand.NewChaCha8([32]byte{7}).Read(b)
				check(t, os.WriteFile(path, b, 0o644))
			},
			want: []string{"is not a peil database", "not a SQLite database file", "unchanged"},
		},
		{
			name: "text file",
			write: func(t *testing.T, path string) {
				check(t, os.WriteFile(path, []byte("school;rol;antwoord\nWOA-01;leerkracht;4\n"), 0o644))
			},
			want: []string{"is not a peil database", "not a SQLite database file"},
		},
		{
			name: "SQLite header, then garbage",
			write: func(t *testing.T, path string) {
				b := make([]byte, 4096)
				rand.NewChaCha8([32]byte{8}).Read(b)
				copy(b, "SQLite format 3\x00")
				check(t, os.WriteFile(path, b, 0o644))
			},
			want: []string{"peil left it unchanged"},
		},
		{
			name: "database of another application",
			write: func(t *testing.T, path string) {
				rawExec(t, path, "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('Jan')")
			},
			want: []string{"database of another application", "not a peil database", "choose another file"},
		},
		{
			name: "empty database with another application id",
			write: func(t *testing.T, path string) {
				rawExec(t, path, "PRAGMA application_id = 1196444487")
			},
			want: []string{"database of another application", "0x47504b47"},
		},
		{
			name: "peil database from a newer peil",
			write: func(t *testing.T, path string) {
				s, err := storage.Open(context.Background(), path)
				check(t, err)
				check(t, s.Close())
				rawExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", known+6))
			},
			want: []string{fmt.Sprintf("made by a newer version of peil (schema %d, this peil knows up to %d); update peil", known+6, known)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "data.db")
			tt.write(t, path)
			before := fileHash(t, path)
			entriesBefore, err := os.ReadDir(dir)
			check(t, err)

			for _, opts := range [][]storage.Option{nil, {storage.WithReadOnly()}} {
				s, err := storage.Open(context.Background(), path, opts...)
				if err == nil {
					s.Close()
					t.Fatalf("Open(%v) accepted the file", opts)
				}
				wantCode(t, err, survey.EINVALID)
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file", err)
				}
			}
			if after := fileHash(t, path); after != before {
				t.Error("Open changed the refused file")
			}
			entries, err := os.ReadDir(dir)
			check(t, err)
			if len(entries) != len(entriesBefore) {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("Open left files behind: %v", names)
			}
		})
	}
}
