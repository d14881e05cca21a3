package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/export"
)

// Exit codes: 1 when a command failed, 2 when it was used wrongly (an
// unknown command or flag, a missing argument), as is usual for commands.
const (
	exitFailed = 1
	exitUsage  = 2
)

// usageError is a command used wrongly; peil exits with exitUsage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode returns the exit code for a command's error.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		return exitUsage
	}
	// Cobra checks required flags itself, with a plain error.
	msg := err.Error()
	if strings.HasPrefix(msg, "required flag(s)") || strings.HasPrefix(msg, "if any flags in the group") {
		return exitUsage
	}
	return exitFailed
}

// conventions makes every command of the tree follow the same rules:
// argument and flag errors are usage errors, and a mistyped command gets
// suggestions.
func conventions(root *cobra.Command) {
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nsee: %s --help", err, c.CommandPath())}
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if args := c.Args; args != nil {
			c.Args = func(c *cobra.Command, a []string) error {
				err := args(c, a)
				var u usageError
				if err != nil && !errors.As(err, &u) {
					return usageError{fmt.Errorf("%w\nsee: %s --help", err, c.CommandPath())}
				}
				return err
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// noArgsOrSuggest is the root's Args: peil takes no arguments itself, so an
// argument is a mistyped command, for which it suggests the nearest ones.
func noArgsOrSuggest(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return usageError{fmt.Errorf("%s\nsee: peil --help", msg)}
}

// writeJSON prints v as indented JSON, for scripts.
func (a *app) writeJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Completion of flag values.

// completeWords completes a flag from a fixed list.
func completeWords(words ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// complete completes a flag from the database: list returns the values.
func (a *app) complete(list func(ctx context.Context, b *backend.Backend, study string) ([]string, error)) cobra.CompletionFunc {
	return func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		study, _ := c.Flags().GetString("study")
		var out []string
		err := a.withExistingBackend(c.Context(), func(b *backend.Backend) error {
			var err error
			out, err = list(c.Context(), b, study)
			return err
		})
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeStudies, completeRounds, completeSchools and completeWorkplaces
// list what the flags of those names take.
func (a *app) completeStudies() cobra.CompletionFunc {
	return a.complete(func(ctx context.Context, b *backend.Backend, _ string) ([]string, error) {
		studies, err := b.Store().Studies(ctx)
		var out []string
		for _, s := range studies {
			out = append(out, s.Code+"\t"+s.Title)
		}
		return out, err
	})
}

func (a *app) completeRounds() cobra.CompletionFunc {
	return a.complete(func(ctx context.Context, b *backend.Backend, study string) ([]string, error) {
		s, err := b.FindStudy(ctx, study)
		if err != nil {
			return nil, err
		}
		rounds, err := b.Store().Rounds(ctx, s.ID)
		var out []string
		for _, r := range rounds {
			out = append(out, r.Name+"\t"+r.InstrumentID)
		}
		return out, err
	})
}

func (a *app) completeSchools() cobra.CompletionFunc {
	return a.complete(func(ctx context.Context, b *backend.Backend, study string) ([]string, error) {
		s, err := b.FindStudy(ctx, study)
		if err != nil {
			return nil, err
		}
		schools, err := b.Store().Schools(ctx, s.ID)
		var out []string
		for _, sc := range schools {
			out = append(out, sc.Code+"\t"+sc.Name)
		}
		return out, err
	})
}

func (a *app) completeWorkplaces() cobra.CompletionFunc {
	return a.complete(func(ctx context.Context, b *backend.Backend, study string) ([]string, error) {
		s, err := b.FindStudy(ctx, study)
		if err != nil {
			return nil, err
		}
		wps, err := b.Store().Workplaces(ctx, s.ID)
		var out []string
		for _, w := range wps {
			out = append(out, w.Code+"\t"+w.Name)
		}
		return out, err
	})
}

// completeStudyInstruments lists the instruments the catalogue offers.
func (a *app) completeStudyInstruments() cobra.CompletionFunc {
	return a.complete(func(ctx context.Context, b *backend.Backend, _ string) ([]string, error) {
		cat, err := b.Catalogue(ctx)
		var out []string
		for _, in := range cat {
			out = append(out, in.ID+"\t"+in.Title.Get("nl"))
		}
		return out, err
	})
}

// exportFormatWords are the values of peil export --format.
func exportFormatWords() []string {
	out := make([]string, len(export.Formats))
	for i, f := range export.Formats {
		out[i] = string(f)
	}
	return out
}

// registerCompletions adds value completion to every flag of the tree
// named study, round, school, workplace or instrument (a flag's own
// completion wins).
func (a *app) registerCompletions(root *cobra.Command) {
	funcs := map[string]cobra.CompletionFunc{
		"study":      a.completeStudies(),
		"round":      a.completeRounds(),
		"school":     a.completeSchools(),
		"workplace":  a.completeWorkplaces(),
		"instrument": a.completeStudyInstruments(),
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, f := range funcs {
			if fl := c.LocalFlags().Lookup(name); fl != nil {
				if _, ok := c.GetFlagCompletionFunc(name); !ok {
					_ = c.RegisterFlagCompletionFunc(name, f)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
