package main

import (
	"context"

	"peil/storage"
	"peil/tui"
)

// tuiImport is tui.Config.ImportPackages: the TUI's import screen merges
// package files as peil package import does.
func tuiImport(st *storage.Store) func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (tui.ImportSummary, error) {
	return func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (tui.ImportSummary, error) {
		results, err := importPackages(ctx, st, paths, identity, progress)
		if err != nil {
			return tui.ImportSummary{}, err
		}
		var sum tui.ImportSummary
		for _, r := range results {
			f := tui.ImportFile{File: r.File, Err: r.Err}
			for _, sc := range r.Result.Schools {
				f.Schools = append(f.Schools, tui.ImportSchool{Code: sc.School.Code, Name: sc.School.Name,
					New: sc.New, Duplicate: sc.Duplicate, Conflicts: sc.Conflicts})
			}
			for _, c := range r.Result.Conflicts {
				f.Conflicts = append(f.Conflicts, describeConflict(c))
			}
			sum.Files = append(sum.Files, f)
		}
		return sum, nil
	}
}
