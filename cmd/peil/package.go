package main

import (
	"context"
	"errors"
	"fmt"

	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spf13/cobra"

	"peil/pack"
	"peil/storage"
	"peil/survey"
)

// settingLastExport holds when the last data package was exported
// (RFC 3339, nanoseconds), for peil package export --since-last.
const settingLastExport = "package.last_export"

// packageCmd writes and reads data packages: responses travelling from the
// laptops to the researcher's database.
func (a *app) packageCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "package",
		Short: "Carry responses between laptops and the researcher's database",
		Long: `A data package is one file with the responses collected on this laptop and
the study definitions they need. Take it to the researcher on a USB stick or
by mail; "peil package import" merges it without duplicates, whatever the
order or how often. With --to the package is encrypted for the researcher's
key (see "peil key generate"): a lost stick reveals nothing. See
docs/packages.md.`,
	}
	cmd.AddCommand(a.packageExportCmd(), a.packageImportCmd())
	return cmd
}

func (a *app) packageExportCmd() *cobra.Command {
	var study, out, to string
	var rounds []string
	var sinceLast, setup bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write this laptop's responses (or a setup) to a data package",
		Example: `  peil package export --to age1... --out school-x.peil
  peil package export --round "Meting 2026" --since-last --to age1... --out school-x-2.peil
  peil package export --setup --out monitor-setup.peil   (on the researcher's laptop)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("say where to write the package with --out FILE, e.g. --out school-x.peil")
			}
			var opts []pack.Option
			if to != "" {
				rcp, err := pack.ParseRecipient(to)
				if err != nil {
					return err
				}
				opts = append(opts, pack.EncryptTo(rcp))
			}
			ctx := cmd.Context()
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				m, err := exportPackage(ctx, st, s, exportRequest{out: out, rounds: rounds, sinceLast: sinceLast, setup: setup}, opts...)
				if err != nil {
					return err
				}
				what := fmt.Sprintf("%d responses (%d complete) from %d schools", m.Responses, m.Complete, len(m.Schools))
				if setup {
					what = "the setup of study " + s.Code
				}
				enc := "not encrypted"
				if to != "" {
					enc = "encrypted for " + strings.TrimSpace(to)
				}
				fmt.Fprintf(a.stdout, "Wrote %s to %s (%s).\n", what, out, enc)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	f.StringArrayVar(&rounds, "round", nil, "only this round (by name; repeat for more)")
	f.BoolVar(&sinceLast, "since-last", false, "only responses that changed since the last export")
	f.BoolVar(&setup, "setup", false, "definitions only, to set up a laptop for the study")
	f.StringVar(&out, "out", "", "the package file to write (required)")
	f.StringVar(&to, "to", "", "encrypt for this public key (age1..., from peil key generate)")
	return cmd
}

type exportRequest struct {
	out       string
	rounds    []string
	sinceLast bool
	setup     bool
}

// exportPackage writes the package to a temporary file next to req.out and
// renames it into place when complete (mode 0600).
func exportPackage(ctx context.Context, st *storage.Store, s survey.Study, req exportRequest, opts ...pack.Option) (pack.Manifest, error) {
	started := time.Now().UTC()
	defs, roundIDs, err := definitions(ctx, st, s, req.rounds, req.setup)
	if err != nil {
		return pack.Manifest{}, err
	}
	device, err := st.DeviceID(ctx)
	if err != nil {
		return pack.Manifest{}, err
	}
	var since time.Time
	if req.sinceLast {
		v, ok, err := st.Setting(ctx, settingLastExport)
		if err != nil {
			return pack.Manifest{}, err
		}
		if ok {
			if since, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return pack.Manifest{}, fmt.Errorf("the time of the last export (%q) is unreadable; export without --since-last", v)
			}
		}
	}
	f, err := os.CreateTemp(filepath.Dir(req.out), ".peil-package-*")
	if err != nil {
		return pack.Manifest{}, fmt.Errorf("creating the package file: %w", err)
	}
	defer os.Remove(f.Name())
	w, err := pack.NewWriter(f, pack.Header{DeviceID: device, CreatedAt: started, Setup: req.setup, Since: since}, defs, opts...)
	if err != nil {
		f.Close()
		return pack.Manifest{}, err
	}
	if !req.setup {
		err = st.ScanResponses(ctx, survey.ResponseFilter{StudyID: s.ID, RoundIDs: roundIDs}, func(rec survey.ResponseRecord) error {
			if !since.IsZero() && lastChange(rec).Before(since) {
				return nil
			}
			return w.Add(rec)
		})
	}
	m, cerr := w.Close()
	if err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", req.out, cerr)
	}
	if err != nil {
		return pack.Manifest{}, err
	}
	if err := os.Rename(f.Name(), req.out); err != nil {
		return pack.Manifest{}, fmt.Errorf("putting the package in place: %w", err)
	}
	if !req.setup {
		if err := st.SetSetting(ctx, settingLastExport, started.Format(time.RFC3339Nano)); err != nil {
			return pack.Manifest{}, err
		}
	}
	return m, nil
}

// lastChange is the latest time in a response: start, finish, answers.
func lastChange(rec survey.ResponseRecord) time.Time {
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

// definitions collects what a package of the study needs: the selected
// rounds (all when none) and their instruments, and the schools with
// responses in them (every school for a setup) with their workplaces.
func definitions(ctx context.Context, st *storage.Store, s survey.Study, roundNames []string, setup bool) (survey.Definitions, []string, error) {
	d := survey.Definitions{Study: s}
	all, err := st.Rounds(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	var ids []string
	for _, name := range roundNames {
		i := slices.IndexFunc(all, func(r survey.Round) bool { return strings.EqualFold(r.Name, name) })
		if i < 0 {
			return d, nil, fmt.Errorf("study %s has no round %q; see: peil round list", s.Code, name)
		}
		d.Rounds = append(d.Rounds, all[i])
		ids = append(ids, all[i].ID)
	}
	if len(roundNames) == 0 {
		d.Rounds = all
	}
	used := map[string]bool{}
	for _, r := range d.Rounds {
		if !slices.ContainsFunc(d.Instruments, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
			in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
			if err != nil {
				return d, nil, fmt.Errorf("round %q: %w", r.Name, err)
			}
			d.Instruments = append(d.Instruments, in)
		}
		counts, err := st.ResponseCounts(ctx, r.ID)
		if err != nil {
			return d, nil, err
		}
		for _, c := range counts {
			if setup || c.Complete+c.InProgress > 0 {
				used[c.School.ID] = true
			}
		}
	}
	schools, err := st.Schools(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	workplaces, err := st.Workplaces(ctx, s.ID)
	if err != nil {
		return d, nil, err
	}
	usedWP := map[string]bool{}
	for _, sc := range schools {
		if used[sc.ID] || setup {
			d.Schools = append(d.Schools, sc)
			usedWP[sc.WorkplaceID] = true
		}
	}
	for _, w := range workplaces {
		if usedWP[w.ID] || setup {
			d.Workplaces = append(d.Workplaces, w)
		}
	}
	return d, ids, nil
}

func (a *app) packageImportCmd() *cobra.Command {
	var identity string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Merge data packages into this database",
		Long: `Merge data packages into this database, each in one transaction: a package
that is damaged, cut short, encrypted for another key or made from another
setup of the study changes nothing. Responses already here are not added
twice. When a response is here with other content, a complete response beats
one in progress, otherwise the newer one wins; every such conflict is listed.`,
		Example: `  peil package import --identity researcher.key school-*.peil`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, func(st *storage.Store) error {
				results, err := importPackages(ctx, st, files, identity, nil)
				if err != nil {
					return err
				}
				failed := 0
				for _, r := range results {
					if r.Err != nil {
						failed++
						fmt.Fprintf(a.stdout, "%s: not imported: %v\n", r.File, r.Err)
						continue
					}
					fmt.Fprintf(a.stdout, "%s: %d new, %d already here, %d conflicts\n", r.File, r.Result.Added, r.Result.Duplicates, len(r.Result.Conflicts))
					tw := a.table()
					for _, sc := range r.Result.Schools {
						fmt.Fprintf(tw, "  %s\t%s\tnew %d\tduplicate %d\tconflict %d\n", sc.School.Code, sc.School.Name, sc.New, sc.Duplicate, sc.Conflicts)
					}
					tw.Flush()
					for _, c := range r.Result.Conflicts {
						fmt.Fprintf(a.stdout, "  conflict: %s\n", describeConflict(c))
					}
				}
				if failed > 0 {
					return fmt.Errorf("%d of %d packages were not imported (see above); the others were", failed, len(results))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&identity, "identity", "", "the researcher's key file, for encrypted packages")
	return cmd
}

// describeConflict says in one line what a merge conflict was and what
// was kept.
func describeConflict(c survey.MergeConflict) string {
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

// packageResult is what importing one package file did.
type packageResult struct {
	File   string
	Result survey.MergeResult
	Err    error
}

// importPackages merges each file in its own transaction and reports each
// file's result; a failing file does not stop the others. progress, when
// not nil, is called after each file. The error is for problems before
// any file is read (an unreadable key file).
func importPackages(ctx context.Context, st *storage.Store, files []string, identity string, progress func(done, total int)) ([]packageResult, error) {
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
	var out []packageResult
	changed := map[string]bool{} // studies with new or replaced responses
	for i, file := range files {
		res, study, err := importPackage(ctx, st, file, ids)
		out = append(out, packageResult{File: file, Result: res, Err: err})
		if err == nil && (res.Added > 0 || len(res.Conflicts) > 0) {
			changed[study] = true
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	for id := range changed {
		warmTrends(ctx, st, id)
	}
	return out, nil
}

// importPackage merges one package and returns what it did and the id of
// its study.
func importPackage(ctx context.Context, st *storage.Store, file string, ids []age.Identity) (survey.MergeResult, string, error) {
	f, err := os.Open(file)
	if err != nil {
		return survey.MergeResult{}, "", fmt.Errorf("opening the package: %w", err)
	}
	defer f.Close()
	r, err := pack.NewReader(f, ids...)
	if err != nil {
		return survey.MergeResult{}, "", err
	}
	d := r.Definitions
	res, err := st.Merge(ctx, d, r.Records())
	return res, d.Study.ID, err
}
