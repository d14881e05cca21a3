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
	"peil/survey"
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

// completeFrom completes a flag from the database: values returns the
// completions ("value\tdescription") of the study the command's --study
// names (or the only one).
func (a *app) completeFrom(values func(ctx context.Context, b *backend.Backend, s survey.Study) ([]string, error)) cobra.CompletionFunc {
	return func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		study, _ := c.Flags().GetString("study")
		var out []string
		err := a.withExistingBackend(c.Context(), func(b *backend.Backend) error {
			// Without a study (several, none named) the lists are empty.
			s, _ := b.FindStudy(c.Context(), study)
			var err error
			out, err = values(c.Context(), b, s)
			return err
		})
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// describe returns "value\tdescription" for each element of list.
func describe[T any](list []T, err error, pair func(T) (string, string)) ([]string, error) {
	out := make([]string, 0, len(list))
	for _, x := range list {
		v, d := pair(x)
		out = append(out, v+"\t"+d)
	}
	return out, err
}

// flagValues are the completions of the flags named study, round, school,
// workplace and instrument.
func (a *app) flagValues() map[string]cobra.CompletionFunc {
	return map[string]cobra.CompletionFunc{
		"study": a.completeFrom(func(ctx context.Context, b *backend.Backend, _ survey.Study) ([]string, error) {
			l, err := b.Store().Studies(ctx)
			return describe(l, err, func(s survey.Study) (string, string) { return s.Code, s.Title })
		}),
		"round": a.completeFrom(func(ctx context.Context, b *backend.Backend, s survey.Study) ([]string, error) {
			l, err := b.Store().Rounds(ctx, s.ID)
			return describe(l, err, func(r survey.Round) (string, string) { return r.Name, r.InstrumentID })
		}),
		"school": a.completeFrom(func(ctx context.Context, b *backend.Backend, s survey.Study) ([]string, error) {
			l, err := b.Store().Schools(ctx, s.ID)
			return describe(l, err, func(sc survey.School) (string, string) { return sc.Code, sc.Name })
		}),
		"workplace": a.completeFrom(func(ctx context.Context, b *backend.Backend, s survey.Study) ([]string, error) {
			l, err := b.Store().Workplaces(ctx, s.ID)
			return describe(l, err, func(w survey.Workplace) (string, string) { return w.Code, w.Name })
		}),
		"instrument": a.completeFrom(func(ctx context.Context, b *backend.Backend, _ survey.Study) ([]string, error) {
			l, err := b.Catalogue(ctx)
			return describe(l, err, func(in *survey.Instrument) (string, string) { return in.ID, in.Title.Get(survey.Dutch) })
		}),
	}
}

// exportFormatWords are the values of peil export --format.
func exportFormatWords() []string {
	out := make([]string, len(export.Formats))
	for i, f := range export.Formats {
		out[i] = string(f)
	}
	return out
}

// completing reports whether args ask cobra for shell completions (its
// hidden commands, which the completion scripts call). Only then does run
// register the completions of flag values: walking the tree for them
// took nearly half of the time between main and the command's start.
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// registerCompletions adds value completion to every flag of the tree
// named study, round, school, workplace or instrument (a flag's own
// completion wins).
func (a *app) registerCompletions(root *cobra.Command) {
	funcs := a.flagValues()
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
