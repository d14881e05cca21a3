package backend

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"filippo.io/age"

	"peil/pack"
	"peil/survey"
)

// SettingLastExport holds when the last data package was exported
// (RFC 3339, nanoseconds), for the "since last export" rule.
const SettingLastExport = "package.last_export"

// PackageRequest says which data package to write.
type PackageRequest struct {
	// Rounds restricts the package to these rounds, by name (all when
	// empty).
	Rounds []string
	// SinceLast leaves out responses that did not change since the last
	// package was exported.
	SinceLast bool
	// Setup writes definitions only, to set up a laptop for the study.
	Setup bool
	// Workplaces restricts the package to these workplaces, by id (all
	// when empty): their schools and their schools' responses.
	Workplaces []string
	// Options encrypt the package (pack.EncryptTo).
	Options []pack.Option
}

// ExportPackage writes study s's package to the file out (mode 0600,
// through WriteFile) and, unless it is a setup, remembers when, for the
// next SinceLast.
func (b *Backend) ExportPackage(ctx context.Context, s survey.Study, req PackageRequest, out string) (pack.Manifest, error) {
	started := b.now().UTC()
	var since time.Time
	if req.SinceLast {
		v, ok, err := b.store.Setting(ctx, SettingLastExport)
		if err != nil {
			return pack.Manifest{}, err
		}
		if ok {
			if since, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return pack.Manifest{}, survey.Errorf(survey.EINVALID, "the time of the last export (%q) is unreadable; export without --since-last", v)
			}
		}
	}
	var m pack.Manifest
	err := WriteFile(out, "package", func(f io.Writer) error {
		var err error
		m, err = b.WritePackage(ctx, f, s, req, since, started)
		return err
	})
	if err != nil {
		return pack.Manifest{}, err
	}
	if !req.Setup {
		if err := b.store.SetSetting(ctx, SettingLastExport, started.Format(time.RFC3339Nano)); err != nil {
			return pack.Manifest{}, err
		}
	}
	return m, nil
}

// WritePackage writes study s's package to w: the responses whose last
// change is not before since (all when since is zero), or only the
// definitions for a setup. created stamps the package. It is the writer
// of package files and of a hub's uploads, setups and data.
func (b *Backend) WritePackage(ctx context.Context, w io.Writer, s survey.Study, req PackageRequest, since, created time.Time) (pack.Manifest, error) {
	defs, roundIDs, err := b.packageDefinitions(ctx, s, req.Rounds, req.Setup, req.Workplaces)
	if err != nil {
		return pack.Manifest{}, err
	}
	device, err := b.store.DeviceID(ctx)
	if err != nil {
		return pack.Manifest{}, err
	}
	pw, err := pack.NewWriter(w, pack.Header{DeviceID: device, CreatedAt: created, Setup: req.Setup, Since: since}, defs, req.Options...)
	if err != nil {
		return pack.Manifest{}, err
	}
	if !req.Setup {
		f := survey.ResponseFilter{StudyID: s.ID, RoundIDs: roundIDs, WorkplaceIDs: req.Workplaces}
		err = b.store.ScanResponses(ctx, f, func(rec survey.ResponseRecord) error {
			if !since.IsZero() && LastChange(rec).Before(since) {
				return nil
			}
			return pw.Add(rec)
		})
	}
	m, cerr := pw.Close()
	if err == nil {
		err = cerr
	}
	return m, err
}

// LastChange is the latest time in a response: start, finish, answers.
func LastChange(rec survey.ResponseRecord) time.Time {
	t := rec.Response.StartedAt
	if rec.Response.FinishedAt.After(t) {
		t = rec.Response.FinishedAt
	}
	for _, a := range rec.Answers {
		if a.AnsweredAt.After(t) {
			t = a.AnsweredAt
		}
	}
	return t
}

// packageDefinitions collects what a package of the study needs: the
// selected rounds (all when none) and their instruments, and the schools
// with responses in them (every school for a setup) with their workplaces.
func (b *Backend) packageDefinitions(ctx context.Context, s survey.Study, roundNames []string, setup bool, workplaceIDs []string) (survey.Definitions, []string, error) {
	d := survey.Definitions{Study: s}
	all, err := b.store.Rounds(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	var ids []string
	for _, name := range roundNames {
		i := slices.IndexFunc(all, func(r survey.Round) bool { return strings.EqualFold(r.Name, name) })
		if i < 0 {
			return d, nil, survey.Errorf(survey.ENOTFOUND, "study %s has no round %q; see: peil round list", s.Code, name)
		}
		d.Rounds = append(d.Rounds, all[i])
		ids = append(ids, all[i].ID)
	}
	if len(roundNames) == 0 {
		d.Rounds = all
	}
	if d.Instruments, err = b.studyInstruments(ctx, d.Rounds); err != nil {
		return d, nil, err
	}
	used := map[string]bool{}
	for _, r := range d.Rounds {
		counts, err := b.store.ResponseCounts(ctx, r.ID)
		if err != nil {
			return d, nil, err
		}
		for _, c := range counts {
			if setup || c.Complete+c.InProgress > 0 {
				used[c.School.ID] = true
			}
		}
	}
	schools, err := b.store.Schools(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	workplaces, err := b.store.Workplaces(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	inScope := func(workplaceID string) bool {
		return len(workplaceIDs) == 0 || slices.Contains(workplaceIDs, workplaceID)
	}
	usedWP := map[string]bool{}
	for _, sc := range schools {
		if (used[sc.ID] || setup) && inScope(sc.WorkplaceID) {
			d.Schools = append(d.Schools, sc)
			usedWP[sc.WorkplaceID] = true
		}
	}
	for _, w := range workplaces {
		if usedWP[w.ID] || (setup && inScope(w.ID)) {
			d.Workplaces = append(d.Workplaces, w)
		}
	}
	return d, ids, nil
}

// PackageResult is what importing one package file did.
type PackageResult struct {
	File   string
	Result survey.MergeResult
	Err    error
}

// ImportFiles merges each package file in its own transaction and reports
// each file's result; a failing file does not stop the others. progress,
// when not nil, is called after each file. identity is the researcher's
// key file for encrypted packages ("" for none). The error is for problems
// before any file is read (an unreadable key file). The trends of every
// study that changed are prepared afterwards.
func (b *Backend) ImportFiles(ctx context.Context, files []string, identity string, progress func(done, total int)) ([]PackageResult, error) {
	var ids []age.Identity
	if identity != "" {
		f, err := os.Open(identity)
		if err != nil {
			return nil, fmt.Errorf("opening the key file: %w", err)
		}
		ids, err = pack.ParseIdentities(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", identity, err)
		}
	}
	var out []PackageResult
	changed := map[string]bool{} // studies with new or replaced responses
	for i, file := range files {
		res, study, err := b.importFile(ctx, file, ids)
		out = append(out, PackageResult{File: file, Result: res, Err: err})
		if err == nil && (res.Added > 0 || len(res.Conflicts) > 0) {
			changed[study] = true
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	for id := range changed {
		b.PrepareTrends(ctx, id)
	}
	return out, nil
}

// importFile merges one package file and returns what it did and the id of
// its study.
func (b *Backend) importFile(ctx context.Context, file string, ids []age.Identity) (survey.MergeResult, string, error) {
	f, err := os.Open(file)
	if err != nil {
		return survey.MergeResult{}, "", fmt.Errorf("opening the package: %w", err)
	}
	defer f.Close()
	return b.ImportPackage(ctx, f, ids...)
}

// ImportPackage merges one data package, read from r, into the store in
// one transaction, and returns what it did and the id of its study. Files
// and the TUI's import come through here; a hub's uploads (Hub.upload,
// which first checks the token's scope) and a laptop's pulls (sync.go)
// read the same package format and merge through the same store.Merge.
func (b *Backend) ImportPackage(ctx context.Context, r io.Reader, ids ...age.Identity) (survey.MergeResult, string, error) {
	pr, err := pack.NewReader(r, ids...)
	if err != nil {
		return survey.MergeResult{}, "", err
	}
	d := pr.Definitions
	res, err := b.store.Merge(ctx, d, pr.Records())
	return res, d.Study.ID, err
}

// DescribeConflict says in one line what a merge conflict was and what
// was kept.
func DescribeConflict(c survey.MergeConflict) string {
	who := fmt.Sprintf("respondent %s, round %q, school %s", c.RespondentCode, c.RoundName, c.SchoolCode)
	kept := "kept the database's version"
	if c.Kept == survey.KeptIncoming {
		kept = "took the package's version"
	}
	if c.ResponseID != c.ExistingID {
		return fmt.Sprintf("%s has two responses (%s here, %s in the package): %s (%s)", who, c.ExistingID, c.ResponseID, kept, c.Reason)
	}
	return fmt.Sprintf("%s: response %s differs: %s (%s)", who, c.ResponseID, kept, c.Reason)
}

// ImportSummary is what importing data packages did, file by file, as the
// import screen shows it.
type ImportSummary struct {
	Files []ImportFile
}

// ImportFile is one package file's result: per-school counts and
// conflicts, or the error that kept it out (then nothing of it changed).
type ImportFile struct {
	File      string
	Err       error
	Schools   []ImportSchool
	Conflicts []string
}

// ImportSchool counts one school's responses in a package.
type ImportSchool struct {
	Code, Name                string
	New, Duplicate, Conflicts int
}

// ImportPackages is ImportFiles summarised for the import screen.
func (b *Backend) ImportPackages(ctx context.Context, paths []string, identity string, progress func(done, total int)) (ImportSummary, error) {
	results, err := b.ImportFiles(ctx, paths, identity, progress)
	if err != nil {
		return ImportSummary{}, err
	}
	var sum ImportSummary
	for _, r := range results {
		f := ImportFile{File: r.File, Err: r.Err}
		for _, sc := range r.Result.Schools {
			f.Schools = append(f.Schools, ImportSchool{Code: sc.School.Code, Name: sc.School.Name,
				New: sc.New, Duplicate: sc.Duplicate, Conflicts: sc.Conflicts})
		}
		for _, c := range r.Result.Conflicts {
			f.Conflicts = append(f.Conflicts, DescribeConflict(c))
		}
		sum.Files = append(sum.Files, f)
	}
	return sum, nil
}
