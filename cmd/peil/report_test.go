package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand writes the demo study's report in both formats and
// languages, and up to a chosen round.
func TestReportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "peil.db")
	if err := createWithExample(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		lang    string
		args    []string
		want    []string
		notWant []string
	}{
		{"html", "nl", []string{"--out", "r.html"},
			[]string{"<svg", "Onderzoekend leiderschap", "WOA", "Meting 2024, Meting 2025<", "Meting 2026 is nog open en staat niet in dit rapport", "Wat de cijfers betekenen"},
			[]string{"<script", "Voorlopig"}},
		{"open round on request", "nl", []string{"--include-open", "--out", "open.html"},
			[]string{"Meting 2024, Meting 2025, Meting 2026<", "Voorlopig: Meting 2026 is nog open."}, []string{"staat niet in dit rapport"}},
		{"md en", "en", []string{"--format", "md", "--out", "r.md"},
			[]string{"## Contents", "All workplaces", " → ", "| Group | Round |"}, []string{"<svg"}},
		{"up to 2025", "nl", []string{"--round", "meting 2025", "--out", "r2025.html"},
			[]string{"Meting 2024, Meting 2025"}, []string{"Meting 2026"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			a := &app{dbFlag: db, lang: tc.lang, stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
			cmd := a.reportCmd()
			path := filepath.Join(dir, tc.args[len(tc.args)-1])
			args := append(tc.args[:len(tc.args)-1:len(tc.args)-1], path)
			cmd.SetArgs(args)
			cmd.SetOut(&out)
			cmd.SetErr(&errOut)
			if err := cmd.ExecuteContext(ctx); err != nil {
				t.Fatalf("peil report %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
			}
			if !strings.Contains(out.String(), "Wrote the report") {
				t.Errorf("stdout = %q", out.String())
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !bytes.Contains(data, []byte(w)) {
					t.Errorf("the report has no %q", w)
				}
			}
			for _, w := range tc.notWant {
				if bytes.Contains(data, []byte(w)) {
					t.Errorf("the report has %q", w)
				}
			}
		})
	}
	t.Run("open round named", func(t *testing.T) {
		_, err := runCommand(ctx, db, "nl", (*app).reportCmd, "--round", "Meting 2026", "--out", filepath.Join(dir, "x.html"))
		if err == nil || !strings.Contains(err.Error(), `round "Meting 2026" is still open`) || !strings.Contains(err.Error(), "--include-open") {
			t.Fatalf("err = %v, want one saying the round is open and how to include it", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
			t.Error("a refused report left a file behind")
		}
	})
	t.Run("unknown round", func(t *testing.T) {
		_, err := runCommand(ctx, db, "nl", (*app).reportCmd, "--round", "2030", "--out", filepath.Join(dir, "x.html"))
		if err == nil || !strings.Contains(err.Error(), `no round "2030"`) {
			t.Fatalf("err = %v, want one naming the round", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
			t.Error("a failed report left a file behind")
		}
	})
}
