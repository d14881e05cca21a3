package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/demo"
	"peil/instruments"
	"peil/postgres"
	"peil/storage"
	"peil/survey"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

// app holds what every command shares: where the database is, the
// language, and the standard streams.
type app struct {
	dbFlag string
	dbFile string
	lang   string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// db is the database once resolved (dbPath).
	db struct {
		path string
		err  error
		done bool
	}
}

// run builds the command tree, runs it, and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := a.rootCmd()
	if completing(args) {
		a.registerCompletions(root)
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "peil: %v\n", err)
	}
	return exitCode(err)
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "peil",
		Short: "Survey school staff on a laptop and follow workplaces across rounds",
		Long: `peil takes school staff through questionnaires on a shared laptop (kiosk mode,
offline, Dutch or English), keeps every answer in a local SQLite database the
moment it is given, and helps researchers follow each workplace across rounds.

Run peil without a command to open the terminal interface. A new database
starts with an example study, so there is something to look at at once.

The database is --db, or $PEIL_DB, or peil.db in your data directory.`,
		Args:          noArgsOrSuggest,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd.Context())
		},
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "database: a SQLite file, or a PostgreSQL connection string postgres://... (default: $PEIL_DB, or peil.db in your data directory)")
	root.PersistentFlags().StringVar(&a.dbFile, "db-file", "", "read the database's connection string from the first line of this file (or $PEIL_DB_FILE), to keep a password out of shell history")
	root.PersistentFlags().StringVar(&a.lang, "lang", "nl", "language of the interface and instruments: nl or en")
	root.AddCommand(
		a.versionCmd(),
		a.studyCmd(),
		a.workplaceCmd(),
		a.schoolCmd(),
		a.roundCmd(),
		a.instrumentCmd(),
		a.kioskCmd(),
		a.exportCmd(),
		a.reportCmd(),
		a.demoCmd(),
		a.packageCmd(),
		a.keyCmd(),
		a.codesCmd(),
		a.backupCmd(),
		a.checkCmd(),
		a.serveCmd(),
		a.hubCmd(),
		a.syncCmd(),
	)
	root.SetVersionTemplate("peil {{.Version}}\n")
	conventions(root)
	return root
}

// language returns the --lang flag as a survey.Lang.
func (a *app) language() (survey.Lang, error) {
	switch strings.ToLower(a.lang) {
	case "nl", "":
		return survey.Dutch, nil
	case "en":
		return survey.English, nil
	}
	return "", fmt.Errorf("unknown language %q: use nl or en", a.lang)
}

// usesDefaultDB reports whether the database is the default one: neither
// --db nor $PEIL_DB names another.
func (a *app) usesDefaultDB() bool {
	return a.dbFlag == "" && a.dbFile == "" && a.getenv("PEIL_DB") == "" && a.getenv("PEIL_DB_FILE") == ""
}

// store is a peil database that a command opens and closes.
type store interface {
	survey.Store
	Close() error
}

// openStore opens the database, creating it when it does not exist yet.
// With example set, a database created now gets the example study; it is
// built in a temporary file that is renamed into place only when complete,
// so an interrupted first run leaves no half-made database.
func (a *app) openStore(ctx context.Context, example bool) (store, error) {
	path, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	if !a.usesDefaultDB() && !postgres.IsDSN(path) {
		// The default data folder is made when needed; a folder the user
		// named must exist, or a typo would quietly start a new database.
		if dir := filepath.Dir(path); dir != "" {
			if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("the folder %s does not exist; make it first, or give another --db", dir)
			}
		}
	}
	notice := func(from, to int) {
		fmt.Fprintf(a.stderr, "Updating %s for this version of peil (schema %d to %d; once, a large database takes a few seconds)...\n", a.dbName(), from, to)
	}
	if postgres.IsDSN(path) {
		// A server database is never made here, nor given the example.
		return postgres.Open(ctx, path, postgres.WithUpgradeNotice(notice))
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && example {
		if err := createWithExample(ctx, path); err != nil {
			return nil, err
		}
	}
	return storage.Open(ctx, path, storage.WithUpgradeNotice(notice))
}

// withExistingBackend is withBackend on a database that exists, opened
// for reading only: for shell completion, which must never create one.
func (a *app) withExistingBackend(ctx context.Context, f func(b *backend.Backend) error) error {
	path, err := a.dbPath()
	if err != nil {
		return err
	}
	var st store
	if postgres.IsDSN(path) {
		st, err = postgres.Open(ctx, path)
	} else {
		st, err = storage.Open(ctx, path, storage.WithReadOnly())
	}
	if err != nil {
		return err
	}
	defer st.Close()
	return f(backend.New(st))
}

// withBackend opens the database for a command, hands the application
// layer on it to f, and closes the database afterwards. The default
// database gets the example study when a command creates it, as when peil
// itself does: a newcomer who types peil study list first should not end
// up with an empty database that never shows the example.
func (a *app) withBackend(ctx context.Context, f func(b *backend.Backend) error) error {
	return a.withStore(ctx, a.usesDefaultDB(), f)
}

// withStudy is withBackend for a command about one study: the study
// with the given code (or the database's only study when code is "").
func (a *app) withStudy(ctx context.Context, code string, f func(b *backend.Backend, s survey.Study) error) error {
	return a.withBackend(ctx, func(b *backend.Backend) error {
		s, err := b.FindStudy(ctx, code)
		if err != nil {
			return err
		}
		return f(b, s)
	})
}

// withStore opens the database (with the example study when example is
// set and the database is new), hands the application layer on it to f,
// and closes the database afterwards.
func (a *app) withStore(ctx context.Context, example bool, f func(b *backend.Backend) error) error {
	st, err := a.openStore(ctx, example)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(backend.New(st))
}

func createWithExample(ctx context.Context, path string) (err error) {
	tmp := path + ".new"
	removeTmp := func() error {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("removing a leftover of an interrupted first run: %w", err)
			}
		}
		return nil
	}
	if err := removeTmp(); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = removeTmp()
		}
	}()
	st, err := storage.Open(ctx, tmp)
	if err != nil {
		return err
	}
	var insts []*survey.Instrument
	for _, id := range []string{"cultuursurvey", "leerkracht-onderzoeker", "collega"} {
		inst, err := instruments.Builtin(id)
		if err != nil {
			st.Close()
			return err
		}
		insts = append(insts, inst)
	}
	if _, err := demo.ExampleStudy(ctx, st, insts...); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("closing the new database: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("putting the new database in place: %w", err)
	}
	return nil
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print peil's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(a.stdout, "peil %s\n", buildVersion())
			return nil
		},
	}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := info.Main.Version
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+changes"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return fmt.Sprintf("%s (%s%s, %s)", v, rev, dirty, info.GoVersion)
	}
	return fmt.Sprintf("%s (%s)", v, info.GoVersion)
}
