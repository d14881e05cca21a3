package export

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"time"

	"peil/survey"
)

// An export is pseudonymous unless asked otherwise: respondent codes and
// response ids become keyed pseudonyms and times become dates. This file
// holds those choices: the key, the pseudonyms, the dates and what the
// codebook and the variable labels say about them.

// keySetting names the setting that holds a study's pseudonym key.
func keySetting(studyID string) string { return "export.pseudonym_key." + studyID }

// keySize is the length of a study's pseudonym key in bytes.
const keySize = 32

// StudyKey returns the pseudonym key of study studyID, kept in st as a
// setting. The first call makes it, from rnd (crypto/rand when nil); later
// calls return the same key, so pseudonyms stay the same from export to
// export of the study from this database.
func StudyKey(ctx context.Context, st survey.SettingStore, studyID string, rnd io.Reader) ([]byte, error) {
	name := keySetting(studyID)
	v, ok, err := st.Setting(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("reading the study's pseudonym key: %w", err)
	}
	if !ok || v == "" {
		key, err := newKey(rnd)
		if err != nil {
			return nil, fmt.Errorf("making the study's pseudonym key: %w", err)
		}
		if err := st.SetSetting(ctx, name, hex.EncodeToString(key)); err != nil {
			return nil, fmt.Errorf("saving the study's pseudonym key (the first pseudonymous export of a study keeps its key in the database, which must be writable): %w", err)
		}
		// Read it back: of two first exports at once, the key saved
		// last is the one every later export uses.
		if v, _, err = st.Setting(ctx, name); err != nil {
			return nil, fmt.Errorf("reading the study's pseudonym key: %w", err)
		}
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) != keySize {
		return nil, fmt.Errorf("the study's pseudonym key (setting %s) is damaged: it should be %d hex digits; pseudonyms made with another key would not link to earlier exports", name, 2*keySize)
	}
	return key, nil
}

// newKey reads a pseudonym key from rnd (crypto/rand when nil).
func newKey(rnd io.Reader) ([]byte, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	key := make([]byte, keySize)
	if _, err := io.ReadFull(rnd, key); err != nil {
		return nil, err
	}
	return key, nil
}

// pseudonymizer replaces codes by truncated HMAC-SHA256 hashes under the
// study's key, or under a random key made for one export. It is for one
// goroutine: it keeps one keyed HMAC and reuses it for every pseudonym
// (an export makes two a response).
type pseudonymizer struct {
	key []byte
	// keyed says the key is the study's: pseudonyms hold across exports.
	keyed bool
	mac   hash.Hash // HMAC-SHA256 under key, made by the first hash
	in    []byte    // domain, 0, text: the message, reused
	sum   []byte    // the MAC, reused
}

// newPseudonymizer returns the pseudonymizer opt asks for: nil when the
// export identifies.
func newPseudonymizer(opt Options) (*pseudonymizer, error) {
	if opt.Identify {
		return nil, nil
	}
	if len(opt.PseudonymKey) > 0 {
		return &pseudonymizer{key: opt.PseudonymKey, keyed: true}, nil
	}
	key, err := newKey(opt.Rand)
	if err != nil {
		return nil, fmt.Errorf("making a key for the pseudonyms: %w", err)
	}
	return &pseudonymizer{key: key}, nil
}

// hash returns the pseudonym of s in a domain (respondent, response): 16
// hex digits, 64 bits.
func (p *pseudonymizer) hash(domain, s string) string {
	if s == "" {
		return ""
	}
	if p.mac == nil {
		p.mac = hmac.New(sha256.New, p.key)
	}
	p.mac.Reset()
	p.in = append(append(append(p.in[:0], domain...), 0), s...)
	p.mac.Write(p.in)
	p.sum = p.mac.Sum(p.sum[:0])
	return hex.EncodeToString(p.sum[:8])
}

// day returns the date of t as the clock in the school showed it, at
// midnight UTC (see wall).
func day(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// privacyTexts are the labels of pseudonymous columns.
var privacyTexts = map[string]survey.Text{
	"response_keyed":   {survey.Dutch: "Respons-id (pseudoniem)", survey.English: "Response id (pseudonym)"},
	"respondent_keyed": {survey.Dutch: "Respondent (pseudoniem, hetzelfde in elke export van het onderzoek)", survey.English: "Respondent (pseudonym, the same in every export of the study)"},
	"response_file":    {survey.Dutch: "Respons-id (pseudoniem, alleen binnen dit bestand)", survey.English: "Response id (pseudonym, within this file only)"},
	"respondent_file":  {survey.Dutch: "Respondent (pseudoniem, alleen binnen dit bestand)", survey.English: "Respondent (pseudonym, within this file only)"},
	"started_date":     {survey.Dutch: "Begonnen op (datum)", survey.English: "Started on (date)"},
	"finished_date":    {survey.Dutch: "Afgerond op (datum)", survey.English: "Finished on (date)"},
}

// idLabels returns the labels of the response id and respondent columns.
func idLabels(lang survey.Lang, pseudo *pseudonymizer, response, respondent string) (string, string) {
	switch {
	case pseudo == nil:
		return response, respondent
	case pseudo.keyed:
		return privacyTexts["response_keyed"].Get(lang), privacyTexts["respondent_keyed"].Get(lang)
	}
	return privacyTexts["response_file"].Get(lang), privacyTexts["respondent_file"].Get(lang)
}

// timeLabel returns the label of the started or finished column.
func (p *plan) timeLabel(which string) string {
	if p.exactTimes {
		return p.t(which)
	}
	return privacyTexts[which+"_date"].Get(p.lang)
}

// privacyNotes are the codebook's lines on what the export identifies.
func privacyNotes(pseudo *pseudonymizer, exactTimes bool) []string {
	var out []string
	switch {
	case pseudo == nil:
		out = append(out, "Respondent codes and response ids are the codes as collected (--identify): with the code slips, a row names a person.")
	case pseudo.keyed:
		out = append(out, "Respondent codes and response ids are pseudonyms (HMAC-SHA256 under the study's export key, kept in its database): a respondent has the same pseudonym in every export of this study from that database, so rounds exported apart still link. Without the key no pseudonym can be traced back to a code.")
	default:
		out = append(out, "Respondent codes and response ids are pseudonyms (HMAC-SHA256 with a key made for this export and then forgotten): they link rows within this file only.")
	}
	if exactTimes {
		out = append(out, "Started and finished are to the second (--exact-times).")
	} else {
		out = append(out, "Started and finished hold only their date: the time of day is left out, as it can tell who answered when (--exact-times writes it).")
	}
	return out
}
