package survey

// Lang is a language code for respondent-facing text.
type Lang string

// The languages peil speaks. Dutch is the default and is required for every
// respondent-facing text; English is optional.
const (
	Dutch   Lang = "nl"
	English Lang = "en"
)

// Text is a respondent-facing text in one or more languages.
type Text map[Lang]string

// Get returns the text in lang, falling back to Dutch and then to any
// language that has a text.
func (t Text) Get(lang Lang) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s, ok := t[Dutch]; ok && s != "" {
		return s
	}
	for _, s := range t {
		if s != "" {
			return s
		}
	}
	return ""
}

// Empty reports whether t has no text in any language.
func (t Text) Empty() bool { return t.Get(Dutch) == "" }
