package survey

import "fmt"

// ItemType is the kind of question an item asks.
type ItemType string

// The item types an instrument can use.
const (
	// Likert is a 5-point agreement statement (1 = strongly disagree ...
	// 5 = strongly agree), optionally with a "don't know" option.
	Likert ItemType = "likert"
	// SingleChoice asks for exactly one of a list of options.
	SingleChoice ItemType = "single"
	// MultipleChoice asks for any number of a list of options.
	MultipleChoice ItemType = "multiple"
	// Integer asks for a whole number between Min and Max.
	Integer ItemType = "integer"
	// Decimal asks for a number that may have a fraction, between
	// DecimalMin and DecimalMax when they are set. The answer is kept in
	// Value.Text in the form CanonicalDecimal gives ("3.25").
	Decimal ItemType = "decimal"
	// Grade asks for a Dutch school grade, a whole number from 1 to 10.
	Grade ItemType = "grade"
	// Date asks for a calendar date. The answer is kept in Value.Text as
	// year-month-day ("2026-03-01"), see ParseDate.
	Date ItemType = "date"
	// Time asks for a time of day. The answer is kept in Value.Text as
	// 24-hour hours:minutes ("09:30"), see ParseTime.
	Time ItemType = "time"
	// OpenText asks for free text.
	OpenText ItemType = "text"
	// Note shows text and asks nothing.
	Note ItemType = "note"
)

// ItemTypes lists every item type, in the order documentation shows them.
var ItemTypes = []ItemType{Likert, SingleChoice, MultipleChoice, Integer, Decimal, Grade, Date, Time, OpenText, Note}

// Valid reports whether t is one of the known item types.
func (t ItemType) Valid() bool {
	for _, k := range ItemTypes {
		if t == k {
			return true
		}
	}
	return false
}

// Answerable reports whether items of this type take an answer.
func (t ItemType) Answerable() bool { return t != Note }

// Grade bounds: the Dutch 1-10 scale.
const (
	GradeMin = 1
	GradeMax = 10
)

// LikertPoints is the number of points on an agreement item.
const LikertPoints = 5

// LikertLabels are the labels of the five agreement points, 1 to 5.
var LikertLabels = [LikertPoints]Text{
	{Dutch: "Helemaal mee oneens", English: "Strongly disagree"},
	{Dutch: "Mee oneens", English: "Disagree"},
	{Dutch: "Neutraal", English: "Neither agree nor disagree"},
	{Dutch: "Mee eens", English: "Agree"},
	{Dutch: "Helemaal mee eens", English: "Strongly agree"},
}

// DontKnowLabel is the label of the "don't know" option.
var DontKnowLabel = Text{Dutch: "Weet ik niet", English: "Don't know"}

// Option is one answer option of a single or multiple choice item.
type Option struct {
	// Code is the option's number, stable across versions; exports use it.
	Code int
	// Value is the option's name, used in conditions (q1 = 'yes') and as
	// the role code when the item sets the respondent's role.
	Value string
	// Label is what the respondent reads.
	Label Text
	// Attrs are further columns of the option that choice filters test
	// (option.cf in Item.ChoiceFilter), such as the region a town lies
	// in. Left out of JSON when empty, so that instruments without them
	// encode (and hash) as before.
	Attrs map[string]string `json:",omitempty"`
}

// Item is one question (or note) of an instrument.
type Item struct {
	// ID is unique within the instrument and stable across its versions.
	ID string
	// OriginalName is the name the item had in the form it was imported
	// from, when that name is not a valid id (XLSForm's first-name became
	// the id first_name, see IDFromName); empty otherwise. Exports of the
	// form write it back; data exports name the variable by ID. It is left
	// out of JSON when empty, so that instruments saved before it existed
	// encode (and hash) as they did.
	OriginalName string `json:",omitempty"`
	Type         ItemType
	// Text is the question or statement.
	Text Text
	// Help is an optional explanation shown under the question.
	Help Text
	// Options of a single or multiple choice item.
	Options []Option
	// DontKnow offers "don't know" on a Likert item.
	DontKnow bool
	// Min and Max bound an Integer item (inclusive), except where NoMin
	// or NoMax says the item has no lower or upper bound.
	Min, Max int
	// NoMin, NoMax, DecimalMin and DecimalMax are left out of JSON when
	// unset, so that an instrument saved before they existed encodes (and
	// hashes, see storage.SaveInstrument) exactly as it did.
	NoMin bool `json:",omitempty"`
	NoMax bool `json:",omitempty"`
	// DecimalMin and DecimalMax, when not nil, bound a Decimal item
	// (inclusive).
	DecimalMin *float64 `json:",omitempty"`
	DecimalMax *float64 `json:",omitempty"`
	// Required items must be answered before the respondent can go on.
	Required bool
	// SetsRole marks the single choice item whose option value is the
	// respondent's role (conditions refer to it as role).
	SetsRole bool
	// ShowIf, when not nil, hides the item unless it holds.
	ShowIf *Condition
	// ChoiceFilter, when not nil, offers only the options of a choice
	// item it holds for (see Session.Options); it may test the option's
	// columns (option.value, option.cf) and earlier answers. An item whose
	// filter leaves no option is hidden.
	ChoiceFilter *Condition `json:",omitempty"`
}

// Option returns the option with the given code.
func (it *Item) Option(code int) (Option, bool) {
	for _, o := range it.Options {
		if o.Code == code {
			return o, true
		}
	}
	return Option{}, false
}

// OptionByValue returns the option with the given value (name).
func (it *Item) OptionByValue(value string) (Option, bool) {
	for _, o := range it.Options {
		if o.Value == value {
			return o, true
		}
	}
	return Option{}, false
}

// Unbounded is the largest whole number an Integer item without an upper
// bound accepts (and minus it, without a lower bound): nine digits, so
// that every answer fits the integer types of SPSS, Stata and Excel.
const Unbounded = 999_999_999

// Bounds returns the inclusive range of a whole-number item: Likert 1-5,
// Grade 1-10, Integer Min-Max (minus or plus Unbounded for a side without
// a bound). ok is false for other types.
func (it *Item) Bounds() (lo, hi int, ok bool) {
	switch it.Type {
	case Likert:
		return 1, LikertPoints, true
	case Grade:
		return GradeMin, GradeMax, true
	case Integer:
		lo, hi = it.Min, it.Max
		if it.NoMin {
			lo = -Unbounded
		}
		if it.NoMax {
			hi = Unbounded
		}
		return lo, hi, true
	}
	return 0, 0, false
}

// DecimalBounds returns the inclusive range of a Decimal item, minus or
// plus Unbounded for a side without a bound.
func (it *Item) DecimalBounds() (lo, hi float64) {
	lo, hi = -Unbounded, Unbounded
	if it.DecimalMin != nil {
		lo = *it.DecimalMin
	}
	if it.DecimalMax != nil {
		hi = *it.DecimalMax
	}
	return lo, hi
}

// Section groups items under a title.
type Section struct {
	ID string
	// OriginalName is the name of the group the section was imported
	// from, when it differs from ID (see Item.OriginalName).
	OriginalName string `json:",omitempty"`
	Title        Text
	// Intro is optional text shown with the section's first item.
	Intro Text
	Items []Item
}

// Scale is a named set of items whose mean is a scale score.
type Scale struct {
	ID   string
	Name Text
	// Items are the ids of the scale's items, in order.
	Items []string
	// Reversed are the ids of reverse-worded items (a subset of Items);
	// their score x counts as 6-x.
	Reversed []string
	// MinAnswered is the share of items that must be answered for a
	// score (0 < MinAnswered <= 1); zero means the default, one half.
	MinAnswered float64
}

// DefaultMinAnswered is the share of a scale's items that must be answered
// for a scale score when a scale sets none.
const DefaultMinAnswered = 0.5

// IsReversed reports whether itemID is reverse-coded in the scale.
func (s Scale) IsReversed(itemID string) bool {
	for _, id := range s.Reversed {
		if id == itemID {
			return true
		}
	}
	return false
}

// Instrument is a questionnaire: sections of items, and scales over them.
type Instrument struct {
	// ID names the instrument (cultuursurvey, leerkracht-onderzoeker, ...).
	ID string
	// Version increases with every change to the instrument.
	Version     int
	Title       Text
	Description Text
	// Audience, when set, lists the respondent roles the instrument is
	// for; a respondent of an instrument with one audience role gets that
	// role without being asked.
	Audience []string
	Sections []Section
	Scales   []Scale
}

// Languages returns the languages of the instrument's respondent-facing
// texts: those of its title and its questions, Dutch first. A respondent
// can switch languages only when there are two.
func (in *Instrument) Languages() []Lang {
	has := map[Lang]bool{}
	for _, l := range []Lang{Dutch, English} {
		has[l] = in.Title[l] != ""
	}
	for _, it := range in.Items() {
		for _, l := range []Lang{Dutch, English} {
			has[l] = has[l] || it.Text[l] != ""
		}
	}
	var out []Lang
	for _, l := range []Lang{Dutch, English} {
		if has[l] {
			out = append(out, l)
		}
	}
	return out
}

// MainLanguage is the language every text of the instrument has: Dutch,
// or English when the title is in English only.
func (in *Instrument) MainLanguage() Lang {
	if in.Title[Dutch] == "" && in.Title[English] != "" {
		return English
	}
	return Dutch
}

// Key identifies an instrument version, e.g. "cultuursurvey@2".
func (in *Instrument) Key() string { return fmt.Sprintf("%s@%d", in.ID, in.Version) }

// Items returns all items in order, across sections.
func (in *Instrument) Items() []*Item {
	var out []*Item
	for s := range in.Sections {
		for i := range in.Sections[s].Items {
			out = append(out, &in.Sections[s].Items[i])
		}
	}
	return out
}

// Item returns the item with the given id, or nil.
func (in *Instrument) Item(id string) *Item {
	for s := range in.Sections {
		for i := range in.Sections[s].Items {
			if in.Sections[s].Items[i].ID == id {
				return &in.Sections[s].Items[i]
			}
		}
	}
	return nil
}

// SectionOf returns the section that holds the item with the given id.
func (in *Instrument) SectionOf(id string) *Section {
	for s := range in.Sections {
		for i := range in.Sections[s].Items {
			if in.Sections[s].Items[i].ID == id {
				return &in.Sections[s]
			}
		}
	}
	return nil
}

// RoleItem returns the item that sets the respondent's role, or nil.
func (in *Instrument) RoleItem() *Item {
	for _, it := range in.Items() {
		if it.SetsRole {
			return it
		}
	}
	return nil
}

// Scale returns the scale with the given id.
func (in *Instrument) Scale(id string) (Scale, bool) {
	for _, s := range in.Scales {
		if s.ID == id {
			return s, true
		}
	}
	return Scale{}, false
}
