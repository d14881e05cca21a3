package backend

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"peil/export"
	"peil/survey"
)

// Export writes study s's responses as opt says to w.
func (b *Backend) Export(ctx context.Context, s survey.Study, opt export.Options, w io.Writer) (export.Summary, error) {
	es := export.Study{Study: s}
	var err error
	if !opt.Identify {
		if opt.PseudonymKey, err = export.StudyKey(ctx, b.store, s.ID, nil); err != nil {
			return export.Summary{}, err
		}
	}
	if es.Workplaces, err = b.store.Workplaces(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	if es.Schools, err = b.store.Schools(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	if es.Rounds, err = b.store.Rounds(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	insts, err := b.studyInstruments(ctx, es.Rounds)
	if err != nil {
		return export.Summary{}, err
	}
	return export.Export(ctx, w, b.store, es, insts, opt)
}

// ExportTo writes study s's responses as opt says to the file out, through
// WriteFile: an interrupted export leaves no half-written file.
func (b *Backend) ExportTo(ctx context.Context, s survey.Study, opt export.Options, out string) (export.Summary, error) {
	var sum export.Summary
	err := WriteFile(out, "export", func(w io.Writer) error {
		var err error
		sum, err = b.Export(ctx, s, opt, w)
		return err
	})
	return sum, err
}

// ExportInstruments returns the instruments that study s's rounds use (of
// roundIDs only, when given), in round order: an export holds one
// instrument's items, so a study with several has one export each.
func (b *Backend) ExportInstruments(ctx context.Context, s survey.Study, roundIDs []string) ([]string, error) {
	rounds, err := b.store.Rounds(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range rounds {
		if len(roundIDs) > 0 && !slices.Contains(roundIDs, r.ID) {
			continue
		}
		if !slices.Contains(ids, r.InstrumentID) {
			ids = append(ids, r.InstrumentID)
		}
	}
	return ids, nil
}

// FileFor returns the file name of one instrument's export when a study
// with several is exported to out: the instrument's id before the
// extension ("monitor.sav" → "monitor-cultuursurvey.sav").
func FileFor(out, instrumentID string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "-" + instrumentID + ext
}

// ExportRequest is what a researcher chose on the export screen.
type ExportRequest struct {
	StudyID string
	// Format is sav, dta, csv, xlsx or codebook.
	Format       string
	InstrumentID string
	// RoundID restricts the export to one round; "" exports every round
	// of the instrument.
	RoundID string
	Out     string
	// Pseudonymize writes pseudonyms instead of the codes as collected
	// (export.Options.Identify); the screen's default is yes.
	Pseudonymize bool
	ExcelNL      bool
	// Lang is the language of the labels and of the returned summary.
	Lang survey.Lang
}

// ExportFile writes the export the screen asked for, reporting progress as
// responses are written, and returns a one-line summary in req.Lang.
func (b *Backend) ExportFile(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
	s, err := b.store.Study(ctx, req.StudyID)
	if err != nil {
		return "", err
	}
	opt := export.Options{
		Format:       export.Format(req.Format),
		InstrumentID: req.InstrumentID,
		Lang:         req.Lang,
		Identify:     !req.Pseudonymize,
		ExcelNL:      req.ExcelNL,
		Progress:     progress,
	}
	if req.RoundID != "" {
		opt.RoundIDs = []string{req.RoundID}
	}
	sum, err := b.ExportTo(ctx, s, opt, req.Out)
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(req.Out)
	if req.Lang == survey.English {
		return fmt.Sprintf("%d responses (%d rows, %d variables) in %s", sum.Responses, sum.Rows, sum.Variables, abs), nil
	}
	return fmt.Sprintf("%d antwoordsets (%d rijen, %d variabelen) in %s", sum.Responses, sum.Rows, sum.Variables, abs), nil
}
