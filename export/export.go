package export

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"peil/survey"
)

// Study is the structure of the study whose responses are exported: the
// study, its workplaces, schools and rounds, in the store's order (codes
// in the export are positions in these lists, from 1).
type Study struct {
	Study      survey.Study
	Workplaces []survey.Workplace
	Schools    []survey.School
	Rounds     []survey.Round
}

// Format is an export file format.
type Format string

// The formats Export writes.
const (
	SAV      Format = "sav"      // SPSS system file
	DTA      Format = "dta"      // Stata 14+ dataset (format 118)
	CSV      Format = "csv"      // comma-separated values
	XLSX     Format = "xlsx"     // Excel workbook: data and codebook sheets
	Codebook Format = "codebook" // Markdown codebook
)

// Formats lists every format.
var Formats = []Format{SAV, DTA, CSV, XLSX, Codebook}

// Options choose what to export and how.
type Options struct {
	Format Format
	// RoundIDs, WorkplaceIDs restrict the export; empty means all.
	RoundIDs     []string
	WorkplaceIDs []string
	// InstrumentID picks the instrument when the rounds use several.
	InstrumentID string
	// Long writes one row per answer instead of one per response.
	Long bool
	// Lang is the language of labels; empty means Dutch.
	Lang survey.Lang
	// Identify writes the respondent codes and response ids as they were
	// collected. By default they are replaced by keyed pseudonyms (see
	// PseudonymKey).
	Identify bool
	// ExactTimes writes when a response was started and finished to the
	// second. By default only the date is written: the time of day can
	// tell who sat at the kiosk when.
	ExactTimes bool
	// PseudonymKey is the study's secret for pseudonyms (see StudyKey):
	// a pseudonym is HMAC-SHA256 under it, so a respondent has the same
	// pseudonym in every export made with the key, and rounds exported
	// apart still link. Without a key, a random one is made for this
	// export only (from Rand) and forgotten.
	PseudonymKey []byte
	// IncludeText exports open-text answers (left out by default: they
	// may name people).
	IncludeText bool
	// ExcelNL writes CSV for Dutch Excel: semicolons, decimal commas, a
	// UTF-8 byte order mark.
	ExcelNL bool
	// Compress turns on .sav compression.
	Compress bool
	// Progress, when set, is called with the responses written so far and
	// the total.
	Progress func(done, total int)
	// Rand is the source of the key made when PseudonymKey is empty; nil
	// means crypto/rand.
	Rand io.Reader
	// Now is the export time written in file headers and the codebook;
	// nil means time.Now.
	Now func() time.Time
}

// Summary tells what was exported.
type Summary struct {
	Responses int
	Rows      int
	Variables int
}

// stats is what the first pass learns.
type stats struct {
	responses int
	// rows counts the answers (each chosen option of a multiple choice
	// answer apart); only when answered is set.
	rows     int
	widths   map[kind]int
	text     map[string]int // longest text per item, bytes
	roles    map[string]bool
	versions map[int]bool
	// answered says the first pass read the answers: rows, text and
	// widths[kLongText] are measured. Without, they are zero.
	answered bool
	// whole says the format needs no string widths (CSV): strings are
	// written whole, never cut to a measured width.
	whole bool
}

// textWidth returns the width of an open-text column: the longest text
// of item (any item when item is ""), at least 1.
func (s *stats) textWidth(item string) int {
	if s.whole {
		return math.MaxInt32
	}
	if item == "" {
		return max(1, s.widths[kLongText])
	}
	return max(1, s.text[item])
}

// needAnswers reports whether the first pass must read the answers, which
// costs most of a scan. Responses alone give the count, roles, versions
// and the widths of ids and respondent codes; the item-id width of long
// data comes from the instruments. The answers are needed only for the
// width of open text in formats that declare string widths before the
// data (sav, dta; xlsx and the codebook list them), and for the number of
// rows of a long codebook. (A codebook of an instrument with scales reads
// them anyway, for the scales' alpha: see reliability.) A .dta header's
// number of observations is patched at the end when the output is a file
// (see dta.Writer.Close).
func needAnswers(opt Options, instruments []*survey.Instrument, instID string) bool {
	if opt.Format == Codebook && opt.Long {
		return true
	}
	if !opt.IncludeText || opt.Format == CSV {
		return false
	}
	for _, in := range instruments {
		if in == nil || in.ID != instID {
			continue
		}
		for _, it := range in.Items() {
			if it.Type == survey.OpenText {
				return true
			}
		}
	}
	return false
}

// patchable reports whether out can be corrected after the data is
// written, as sav.Writer and dta.Writer do with the number of rows.
func patchable(out io.Writer) bool {
	if _, ok := out.(io.WriterAt); !ok {
		return false
	}
	s, ok := out.(io.Seeker)
	if !ok {
		return false
	}
	_, err := s.Seek(0, io.SeekCurrent)
	return err == nil
}

// Export writes the responses of st's selected rounds to out in the chosen
// format. instruments must hold every version (id and version) the
// rounds and responses use. src is read twice (see the package
// documentation): a first pass over the responses, without their answers
// unless the format needs them measured, and a second that writes.
func Export(ctx context.Context, out io.Writer, src survey.ResponseScanner, st Study, instruments []*survey.Instrument, opt Options) (Summary, error) {
	if !slices.Contains(Formats, opt.Format) {
		return Summary{}, fmt.Errorf("unknown export format %q: use one of sav, dta, csv, xlsx, codebook", opt.Format)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Lang == "" {
		opt.Lang = survey.Dutch
	}
	rounds, instID, err := selectRounds(st, opt)
	if err != nil {
		return Summary{}, err
	}
	filter := survey.ResponseFilter{StudyID: st.Study.ID, WorkplaceIDs: opt.WorkplaceIDs, InstrumentID: instID}
	for _, r := range rounds {
		filter.RoundIDs = append(filter.RoundIDs, r.ID)
	}

	// Pass 1: count, measure, collect roles and versions.
	s := &stats{widths: map[kind]int{}, text: map[string]int{}, roles: map[string]bool{}, versions: map[int]bool{},
		answered: needAnswers(opt, instruments, instID), whole: opt.Format == CSV}
	for _, r := range rounds {
		s.versions[r.InstrumentVersion] = true
	}
	pseudo, err := newPseudonymizer(opt)
	if err != nil {
		return Summary{}, err
	}
	// The codebook gives each scale's alpha per round, from the answers.
	var rel *reliability
	if opt.Format == Codebook {
		rel = newReliability(rounds, instruments)
	}
	if err := s.firstPass(ctx, src, filter, opt, pseudo, rel); err != nil {
		return Summary{}, fmt.Errorf("reading the responses: %w", err)
	}
	var versions []*survey.Instrument
	for v := range s.versions {
		in := findInstrument(instruments, instID, v)
		if in == nil {
			return Summary{}, fmt.Errorf("instrument %s version %d is used by the data but was not given to the export", instID, v)
		}
		versions = append(versions, in)
	}
	slices.SortFunc(versions, func(a, b *survey.Instrument) int { return b.Version - a.Version })
	p, err := newPlan(st, rounds, versions, s, opt, pseudo)
	if err != nil {
		return Summary{}, err
	}
	p.reliability = rel
	sum := Summary{Responses: s.responses, Rows: s.responses, Variables: len(p.cols)}
	if p.long {
		sum.Rows = s.rows
	}
	if opt.Format == Codebook {
		if err := writeCodebook(out, p, sum, opt); err != nil {
			return sum, err
		}
		if opt.Progress != nil {
			opt.Progress(s.responses, s.responses)
		}
		return sum, nil
	}
	rm := newRowMaker(p)
	// A .dta header announces the number of rows. Into a file it is
	// corrected at the end; a stream needs it exact beforehand, which for
	// long data takes a pass that makes the rows without writing them.
	n := int64(sum.Rows)
	// So does an .xlsx sheet's dimension, which readers such as openpyxl
	// (and so pyxform and pandas) trust.
	if (opt.Format == DTA && !patchable(out) || opt.Format == XLSX) && p.long {
		n = 0
		if err := src.ScanResponses(ctx, filter, func(rec survey.ResponseRecord) error {
			return rm.rows(rec, func([]cell) error { n++; return nil })
		}); err != nil {
			return sum, fmt.Errorf("counting the rows: %w", err)
		}
	}

	sk, err := newSink(out, p, n, opt)
	if err != nil {
		return sum, err
	}
	done, rows := 0, 0
	emit := func(c []cell) error { rows++; return sk.row(c) }
	err = prefetch(ctx, src, filter, func(rec survey.ResponseRecord) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rm.rows(rec, emit); err != nil {
			return err
		}
		done++
		if opt.Progress != nil && (done%256 == 0 || done == s.responses) {
			opt.Progress(done, max(done, s.responses))
		}
		return nil
	})
	if err != nil {
		sk.abort()
		return sum, fmt.Errorf("exporting the responses: %w", err)
	}
	if opt.Progress != nil && done == 0 {
		opt.Progress(0, 0)
	}
	sum.Responses, sum.Rows = done, rows
	if err := sk.close(); err != nil {
		return sum, err
	}
	return sum, nil
}

// selectRounds picks the rounds to export and their instrument.
func selectRounds(st Study, opt Options) ([]survey.Round, string, error) {
	var rounds []survey.Round
	for _, r := range st.Rounds {
		if len(opt.RoundIDs) > 0 && !slices.Contains(opt.RoundIDs, r.ID) {
			continue
		}
		if opt.InstrumentID != "" && r.InstrumentID != opt.InstrumentID {
			continue
		}
		rounds = append(rounds, r)
	}
	for _, id := range opt.RoundIDs {
		if !slices.ContainsFunc(st.Rounds, func(r survey.Round) bool { return r.ID == id }) {
			return nil, "", fmt.Errorf("study %s has no round with id %s", st.Study.Code, id)
		}
	}
	if len(rounds) == 0 {
		if opt.InstrumentID != "" {
			return nil, "", fmt.Errorf("no round of study %s uses instrument %s", st.Study.Code, opt.InstrumentID)
		}
		return nil, "", fmt.Errorf("study %s has no rounds to export yet", st.Study.Code)
	}
	var ids []string
	for _, r := range rounds {
		if !slices.Contains(ids, r.InstrumentID) {
			ids = append(ids, r.InstrumentID)
		}
	}
	if len(ids) > 1 {
		return nil, "", fmt.Errorf("the rounds use %d instruments (%s); export one at a time with --instrument", len(ids), strings.Join(ids, ", "))
	}
	return rounds, ids[0], nil
}

func findInstrument(ins []*survey.Instrument, id string, version int) *survey.Instrument {
	for _, in := range ins {
		if in != nil && in.ID == id && in.Version == version {
			return in
		}
	}
	return nil
}

// firstPass fills s from the responses f selects. Without the answers to
// read, a scanner that can summarize (a database) answers in one query
// what a scan of every response would learn; otherwise every response is
// read, without its answers when they are not needed.
func (s *stats) firstPass(ctx context.Context, src survey.ResponseScanner, f survey.ResponseFilter, opt Options, pseudo *pseudonymizer, rel *reliability) error {
	if sm, ok := src.(survey.ResponseSummarizer); ok && !s.answered && rel == nil {
		sum, err := sm.SummarizeResponses(ctx, f)
		if err != nil {
			return err
		}
		s.responses = sum.Responses
		for _, v := range sum.Versions {
			s.versions[v] = true
		}
		for _, r := range sum.Roles {
			if r != "" {
				s.roles[r] = true
			}
		}
		idLen, codeLen := sum.MaxIDLen, sum.MaxCodeLen
		if pseudo != nil && sum.Responses > 0 {
			// Pseudonyms have one length (ids and codes are never empty).
			idLen, codeLen = len(pseudo.hash("response", "x")), len(pseudo.hash("respondent", "x"))
		}
		s.widths[kResponseID], s.widths[kRespondent] = idLen, codeLen
		return nil
	}
	first := f
	first.WithoutAnswers = !s.answered && rel == nil
	return src.ScanResponses(ctx, first, func(rec survey.ResponseRecord) error {
		s.observe(rec, opt, pseudo)
		if rel != nil {
			rel.add(rec)
		}
		return nil
	})
}

// observe takes in one response in the first pass.
func (s *stats) observe(rec survey.ResponseRecord, opt Options, pseudo *pseudonymizer) {
	r := rec.Response
	s.responses++
	s.versions[r.InstrumentVersion] = true
	if r.Role != "" {
		s.roles[r.Role] = true
	}
	id, code := r.ID, r.RespondentCode
	if pseudo != nil {
		id, code = pseudo.hash("response", id), pseudo.hash("respondent", code)
	}
	s.widths[kResponseID] = max(s.widths[kResponseID], len(id))
	s.widths[kRespondent] = max(s.widths[kRespondent], len(code))
	if !s.answered {
		return
	}
	for _, a := range rec.Answers {
		if a.Value.Text != "" {
			if !opt.IncludeText {
				continue
			}
			s.text[a.ItemID] = max(s.text[a.ItemID], len(a.Value.Text))
			s.widths[kLongText] = max(s.widths[kLongText], len(a.Value.Text))
		}
		if n := len(a.Value.Choices); n > 0 {
			s.rows += n
		} else {
			s.rows++
		}
	}
}
